/**
 * What one batch and one reading cost the analytics service, stage by stage,
 * without a broker: the real AnalyticsCore over a real embedded store in a
 * temporary directory, fed the county's batches (12 series per enterprise,
 * 10 Hz, JSON exactly as the gateway encodes it) as the MQTT client hands
 * them over (a Buffer).
 *
 *   - end to end: `core.ingest` per batch, every enterprise in turn with up
 *     to `inflight` batches outstanding (as the bus intake runs them); wall
 *     time, and process CPU (the JS thread and DuckDB's threads) per reading;
 *   - each stage alone on the same payloads, so the parts can be compared:
 *     JSON parse, decode (parse + validate), chart (observeSample: SPC, the
 *     risk window, the risk days), the ingestor's own work (in-memory store),
 *     the store write (`writeMeasurements` of the batch's points), ack encode.
 *
 * Usage: npm run bench -- --suite ingest-cost [enterprises=100] [seconds=60] [batch=12|120|both] [inflight=64] [json=path]
 * For a profile by source file: node --cpu-prof dist-bench/bench/main.js --suite ingest-cost,
 * then node dist-bench/bench/cpuprofile-stages.js <file>.cpuprofile.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { AnalyticsCore } from '../../analytics/service/analytics-core.js';
import type { AnalyticsOutputs } from '../../analytics/service/analytics-outputs.js';
import { catalogFromConfig, enterpriseProfiles } from '../../core/catalog/config-catalog.js';
import { observeSample } from '../../core/series/observe-sample.js';
import type { AlertEvent } from '../../monitor/alert.js';
import { encodeAck, type Ack } from '../../protocol/ack.js';
import { createMeasurementBatchDecoder, type AcceptedPoint } from '../../protocol/measurement-batch.js';
import { openStore } from '../../store/open-store.js';
import type { Measurement, PointKey, TimeSeriesStore, WriteResult } from '../../store/port.js';
import { BatchPayloads } from '../county/batch-payloads.js';
import { enterpriseId, gatewayId } from '../county/county-config.js';
import { benchConfig } from '../pipeline/bench-config.js';

const LINES = 3;
const TICK_MS = 100; // 10 Hz
const T0 = Date.UTC(2026, 0, 5, 8, 0, 0);
/** Ticks fed before anything is timed: Phase I locks its limits, the JIT settles. */
const WARMUP_TICKS = 300;

interface Settings {
  readonly enterprises: number;
  readonly seconds: number;
  readonly ticksPerBatch: readonly number[];
  readonly inflight: number;
  readonly json: string | null;
}

