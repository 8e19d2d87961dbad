import { setTimeout as sleep } from 'node:timers/promises';
import { CsvFormatError } from '../../domain/measurement-csv.js';
import { newReplayProgress, readCsvPoints, replayCsv, type GatewayService, type ReplayProgress } from '../../gateway/index.js';
import { replayShortfall, replaySummary, type ReplayEnd } from '../replay-summary.js';
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
the gateway's are skipped and counted. It always ends with a summary (read,
sent, acknowledged, held in the outbox, not read), and exits 3 with a one-line
reason when it stopped before everything was acknowledged.

  --config FILE         the linewatch configuration (JSON)
${GATEWAY_FLAGS_USAGE}
${OPS_FLAGS_USAGE}
  --rate N|max          points per second (default max: as fast as the outbox takes them)
  --wait SECONDS        the longest it waits: for the last acknowledgements once
                        every row is read, and held back by the outbox (full, or
                        its disk full) with nothing moving, before it stops, prints
                        its summary and exits 3 (default 60)
  --ack-timeout MS      resend a batch unacknowledged this long (default 10000)`;

export const replayCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values, positionals } = parseCommandLine('replay', argv, {
      config: { type: 'string' },
      rate: { type: 'string' },
      wait: { type: 'string' },
      'ack-timeout': { type: 'string' },
      ...GATEWAY_FLAGS,
      ...OPS_FLAGS,
    });
    opsPortOption('replay', values);
    if (positionals.length !== 1) throw new CliError('LW_USAGE', `replay: expected one CSV file, got ${positionals.length}`);
    const rate = values.rate === undefined || values.rate === 'max' ? 0 : numberOption('replay', 'rate', values.rate)!;
    if (!(rate >= 0)) throw new CliError('LW_USAGE', `replay: --rate must be a positive number or 'max', got '${values.rate}'`);
    const waitSeconds = numberOption('replay', 'wait', values.wait) ?? 60;
    const config = await loadCommandConfig('replay', values.config);
    const ackTimeoutMs = integerOption('replay', 'ack-timeout', values['ack-timeout'], 100, 3_600_000);
    const runtime = await setUpGateway('replay', config, values, { ackTimeoutMs, catchUp: 'in-order' });
    const { gateway } = runtime;
    await runtime.start();
    const ops = await startGatewayOps('replay', values, runtime).catch(async (err) => {
      await runtime.stop(0);
      throw err;
    });
    const progress = newReplayProgress();
    const stopReading = new AbortController();
    const replaying = replayCsv(positionals[0], gateway, { rate, enterprise: gateway.options.enterprise, progress, signal: stopReading.signal });
    replaying.catch(() => {});
    let end: ReplayEnd = { kind: 'done' };
    let inputError: unknown;
    try {
      const heldBack = await untilHeldBack(gateway, progress, replaying, waitSeconds);
      if (heldBack) {
        end = { kind: 'held-back', waitSeconds, diskFull: heldBack.diskFull };
        stopReading.abort(new Error('replay stopped: held back by the outbox'));
        // Closing the outbox gives the batch it holds back, so the reading loop ends.
        await runtime.stop(0);
      }
      await replaying.catch((err: unknown) => {
        if (!stopReading.signal.aborted) throw err;
      });
    } catch (err) {
      inputError = err;
    }
    if (end.kind === 'done' && inputError === undefined) {
      const deadline = Date.now() + waitSeconds * 1000;
      while (gateway.stats().outbox.batches > 0 && Date.now() < deadline) await sleep(50);
      end = { kind: 'ack-wait', waitSeconds };
    }
    const stats = gateway.stats();
    await ops?.close();
    await runtime.stop(0);
    const tally = { read: progress, notRead: await rowsAfter(positionals[0], progress.rows), gateway: stats };
    // The summary comes first, whatever went wrong: it says what is stored and what is still held.
    process.stdout.write(replaySummary(tally));
    if (inputError !== undefined) {
      const err = inputError;
      if (err instanceof CsvFormatError) throw new CliError('LW_INPUT', `replay: ${positionals[0]}: ${err.message}`);
      if ((err as NodeJS.ErrnoException).code !== undefined) throw new CliError('LW_INPUT', `replay: cannot read ${positionals[0]}: ${fileErrorReason(err)}`);
      throw err;
    }
    const shortfall = replayShortfall(end, tally);
    if (shortfall === undefined) return 0;
    // Unacknowledged batches are not lost (they stay in the outbox for the next run), but the replay is not done.
    process.stderr.write(`${shortfall}\n`);
    return 3;
  },
};

/**
 * Resolves once the replay has been held back by the outbox (inside `accept`
 * or the final flush) for `waitSeconds` with nothing moving: no row read, no
 * batch stored, no acknowledgement; or with undefined once the replay ends.
 */
async function untilHeldBack(gateway: GatewayService, progress: ReplayProgress, replaying: Promise<unknown>, waitSeconds: number): Promise<{ diskFull: boolean } | undefined> {
  let ended = false;
  void replaying.then(
    () => (ended = true),
    () => (ended = true),
  );
  let signature = '';
  let movedAt = Date.now();
  while (!ended) {
    await Promise.race([replaying.catch(() => {}), sleep(100)]);
    const s = gateway.stats();
    const now = `${progress.rows} ${s.outbox.appended} ${s.acknowledged} ${s.refusedBatches}`;
    if (now !== signature || !progress.handing) {
      signature = now;
      movedAt = Date.now();
    } else if (!ended && Date.now() - movedAt >= waitSeconds * 1000) {
      return { diskFull: s.outbox.diskFull };
    }
  }
  return undefined;
}

/** Data rows of `file` after the first `read`; null when the file cannot be read again. */
async function rowsAfter(file: string, read: number): Promise<number | null> {
  let rows = 0;
  try {
    for await (const _ of readCsvPoints(file)) rows++;
  } catch {
    return null;
  }
  return Math.max(0, rows - read);
}
