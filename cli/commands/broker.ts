import { BrokerError, brokerFromConfig } from '../../broker/index.js';
import { OPS_FLAGS, OPS_FLAGS_USAGE, opsPortOption, startOpsFromFlags } from '../ops-flags.js';
import { CliError } from '../cli-error.js';
import { integerOption, parseCommandLine } from '../options.js';
import { loadCommandConfig, runUntilSignal } from '../service-runner.js';
import type { Command } from './command.js';

const USAGE = `usage: linewatch broker --config FILE [--port N] [--host ADDRESS]

Runs the linewatch MQTT broker on its own. Gateways and services log in with
the accounts of the configuration (its gateways and services); the ACL lets a
gateway publish only under its own enterprise and gateway id. It listens
where mqtt.listen says (mqtts when it names a TLS key and certificate), prints
the URL, and stops cleanly on SIGINT or SIGTERM. Refusals are logged as JSON
lines on stderr.

  --config FILE     the configuration (a demo ships as config/demo.json)
  --port N          listen on this port instead (0 picks a free one)
  --host ADDRESS    bind this address instead (0.0.0.0 for every interface)
${OPS_FLAGS_USAGE}

Exit codes: 0 stopped by a signal, 2 bad usage or configuration, 1 could not start.`;

const OPTIONS = {
  config: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  ...OPS_FLAGS,
} as const;

export const brokerCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandLine('broker', argv, OPTIONS, false);
    const port = integerOption('broker', 'port', values.port, 0, 65535);
    if (values.host !== undefined && values.host.trim() === '') throw new CliError('LW_USAGE', 'broker: --host must not be empty');
    opsPortOption('broker', values);
    const config = await loadCommandConfig('broker', values.config);
    const broker = brokerFromConfig(config, { port, host: values.host });
    let url: string;
    try {
      ({ url } = await broker.start());
    } catch (err) {
      if (err instanceof BrokerError) throw new CliError(err.code === 'LW_BROKER_TLS' ? 'LW_CONFIG' : 'LW_RUNTIME', `broker: ${err.message}`, err.code === 'LW_BROKER_TLS' ? 2 : 1);
      throw err;
    }
    const accounts = config.gateways.length + config.services.length;
    process.stdout.write(`linewatch broker: listening on ${url} (${config.gateways.length} gateways, ${config.services.length} services, ${accounts} accounts)\n`);
    // Ready while listening: from here until the signal that closes it.
    const ops = await startOpsFromFlags('broker', values, {
      health: () => ({ ok: true }),
      ready: () => broker.ready(),
      metrics: () => broker.metrics.render(),
    }).catch(async (err) => {
      await broker.stop();
      throw err;
    });
    return runUntilSignal(async () => {
      await ops?.close();
      await broker.stop();
      process.stdout.write('linewatch broker: stopped\n');
    });
  },
};