function settings(args: string[]): Settings {
  const named = new Map(args.filter((a) => a.includes('=')).map((a) => a.split('=', 2) as [string, string]));
  const int = (name: string, fallback: number): number => {
    const n = Number(named.get(name) ?? fallback);
    if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got ${named.get(name)}`);
    return n;
  };
  const batch = named.get('batch') ?? 'both';
  if (!['12', '120', 'both'].includes(batch)) throw new Error(`batch must be 12, 120 or both, got ${batch}`);
  return {
    enterprises: int('enterprises', 100),
    seconds: int('seconds', 60),
    ticksPerBatch: batch === 'both' ? [1, 10] : [Number(batch) / 12],
    inflight: int('inflight', 64),
    json: named.get('json') ?? null,
  };
}

class CountingOutputs implements AnalyticsOutputs {
  acks = 0;
  deadLetters = 0;
  alerts = 0;
  ack(): void {
    this.acks += 1;
  }
  deadLetter(): void {
    this.deadLetters += 1;
  }
  alert(): void {
    this.alerts += 1;
  }
  finding(): void {}
  risk(): void {}
}

/** A store that holds nothing: the ingestor's own cost, without the database. */
const NULL_STORE: Pick<TimeSeriesStore, 'writeMeasurements' | 'storedValues'> = {
  writeMeasurements: async (points: readonly Measurement[]): Promise<WriteResult> => ({ written: points.length, rejected: [] }),
  storedValues: async (keys: readonly PointKey[]) => keys.map(() => null),
};

/** Every enterprise's batches for `ticks` ticks from `fromTick`, `ticksPerBatch` ticks a batch, in publish order. */
function batches(payloads: BatchPayloads[], fromTick: number, ticks: number, ticksPerBatch: number, seqs: number[]): Buffer[][] {
  const out: Buffer[][] = [];
  for (let t = fromTick; t < fromTick + ticks; t += ticksPerBatch) {
    const stamps = Array.from({ length: ticksPerBatch }, (_, i) => T0 + (t + i) * TICK_MS);
    out.push(payloads.map((p, e) => Buffer.from(p.encode(++seqs[e], stamps))));
  }
  return out;
}

interface Timing {
  readonly wallUs: number;
  readonly cpuUs: number;
}

async function timed(run: () => Promise<void> | void): Promise<Timing> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const wallUs = (performance.now() - started) * 1000;
  const used = process.cpuUsage(cpu);
  return { wallUs, cpuUs: used.user + used.system };
}

interface CoreRig {
  readonly core: AnalyticsCore;
  readonly outputs: CountingOutputs;
  readonly store: TimeSeriesStore;
  now: number;
  close(): Promise<void>;
}

async function rig(enterprises: number, dir: string, withStore: boolean): Promise<CoreRig> {
  const config = await benchConfig(enterprises, LINES, join(dir, 'data'));
  const store = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
  const outputs = new CountingOutputs();
  const r = { now: T0 } as CoreRig;
  // Without the store: measurements go nowhere; the rest (restore, events) is the real store's.
  const storePort: TimeSeriesStore = withStore ? store : Object.assign(Object.create(store) as TimeSeriesStore, NULL_STORE);
  const core = new AnalyticsCore(
    { live: config.live, risk: config.risk, checkpointPath: null },
    {
      store: storePort,
      catalog: catalogFromConfig(config),
      enterprises: enterpriseProfiles(config),
      decodeBatch: createMeasurementBatchDecoder(),
      outputs,
      log: pino({ level: 'silent' }),
      clock: () => r.now,
    },
  );
  await core.open();
  return Object.assign(r, {
    core,
    outputs,
    store,
    close: async () => {
      await core.drain();
      await store.close();
    },
  });
}

/** Feeds rounds of batches through `core.ingest`, at most `inflight` outstanding, the clock at each round's newest reading. */
async function feed(r: CoreRig, rounds: Buffer[][], fromTick: number, ticksPerBatch: number, inflight: number): Promise<void> {
  const running = new Set<Promise<void>>();
  for (let round = 0; round < rounds.length; round++) {
    const batch = rounds[round];
    for (let e = 0; e < batch.length; e++) {
      r.now = T0 + (fromTick + (round + 1) * ticksPerBatch) * TICK_MS;
      const p = r.core.ingest(enterpriseId(e), gatewayId(enterpriseId(e)), batch[e]);
      running.add(p);
      void p.then(() => running.delete(p));
      if (running.size >= inflight) await Promise.race(running);
    }
  }
  await Promise.all(running);
}

interface Row {
  readonly stage: string;
  readonly usPerBatch: number;
  readonly usPerReading: number;
  /** Process CPU (every thread) per reading: steadier than wall time on a shared machine. */
  readonly cpuUsPerReading: number;
}

async function measure(s: Settings, ticksPerBatch: number): Promise<{ readings: number; batches: number; rows: Row[]; alerts: number }> {
  const readingsPerBatch = 12 * ticksPerBatch;
  const ticks = Math.floor((s.seconds * 1000) / TICK_MS / ticksPerBatch) * ticksPerBatch;
  const payloads = Array.from({ length: s.enterprises }, (_, e) => new BatchPayloads(LINES, e + 1));
  const seqs = new Array<number>(s.enterprises).fill(0);
  const warm = batches(payloads, 0, WARMUP_TICKS, ticksPerBatch, seqs);
  const timedRounds = batches(payloads, WARMUP_TICKS, ticks, ticksPerBatch, seqs);
  const flat = timedRounds.flat();
  const nBatches = flat.length;
  const readings = nBatches * readingsPerBatch;
  const rows: Row[] = [];
  const row = (stage: string, t: Timing): void => {
    rows.push({ stage, usPerBatch: t.wallUs / nBatches, usPerReading: t.wallUs / readings, cpuUsPerReading: t.cpuUs / readings });
  };

  // End to end, with the embedded store.
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-ingest-cost-'));
  let alerts = 0;
  try {
    const full = await rig(s.enterprises, join(dir, 'full'), true);
    await feed(full, warm, 0, ticksPerBatch, s.inflight);
    const before = full.outputs.acks;
    row('end to end: core.ingest, embedded store', await timed(() => feed(full, timedRounds, WARMUP_TICKS, ticksPerBatch, s.inflight)));
    if (full.outputs.acks - before !== nBatches) throw new Error(`expected ${nBatches} acks, got ${full.outputs.acks - before}`);
    alerts = full.outputs.alerts;
    await full.close();

    // The ingestor alone: the same flow over a store that keeps nothing.
    const bare = await rig(s.enterprises, join(dir, 'bare'), false);
    await feed(bare, warm, 0, ticksPerBatch, s.inflight);
    row('ingest without the store (decode, chart, bookkeeping, ack)', await timed(() => feed(bare, timedRounds, WARMUP_TICKS, ticksPerBatch, s.inflight)));
    await bare.close();

    // Stages alone, on the same payloads.
    let sink = 0;
    row(
      'decode: Buffer to text + JSON.parse',
      await timed(() => {
        for (const b of flat) sink += (JSON.parse(b.toString('utf8')) as { seq: number }).seq;
      }),
    );
    const decode = createMeasurementBatchDecoder();
    const now = T0 + (WARMUP_TICKS + ticks) * TICK_MS;
    const decoded: AcceptedPoint[][] = new Array(nBatches);
    row(
      'decode: parse + validate (protocol/measurement-batch.ts)',
      await timed(() => {
        for (let i = 0; i < nBatches; i++) {
          const d = decode(flat[i], now);
          if (!d.ok || d.rejected.length > 0) throw new Error(`bench batch refused: ${d.ok ? d.rejected[0].reason : d.reason}`);
          decoded[i] = d.points as AcceptedPoint[];
        }
      }),
    );

    const chart = await rig(s.enterprises, join(dir, 'chart'), false);
    const events: AlertEvent[] = [];
    const warmDecoded = warm.flat().map((b) => {
      const d = decode(b, now);
      return d.ok ? d.points : [];
    });
    const chartAll = (points: readonly (readonly AcceptedPoint[])[]): void => {
      for (let i = 0; i < points.length; i++) {
        const enterprise = enterpriseId(i % s.enterprises);
        for (const p of points[i]) {
          const series = chart.core.registry.stateOf(enterprise, p.line, p.characteristic);
          if (typeof series !== 'string') observeSample(series, p.ts, p.value, chart.core.alerts, now, events);
        }
      }
    };
    chartAll(warmDecoded);
    row('chart: observeSample (SPC, risk window, risk days)', await timed(() => chartAll(decoded)));
    await chart.close();

    const measurements: Measurement[][] = decoded.map((points, i) => {
      const enterprise = enterpriseId(i % s.enterprises);
      return points.map((p) => ({ enterprise, line: p.line, characteristic: p.characteristic, ts: p.ts, value: p.value }));
    });
    const storeOnly = await openStore({ kind: 'embedded', dataDir: join(dir, 'store-only') });
    row(
      `store: writeMeasurements, ${s.inflight} in flight`,
      await timed(async () => {
        const running = new Set<Promise<unknown>>();
        for (const m of measurements) {
          const p = storeOnly.writeMeasurements(m);
          running.add(p);
          void p.then(() => running.delete(p));
          if (running.size >= s.inflight) await Promise.race(running);
        }
        await Promise.all(running);
      }),
    );
    await storeOnly.close();

    const ack: Ack = { seq: 1, stored: readingsPerBatch, duplicates: 0, rejected: 0, historical: 0 };
    row(
      'ack encode (protocol/ack.ts)',
      await timed(() => {
        for (let i = 0; i < nBatches; i++) sink += encodeAck({ ...ack, seq: i + 1 }).length;
      }),
    );
    if (sink === 0) throw new Error('nothing decoded');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { readings, batches: nBatches, rows, alerts };
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export async function run(args: string[]): Promise<void> {
  const s = settings(args);
  const results: unknown[] = [];
  for (const ticksPerBatch of s.ticksPerBatch) {
    const readingsPerBatch = 12 * ticksPerBatch;
    const r = await measure(s, ticksPerBatch);
    const end = r.rows[0];
    process.stdout.write(
      `\n${s.enterprises} enterprises x 12 series at 10 Hz, ${readingsPerBatch} readings a batch, ${fmt(r.batches, 0)} batches (${fmt(r.readings, 0)} readings) timed after ${WARMUP_TICKS} warm-up ticks, ${s.inflight} batches in flight\n\n`,
    );
    process.stdout.write('| stage | wall µs / batch | wall µs / reading | CPU µs / reading (all threads) | readings/s per core of CPU |\n| --- | --: | --: | --: | --: |\n');
    for (const row of r.rows) {
      process.stdout.write(`| ${row.stage} | ${fmt(row.usPerBatch)} | ${fmt(row.usPerReading, 2)} | ${fmt(row.cpuUsPerReading, 2)} | ${fmt(1e6 / row.cpuUsPerReading, 0)} |\n`);
    }
    process.stdout.write(`\nend to end: ${fmt(1e6 / end.usPerReading, 0)} readings/s wall, ${fmt(1e6 / end.cpuUsPerReading, 0)} readings/s per core of CPU; ${r.alerts} alert events\n`);
    results.push({ readingsPerBatch, enterprises: s.enterprises, batches: r.batches, readings: r.readings, inflight: s.inflight, rows: r.rows });
  }
  if (s.json) {
    writeFileSync(s.json, `${JSON.stringify({ machine: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`, node: process.version, results }, null, 2)}\n`);
    process.stdout.write(`\nwritten to ${s.json}\n`);
  }
}
