/**
 * Store benchmark, each adapter in turn (embedded DuckDB; InfluxDB on a
 * throw-away local influxd when one is installed):
 *
 *   - sustained write throughput with batches as the ingest pipeline sends
 *     them: 5,000 points = 1 s of 10 Hz readings from 500 series, up to 8
 *     calls in flight, values at gauge resolution (0.001);
 *   - writing one series for 24 h at 10 Hz (864,000 points);
 *   - reading it back raw and downsampled to 1,000 buckets;
 *   - one summary over every series of the throughput run (the risk model's query).
 *
 * Usage: npm run bench -- --suite store [batches=400] [adapter=embedded|influxdb]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHARACTERISTIC_NAMES, type CharacteristicName } from '../../domain/characteristics.js';
import { openStore } from '../../store/open-store.js';
import { DEFAULT_STORE_OPTIONS } from '../../store/options.js';
import type { Measurement, SeriesKey, TimeSeriesStore } from '../../store/port.js';
import { INFLUXD_MISSING, type InfluxTestServer, startInfluxd } from '../../test/support/influxd.js';

const DAY = 86_400_000;
const DAY0 = Date.UTC(2025, 0, 6);
const SERIES = 500;
const POINTS_PER_SERIES = 10; // 1 s at 10 Hz
const IN_FLIGHT = 8;
const CHARACTERISTICS = CHARACTERISTIC_NAMES.slice(0, 4) as readonly CharacteristicName[];
const NOMINAL: Record<string, number> = { conductor_diameter: 1.38, insulation_thickness: 0.7, sheath_thickness: 1.2, conductor_resistance: 12.0 };

interface Settings {
  readonly batches: number;
  readonly adapters: readonly string[];
}

function settings(args: string[]): Settings {
  const named = new Map(args.filter((a) => a.includes('=')).map((a) => a.split('=', 2) as [string, string]));
  const batches = Number(named.get('batches') ?? 400);
  if (!Number.isSafeInteger(batches) || batches < 1) throw new Error(`batches must be a positive integer, got ${named.get('batches')}`);
  const adapter = named.get('adapter');
  return { batches, adapters: adapter ? [adapter] : ['embedded', 'influxdb'] };
}

/** Gauge readings rounded to 0.001, as real gauges report them. */
function reading(characteristic: string, i: number, s: number): number {
  const noise = Math.sin(i * 12.9898 + s * 78.233) * 0.02;
  return Math.round((NOMINAL[characteristic] ?? 1) * (1 + noise) * 1000) / 1000;
}

const seriesKeys: SeriesKey[] = Array.from({ length: SERIES }, (_, s) => ({
  enterprise: `ENT-${String(Math.floor(s / 12)).padStart(4, '0')}`,
  line: `L${Math.floor(s / 4) % 3}`,
  characteristic: CHARACTERISTICS[s % 4],
}));

function pipelineBatch(n: number): Measurement[] {
  const points: Measurement[] = new Array(SERIES * POINTS_PER_SERIES);
  let k = 0;
  for (let s = 0; s < SERIES; s++) {
    const key = seriesKeys[s];
    for (let i = 0; i < POINTS_PER_SERIES; i++) {
      const tick = n * POINTS_PER_SERIES + i;
      // An object literal, as analytics/ingest builds them: V8 reads objects
      // made by spreading ({ ...key, ts }) an order of magnitude slower.
      points[k++] = { enterprise: key.enterprise, line: key.line, characteristic: key.characteristic, ts: DAY0 + tick * 100, value: reading(key.characteristic, tick, s) };
    }
  }
  return points;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Writes `count` batches made by `make`, keeping IN_FLIGHT calls outstanding. */
async function writeStream(store: TimeSeriesStore, count: number, make: (n: number) => Measurement[]): Promise<{ seconds: number; points: number; latencies: number[] }> {
  let next = 0;
  let points = 0;
  const latencies: number[] = [];
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count) {
      const batch = make(next++);
      const t = performance.now();
      const result = await store.writeMeasurements(batch);
      latencies.push(performance.now() - t);
      if (result.rejected.length > 0) throw new Error(`bench data rejected: ${result.rejected[0].reason}`);
      points += result.written;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return { seconds: (performance.now() - started) / 1000, points, latencies: latencies.sort((a, b) => a - b) };
}

async function timed<T>(reps: number, task: () => Promise<T>): Promise<{ median: number; best: number; result: T }> {
  const times: number[] = [];
  let result: T | undefined;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    result = await task();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 0.5), best: times[0], result: result as T };
}

