import { createInterface } from 'node:readline';
import { CliError } from '../cli-error.js';
import { GATEWAY_FLAGS, GATEWAY_FLAGS_USAGE, setUpGateway } from '../gateway-setup.js';
import { parseCommandLine } from '../options.js';
import { loadCommandConfig, runUntilSignal } from '../service-runner.js';
import type { Command } from './command.js';

const USAGE = `usage: linewatch gateway --config FILE --gateway ID --stdin

Runs a factory gateway: reads measurements from its source, keeps every batch
in a disk outbox until the analytics service acknowledges it as stored,
publishes over MQTT (QoS 1), reconnects with backoff. (To replay a CSV file,
use 'linewatch replay'.)

  --config FILE         the linewatch configuration (JSON)
${GATEWAY_FLAGS_USAGE}
  --stdin               read CSV lines line,characteristic,ts,value from standard input
                        (ts in ms or ISO 8601; one reading a line)`;

export const gatewayCommand: Command = {
  summary: 'run a factory gateway with its disk outbox (source: standard input)',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandLine('gateway', argv, { config: { type: 'string' }, stdin: { type: 'boolean' }, ...GATEWAY_FLAGS }, false);
    if (!values.stdin) throw new CliError('LW_USAGE', 'gateway: choose a source: --stdin (or use linewatch replay FILE.csv)');
    const config = await loadCommandConfig('gateway', values.config);
    const gateway = await setUpGateway('gateway', config, values);
    gateway.start();
    const reading = (async () => {
      const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
      for await (const text of lines) {
        if (text.trim() === '') continue;
        const [line = '', characteristic = '', ts = '', value = ''] = text.split(',');
        const ms = /^\d+$/.test(ts.trim()) ? Number(ts) : Date.parse(ts);
        const number = Number(value);
        await gateway.accept([{ line: line.trim(), characteristic: characteristic.trim(), ts: Number.isFinite(ms) ? ms : ts, value: value.trim() === '' ? null : Number.isFinite(number) ? number : value.trim() }]);
      }
      await gateway.flush();
    })();
    return runUntilSignal(async () => {
      await gateway.stop();
      void reading;
    });
  },
};
