/**
 * Simulator figures: how many readings a second one core generates for the
 * county fleet of docs/design.md, "Scale" (1,050 enterprises x 3 lines x 4
 * characteristics at 10 Hz = 126,000 readings/s of real time), through the same
 * `tick(t, emit)` call the demo and the load tests use, and how fast that
 * becomes CSV. Run: `npm run bench -- --suite simulators`.
 */
import { Writable } from 'node:stream';
import { writeFleetCsv } from '../../simulators/csv-writer.js';
import { planFleet } from '../../simulators/fleet-description.js';
import { Fleet } from '../../simulators/fleet.js';
import { LineModel } from '../../simulators/line-model.js';

const COUNTY = { seed: 1, enterprises: 1050, linesPerEnterprise: 3, rateHz: 10 } as const;
const REAL_TIME_RATE = 1050 * 3 * 4 * 10; // readings per second of simulated time

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Ticks a fleet every 100 ms of simulated time for `simulatedMs`; returns readings generated and the wall time. */
function generate(fleet: Fleet, simulatedMs: number): { readings: number; wall: number; checksum: number } {
  let checksum = 0;
  // The cheapest useful consumer: it reads every value, so nothing is optimised away.
  const emit = (_series: number, _ts: number, value: number | null) => {
    if (value !== null) checksum += value;
  };
  const from = fleet.now === -Infinity ? 0 : fleet.now;
  const start = process.hrtime.bigint();
  let readings = 0;
  for (let t = from + 100; t <= from + simulatedMs; t += 100) readings += fleet.tick(t, emit);
  return { readings, wall: seconds(start), checksum };
}

export async function run(args: string[] = []): Promise<void> {
  const simulatedS = Number(args[0] ?? 120);
  const t0 = process.hrtime.bigint();
  const fleet = new Fleet(planFleet(COUNTY));
  const build = seconds(t0);
  const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
  process.stdout.write(`county fleet: ${fleet.series.length} series built in ${(build * 1000).toFixed(0)} ms (heap ${heapMb.toFixed(0)} MB)\n`);

  generate(fleet, 10_000); // warm-up for the JIT
  const { readings, wall, checksum } = generate(fleet, simulatedS * 1000);
  const rate = readings / wall;
  process.stdout.write(
    `fleet.tick, ${simulatedS} s of county at 10 Hz: ${(rate / 1e6).toFixed(2)} million readings/s on one core, ` +
      `${(rate / REAL_TIME_RATE).toFixed(1)}x real time (${readings} readings, checksum ${checksum.toExponential(3)})\n`,
  );

  const model = new LineModel({ mean: 0.74, sigma: 0.02, scenarios: [{ kind: 'drift', startMs: 0, ratePerHour: -0.1 }] }, 1);
  let sum = 0;
  const n = 20_000_000;
  for (let i = 0; i < 1_000_000; i++) sum += model.next(i * 100) as number;
  const tm = process.hrtime.bigint();
  for (let i = 1_000_000; i < n + 1_000_000; i++) sum += model.next(i * 100) as number;
  process.stdout.write(`LineModel.next alone (one drifting series): ${(n / seconds(tm) / 1e6).toFixed(1)} million readings/s (sum ${sum.toExponential(3)})\n`);

  const csvFleet = new Fleet(planFleet(COUNTY));
  let bytes = 0;
  const discard = new Writable({
    highWaterMark: 1 << 20,
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      done();
    },
  });
  const tc = process.hrtime.bigint();
  const { rows } = await writeFleetCsv(csvFleet, discard, { durationMs: 20_000 });
  const csvWall = seconds(tc);
  process.stdout.write(
    `writeFleetCsv, 20 s of county to a discarding stream: ${(rows / csvWall / 1e6).toFixed(2)} million rows/s, ` +
      `${(bytes / csvWall / 2 ** 20).toFixed(0)} MiB/s, ${(rows / csvWall / REAL_TIME_RATE).toFixed(1)}x real time\n`,
  );
}
