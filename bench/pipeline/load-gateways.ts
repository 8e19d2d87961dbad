/**
 * The load of the pipeline benchmark, run as its own process so the gateways
 * do not share the stack's event loop (in a plant they are other machines):
 * N gateways, each publishing 500-point batches of in-control readings of
 * its enterprise's series as fast as the pipeline acknowledges them, through
 * the real GatewayService (outbox in memory: the disk outbox has its own
 * benchmark). Prints one JSON line of totals when it gets SIGTERM.
 *
 *   node dist-bench/bench/pipeline/load-gateways.js <mqttUrl> <enterprises> <lines> <password> [pointsPerSecond]
 *
 * Without a rate (or 0) the gateways saturate the pipeline; with one they
 * offer that many points per second in all, as a plant does.
 */
import { connectGateway, type GatewayService } from '../../gateway/index.js';
import { MemoryOutbox } from '../../gateway/outbox/memory-outbox.js';
import type { SourcePoint } from '../../gateway/sources/source-point.js';
import { createLogger } from '../../ops/logger.js';
import { SeededRandom } from '../../simulators/random.js';
import { BENCH_CHARACTERISTICS, BENCH_NOMINAL } from './bench-config.js';

const [mqttUrl, enterprisesText, linesText, password, rateText] = process.argv.slice(2);
const rate = Number(rateText ?? 0);
const enterprises = Number(enterprisesText);
const lines = Number(linesText);
const BATCH = 500;
const MAX_HELD = 64; // batches per gateway not yet acknowledged

const log = createLogger('load', 'warn');
let running = true;
let accepted = 0;
const gateways: GatewayService[] = [];

async function drive(index: number): Promise<void> {
  const enterprise = `ent-${String(index).padStart(4, '0')}`;
  const outbox = new MemoryOutbox();
  const gateway = connectGateway({ mqttUrl, enterprise, gateway: `${enterprise}-gw`, password, maxBatchPoints: BATCH, window: 32 }, { outbox, log });
  gateways.push(gateway);
  gateway.start();
  const rng = new SeededRandom(index + 1);
  // Timestamps follow the wall clock, as every gauge of a county stamps "now"
  // (1 ms apart when the load runs faster than real time): the store's time
  // pruning sees the locality it will see in production.
  let ts = Date.now();
  const started = performance.now();
  let sent = 0;
  while (running) {
    if (rate > 0) {
      // Paced: this gateway's share of the rate, one batch at a time.
      const due = started + (sent / (rate / enterprises)) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    if (outbox.stats().batches >= MAX_HELD) {
      await new Promise((r) => setTimeout(r, 2));
      continue;
    }
    const points: SourcePoint[] = [];
    // Every series of the enterprise gets the next readings, 100 ms apart, in time order.
    while (points.length < BATCH) {
      ts = Math.max(ts + 1, Date.now());
      for (let l = 1; l <= lines; l++) {
        for (const c of BENCH_CHARACTERISTICS) points.push({ line: `line-${l}`, characteristic: c, ts, value: BENCH_NOMINAL[c] * (1 + 0.01 * rng.normal()) });
      }
    }
    await gateway.accept(points);
    accepted += points.length;
    sent += points.length;
  }
}

process.on('SIGTERM', () => {
  running = false;
  const stats = gateways.map((g) => g.stats());
  process.stdout.write(`${JSON.stringify({ accepted, acknowledged: stats.reduce((n, s) => n + s.acknowledged, 0), resent: stats.reduce((n, s) => n + s.resent, 0) })}\n`);
  setTimeout(() => process.exit(0), 50);
});

for (let i = 0; i < enterprises; i++) void drive(i);
process.stdout.write('ready\n');
