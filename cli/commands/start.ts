import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FleetPlan } from '../../simulators/fleet-plan.js';
import { type EmbeddedStack, startEmbeddedStack } from '../../stack/embedded-stack.js';
import { demoPlanFromConfig } from '../../simulators/demo-from-config.js';
import { ConfigError } from '../../config/config-error.js';
import { DEMO_CREDENTIALS_FILE, type DemoCredentials, readDemoCredentials } from '../../config/demo-credentials.js';
import { CliError } from '../cli-error.js';
import { createLogger } from '../../ops/logger.js';
import { integerOption, parseCommandLine } from '../options.js';
import { loadCommandConfig, runUntilSignal } from '../service-runner.js';
import type { Command } from './command.js';

const DEMO_CONFIG = fileURLToPath(new URL('../../../config/demo.json', import.meta.url));

const USAGE = `usage: linewatch start [--config FILE] [--demo | --no-demo] [--http-port N] [--mqtt-port N]

Runs the whole stack in one process on the embedded defaults: the MQTT broker,
the embedded time-series store, the analytics service and the dashboard with
its HTTP API. With the demo (the default for the shipped demo configuration)
simulated gateways stream a cluster of cable makers: some in control, some
drifting, one cutting material, one with a flaky gateway.

  --config FILE    the linewatch configuration (default: config/demo.json)
  --demo           run the simulated fleet (default with the demo configuration)
  --no-demo        do not
  --http-port N    dashboard port (default: the configuration's, 8080)
  --mqtt-port N    broker port (default: the configuration's, 1883)`;

export const startCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandLine(
      'start',
      argv,
      {
        config: { type: 'string' },
        demo: { type: 'boolean' },
        'no-demo': { type: 'boolean' },
        'http-port': { type: 'string' },
        'mqtt-port': { type: 'string' },
      },
      false,
    );
    if (values.demo && values['no-demo']) throw new CliError('LW_USAGE', 'start: choose --demo or --no-demo, not both');
    const configFile = values.config ?? DEMO_CONFIG;
    const config = await loadCommandConfig('start', configFile);
    const demo = values.demo ?? (values['no-demo'] ? false : path.resolve(configFile) === DEMO_CONFIG);
    let demoPlan: FleetPlan | undefined;
    if (demo) demoPlan = demoPlanFromConfig(config, { startEpochMs: Date.now() }).plan;
    const httpPort = integerOption('start', 'http-port', values['http-port'], 0, 65535);
    const mqttPort = integerOption('start', 'mqtt-port', values['mqtt-port'], 0, 65535);

    // Read before the stack starts: a broken credentials file stops the command before anything runs.
    const logins = await demoLogins(configFile);

    let stack: EmbeddedStack;
    try {
      // A person watches this terminal: warnings only, unless LINEWATCH_LOG_LEVEL asks for more.
      const log = createLogger('stack', process.env.LINEWATCH_LOG_LEVEL ?? 'warn');
      stack = await startEmbeddedStack({ config, demoPlan, httpPort, mqttPort, log });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      const why = e.code === 'EADDRINUSE' ? `a port is already in use (${e.message.replace(/^.*EADDRINUSE:?\s*/, '')}); choose another with --http-port / --mqtt-port` : e.message;
      throw new CliError('LW_RUNTIME', `start: could not start: ${why}`);
    }
    process.stdout.write(
      [
        '',
        `linewatch is running: open ${stack.httpUrl}`,
        `  MQTT broker ${stack.mqttUrl}, store ${config.store.kind}${demo ? `, demo fleet of ${demoPlan?.enterprises.length} enterprises` : ''}`,
        ...(logins.length > 0 ? ['  demo logins (user / password):', ...logins.map((l) => `    ${l}`)] : []),
        '  Ctrl-C stops it.',
        '',
      ].join('\n'),
    );
    return runUntilSignal(() => stack.stop());
  },
};

/** The dashboard logins of a demo-credentials.json beside the configuration, if there is one (config/demo-credentials.ts). */
async function demoLogins(configFile: string): Promise<string[]> {
  const file = path.join(path.dirname(configFile), DEMO_CREDENTIALS_FILE);
  let credentials: DemoCredentials | null;
  try {
    credentials = await readDemoCredentials(file);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError('LW_CONFIG', `start: ${err.message}`);
    throw err;
  }
  if (!credentials) return [];
  const users = credentials.users;
  return users
    .slice(0, 4)
    .map((u) => `${u.id} / ${u.password}  (${u.role}${u.role === 'enterprise' && u.enterprise !== null ? ` ${u.enterprise}` : ''})`)
    .concat(users.length > 4 ? [`... ${users.length - 4} more enterprise users in ${file}`] : []);
}
