/**
 * Line data for the browser tests, replayed for real: CSV files in the
 * measurement format, through a GatewayService with an in-memory outbox,
 * over MQTT into the running stack. Timestamps are recent (the charts show
 * the last minutes) and never in the future (the stack refuses those).
 */
import { join } from 'node:path';
import { connectGateway } from '../../../gateway/index.js';
import { MemoryOutbox } from '../../../gateway/outbox/memory-outbox.js';
import { replayCsv } from '../../../gateway/replay.js';
import { createLogger } from '../../../ops/logger.js';
import { writeSeriesCsv } from '../../support/series-csv.js';

export interface Replayer {
  /** Replays readings of one series at 1 s spacing from `start`, drifting by `driftPerSample` after `driftFrom`. */
  replay(series: { line: string; characteristic: string; start: number; n: number; mean: number; sd: number; driftFrom?: number; driftPerSample?: number; seed: number }): Promise<void>;
  stop(): Promise<void>;
}

export function gatewayReplayer(options: { mqttUrl: string; enterprise: string; gateway: string; password: string; dir: string }): Replayer {
  const gateway = connectGateway(
    { mqttUrl: options.mqttUrl, enterprise: options.enterprise, gateway: options.gateway, password: options.password, maxBatchPoints: 50, catchUp: 'in-order' },
    { outbox: new MemoryOutbox(), log: createLogger('browser-test-gateway', 'silent') },
  );
  gateway.start();
  let files = 0;
  return {
    async replay(s) {
      const file = join(options.dir, `${options.enterprise}-${++files}.csv`);
      writeSeriesCsv(file, {
        enterprise: options.enterprise,
        line: s.line,
        characteristic: s.characteristic,
        n: s.n,
        start: s.start,
        periodMs: 1000,
        mean: s.mean,
        sd: s.sd,
        driftFrom: s.driftFrom,
        driftPerSample: s.driftPerSample,
        seed: s.seed,
      });
      await replayCsv(file, gateway, { rate: 0, enterprise: options.enterprise });
      const deadline = Date.now() + 20_000;
      while (gateway.stats().outbox.batches > 0) {
        if (Date.now() > deadline) throw new Error(`the stack did not acknowledge ${options.enterprise}'s replay within 20 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    stop: () => gateway.stop(0),
  };
}
