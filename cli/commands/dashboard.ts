import { dashboardFromConfig } from '../../dashboard/index.js';
import { CliError } from '../cli-error.js';
import { integerOption, parseCommandLine } from '../options.js';
import { loadCommandConfig, readSecret, runUntilSignal } from '../service-runner.js';
import { storeConfigOf } from '../store-config.js';
import type { Command } from './command.js';

const USAGE = `usage: linewatch dashboard --config FILE [--service ID] [--password-file FILE] [--mqtt URL] [--port N] [--host ADDRESS]

Runs the dashboard and its HTTP API on its own. It reads measurements from
the store the analytics service writes (InfluxDB: the embedded store can be
opened by one process only, so use 'linewatch start' for it), follows alerts
and the enterprises' risk summaries on the broker (restored from the store at
start), and sends acknowledgements and resolutions to the analytics service,
which owns them. The per-series risk breakdown lives only in the analytics
process, so this dashboard shows the ranked list without it. It prints the
URL and stops cleanly on SIGINT or SIGTERM.

  --config FILE         the linewatch configuration (JSON)
  --service ID          its MQTT user: a service with role 'dashboard' (default: the first)
  --password-file FILE  its broker password (or set LINEWATCH_MQTT_PASSWORD)
  --mqtt URL            broker URL (default: the configuration's)
  --port N              HTTP port (default: the configuration's http.port; 0 picks a free one)
  --host ADDRESS        HTTP address to bind (default: the configuration's http.host)

Without http.tokenSecret in the configuration a random secret is made at
start, so sessions end with the process.

Exit codes: 0 stopped by a signal, 2 bad usage or configuration, 1 could not start.`;

const OPTIONS = {
  config: { type: 'string' },
  service: { type: 'string' },
  'password-file': { type: 'string' },
  mqtt: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

export const dashboardCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandLine('dashboard', argv, OPTIONS, false);
    const port = integerOption('dashboard', 'port', values.port, 0, 65535);
    if (values.host !== undefined && values.host.trim() === '') throw new CliError('LW_USAGE', 'dashboard: --host must not be empty');
    const config = await loadCommandConfig('dashboard', values.config);
    const service = config.services.find((s) => s.role === 'dashboard' && (values.service === undefined || s.id === values.service));
    if (!service) throw new CliError('LW_USAGE', `dashboard: no service ${values.service ? `'${values.service}' ` : ''}with role 'dashboard' in ${config.source}`);
    if (config.store.kind === 'embedded') {
      // DuckDB lets one process open a database; the analytics service holds it.
      throw new CliError(
        'LW_CONFIG',
        `dashboard: ${config.source} uses the embedded store, which only one process can open, and the analytics service holds it. ` +
          'Run \'linewatch start\' to serve the dashboard in the same process, or configure an InfluxDB store (store.kind "influxdb") that both services share.',
      );
    }
    const password = await readSecret('dashboard', values['password-file'], 'LINEWATCH_MQTT_PASSWORD');
    // Checked here so a bad store section is a configuration error (exit 2), not a failed start.
    storeConfigOf('dashboard', config);
    const dashboard = dashboardFromConfig(config, {
      model: { kind: 'remote', serviceId: service.id, password, mqttUrl: values.mqtt },
      port,
      host: values.host,
    });
    try {
      await dashboard.start();
    } catch (err) {
      throw new CliError('LW_RUNTIME', `dashboard: could not start: ${whyNotStarted(err as NodeJS.ErrnoException)}`, 1);
    }
    process.stdout.write(`linewatch dashboard: listening on ${dashboard.url} (alerts over ${dashboard.mqttUrl} as '${service.id}', store ${config.store.kind}, register ${config.register.kind})\n`);
    return runUntilSignal(async () => {
      await dashboard.stop();
      process.stdout.write('linewatch dashboard: stopped\n');
    });
  },
};

/** One line a person can act on, never a stack trace. */
function whyNotStarted(err: NodeJS.ErrnoException): string {
  if (err.code === 'EADDRINUSE') return `the HTTP port is already in use (${err.message.replace(/^.*EADDRINUSE:?\s*/, '')}); choose another with --port`;
  // MQTT 3.1.1 refuses a subscription without a reason ("Unspecified error"): name the likely cause.
  if (/^Subscribe error/.test(err.message))
    return `the broker refused a subscription the dashboard needs (linewatch/v1/alerts/+, linewatch/v1/risk/+ or its own replies topic; check the broker's ACL): ${err.message}`;
  return err.message;
}
