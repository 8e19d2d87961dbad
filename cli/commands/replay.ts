import { setTimeout as sleep } from 'node:timers/promises';
import { CsvFormatError } from '../../domain/measurement-csv.js';
import { replayCsv } from '../../gateway/replay.js';
import { CliError } from '../cli-error.js';
import { fileErrorReason } from '../../ops/file-error.js';
import { GATEWAY_FLAGS, GATEWAY_FLAGS_USAGE, setUpGateway } from '../gateway-setup.js';
import { startGatewayOps } from '../gateway-ops.js';
import { OPS_FLAGS, OPS_FLAGS_USAGE, opsPortOption } from '../ops-flags.js';
import { integerOption, numberOption, parseCommandLine } from '../options.js';
import { loadCommandConfig } from '../service-runner.js';
import type { Command } from './command.js';

const USAGE = `usage: linewatch replay FILE.csv --config FILE --gateway ID [--rate N|max] [--wait SECONDS]

Replays a measurement CSV (ts,enterprise,line,characteristic,value) through a
gateway, with its disk outbox and end-to-end acknowledgements, then waits
until every batch is acknowledged as stored. Rows of other enterprises than
the gateway's are skipped and counted.

  --config FILE         the linewatch configuration (JSON)
${GATEWAY_FLAGS_USAGE}
${OPS_FLAGS_USAGE}
  --rate N|max          points per second (default max: as fast as the outbox takes them)
  --wait SECONDS        how long to wait for the last acknowledgements (default 60)
  --ack-timeout MS      resend a batch unacknowledged this long (default 10000)`;

export const replayCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandLine('replay', argv, { config: { type: 'string' }, rate: { type: 'string' }, wait: { type: 'string' }, 'ack-timeout': { type: 'string' }, ...GATEWAY_FLAGS, ...OPS_FLAGS });
    opsPortOption('replay', values);
    if (positionals.length !== 1) throw new CliError('LW_USAGE', `replay: expected one CSV file, got ${positionals.length}`);
    const rate = values.rate === undefined || values.rate === 'max' ? 0 : numberOption('replay', 'rate', values.rate)!;
    if (!(rate >= 0)) throw new CliError('LW_USAGE', `replay: --rate must be a positive number or 'max', got '${values.rate}'`);
    const waitSeconds = numberOption('replay', 'wait', values.wait) ?? 60;
    const config = await loadCommandConfig('replay', values.config);
    const ackTimeoutMs = integerOption('replay', 'ack-timeout', values['ack-timeout'], 100, 3_600_000);
    const gateway = await setUpGateway('replay', config, values, { ackTimeoutMs, catchUp: 'in-order' });
    gateway.start();
    const ops = await startGatewayOps('replay', values, gateway).catch(async (err) => {
      await gateway.stop(0);
      throw err;
    });
    let result;
    try {
      result = await replayCsv(positionals[0], gateway, { rate, enterprise: gateway.options.enterprise });
    } catch (err) {
      await ops?.close();
      await gateway.stop(0);
      if (err instanceof CsvFormatError) throw new CliError('LW_INPUT', `replay: ${positionals[0]}: ${err.message}`);
      if ((err as NodeJS.ErrnoException).code !== undefined) throw new CliError('LW_INPUT', `replay: cannot read ${positionals[0]}: ${fileErrorReason(err)}`);
      throw err;
    }
    const deadline = Date.now() + waitSeconds * 1000;
    while (gateway.stats().outbox.batches > 0 && Date.now() < deadline) await sleep(50);
    const s = gateway.stats();
    await ops?.close();
    await gateway.stop(0);
    const waiting = s.outbox.batches;
    process.stdout.write(
      `replayed ${result.accepted} of ${result.rows} rows` +
        (result.otherEnterprise > 0 ? ` (${result.otherEnterprise} of other enterprises skipped)` : '') +
        `; ${s.acknowledged} batches acknowledged, ${waiting} still in the outbox` +
        (s.refusedPoints > 0 ? `; ${s.refusedPoints} points refused by the outbox (not sent)` : '') +
        '\n',
    );
    // Unacknowledged batches are not lost (they stay in the outbox for the next run), but the replay is not done;
    // refused points are lost at the source, so the replay did not do its job either.
    return waiting === 0 && s.refusedPoints === 0 ? 0 : 3;
  },
};