async function benchAdapter(label: string, store: TimeSeriesStore, batches: number): Promise<void> {
  const out = (line: string): boolean => process.stdout.write(`${label.padEnd(9)} ${line}\n`);

  const w = await writeStream(store, batches, pipelineBatch);
  out(
    `write   ${fmt(w.points / w.seconds)} points/s sustained (${fmt(w.points)} points in ${batches} batches of ${SERIES * POINTS_PER_SERIES} from ${SERIES} series, ` +
      `${IN_FLIGHT} calls in flight, ${w.seconds.toFixed(2)} s; call latency p50 ${percentile(w.latencies, 0.5).toFixed(0)} ms, p99 ${percentile(w.latencies, 0.99).toFixed(0)} ms)`,
  );

  const day: SeriesKey = { enterprise: 'ENT-DAY', line: 'L0', characteristic: 'insulation_thickness' };
  const perBatch = 5_000;
  const dayPoints = 864_000;
  const d = await writeStream(store, Math.ceil(dayPoints / perBatch), (n) =>
    Array.from({ length: Math.min(perBatch, dayPoints - n * perBatch) }, (_, i) => {
      const tick = n * perBatch + i;
      return { enterprise: day.enterprise, line: day.line, characteristic: day.characteristic, ts: DAY0 + tick * 100, value: reading(day.characteristic, tick, 0) };
    }),
  );
  out(`write   ${fmt(d.points / d.seconds)} points/s for one series (24 h at 10 Hz = ${fmt(d.points)} points, 5,000 per batch, ${d.seconds.toFixed(2)} s)`);

  const range = { from: DAY0, to: DAY0 + DAY };
  const raw = await timed(3, () => store.readSeries(day, range));
  if (raw.result.ts.length !== dayPoints) throw new Error(`raw read returned ${raw.result.ts.length} points, expected ${dayPoints}`);
  out(`read    raw 24 h (${fmt(raw.result.ts.length)} points): median ${raw.median.toFixed(0)} ms, best ${raw.best.toFixed(0)} ms of 3`);

  const down = await timed(5, () => store.readDownsampled(day, range, 1000));
  const total = down.result.buckets.reduce((n, b) => n + b.count, 0);
  if (total !== dayPoints) throw new Error(`downsampled buckets hold ${total} points, expected ${dayPoints}`);
  out(`read    downsampled 24 h to ${down.result.buckets.length} buckets (mean/min/max): median ${down.median.toFixed(0)} ms, best ${down.best.toFixed(0)} ms of 5`);

  const window = { from: DAY0, to: DAY0 + batches * 1000 };
  const one = await timed(3, () => store.summarize({ ...window, enterprise: seriesKeys[0].enterprise }));
  out(`read    summary of one enterprise (${one.result.length} series, ${fmt(one.result.reduce((n, s) => n + s.count, 0))} points): median ${one.median.toFixed(0)} ms of 3`);
  try {
    const all = await timed(1, () => store.summarize(window));
    out(`read    summary of all ${all.result.length} series (${fmt(all.result.reduce((n, s) => n + s.count, 0))} points): ${all.median.toFixed(0)} ms`);
  } catch (error) {
    out(`read    summary of all series failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function run(args: string[]): Promise<void> {
  const { batches, adapters } = settings(args);
  process.stdout.write(
    `defaults: maxBatchPoints ${DEFAULT_STORE_OPTIONS.maxBatchPoints}, maxInFlightBatches ${DEFAULT_STORE_OPTIONS.maxInFlightBatches} (InfluxDB); ` +
      `load average before: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (the machine may be shared)\n`,
  );

  if (adapters.includes('embedded')) {
    const dataDir = mkdtempSync(join(tmpdir(), 'linewatch-bench-store-'));
    const store = await openStore({ kind: 'embedded', dataDir });
    try {
      await benchAdapter('embedded', store, batches);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  if (adapters.includes('influxdb')) {
    let server: InfluxTestServer;
    try {
      server = await startInfluxd({ database: 'bench' });
    } catch (error) {
      process.stdout.write(`influxdb  not measured: ${error instanceof Error && error.message.startsWith(INFLUXD_MISSING.slice(0, 30)) ? INFLUXD_MISSING : String(error)}\n`);
      return;
    }
    // A long request timeout so the all-series summary is timed, not cut off
    // (writes never come near it).
    const store = await openStore({ kind: 'influxdb', url: server.url, database: server.database }, { requestTimeoutMs: 120_000 });
    try {
      process.stdout.write(`influxdb  server: local influxd ${server.version}, WAL fsync on every write, inmem index\n`);
      await benchAdapter('influxdb', store, batches);
    } finally {
      await store.close();
      await server.dispose();
    }
  }
}
