import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { catalogFromConfig } from '../../../core/catalog/config-catalog.js';
import { BatchIngestor, type IngestOutcome } from '../../../analytics/ingest/batch-ingestor.js';
import { rejectCode } from '../../../analytics/ingest/reject-code.js';
import { SeriesRegistry } from '../../../core/series/series-registry.js';
import { catchUpFromStore } from '../../../analytics/service/recovery.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { LiveConfig } from '../../../monitor/live-config.js';
import { createMeasurementBatchDecoder } from '../../../protocol/measurement-batch.js';
import { openStore } from '../../../store/open-store.js';
import type { Measurement, PointKey, TimeSeriesStore, WriteResult } from '../../../store/port.js';
import { pipelineTestConfig } from '../../support/pipeline-config.js';

// One value per (series, ts): a repeat with the same value is a duplicate, another value is refused, never stored over the first.
const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const KEY = { enterprise: 'northwind-cable', line: 'extruder-1', characteristic: 'conductor_resistance' } as const;
let dataDir: string;
let store: TimeSeriesStore;
let config: Awaited<ReturnType<typeof pipelineTestConfig>>;
let lookUps: number;
let seq: number;

/** The real embedded store, counting look-ups and, when `gate` is set, holding writes until it resolves. */
let gate: Promise<void> | null;
const ingestStore = {
  writeMeasurements: async (points: readonly Measurement[]): Promise<WriteResult> => {
    if (gate) await gate;
    return store.writeMeasurements(points);
  },
  storedValues: (keys: readonly PointKey[]) => {
    lookUps += 1;
    return store.storedValues(keys);
  },
  appendEvents: (events: Parameters<typeof store.appendEvents>[0]) => store.appendEvents(events),
};

function newIngestor(): { ingestor: BatchIngestor; registry: SeriesRegistry } {
  const registry = new SeriesRegistry(catalogFromConfig(config), new LiveConfig({ defaults: { subgroupMs: 100, baselineMinutes: 1 } }));
  return { registry, ingestor: new BatchIngestor({ decode: createMeasurementBatchDecoder(), registry, alerts: new EpisodeBook(), store: ingestStore }) };
}
let ingestor: BatchIngestor;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'linewatch-conflicts-'));
  config = await pipelineTestConfig({ dataDir });
  store = await openStore({ kind: 'embedded', dataDir });
  ({ ingestor } = newIngestor());
  lookUps = 0;
  seq = 0;
  gate = null;
});

afterEach(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function send(points: [ts: number, value: number][], options: { seq?: number; to?: BatchIngestor } = {}): Promise<IngestOutcome> {
  const payload = JSON.stringify({ v: 1, seq: options.seq ?? seq++, points: points.map(([ts, value]) => ({ line: KEY.line, characteristic: KEY.characteristic, ts, value })) });
  return (options.to ?? ingestor).ingest({ enterprise: KEY.enterprise, gateway: 'northwind-gw1', payload, receivedAt: NOW });
}

async function held(): Promise<[number, number][]> {
  const r = await store.readSeries(KEY, { from: NOW - 3_600_000, to: NOW + 1 });
  return Array.from(r.ts, (ts, i) => [ts - NOW, r.value[i]]);
}

/** The ack's arithmetic and the chart's: every point is stored, a duplicate or refused; every stored point charted or historical. */
function counts(o: IngestOutcome) {
  if (o.kind !== 'stored') throw new Error(`refused: ${o.reason}`);
  expect(o.charted + o.historical).toBe(o.stored);
  return { stored: o.stored, duplicates: o.duplicates, rejected: o.rejected.length, charted: o.charted };
}

const T = NOW - 10_000;

describe('readings that share a timestamp, inside one batch', () => {
  it('keeps the first of two values and refuses the second with a reason naming both', async () => {
    const o = await send([
      [T, 11.5],
      [T, 11.9],
      [T + 100, 11.7],
    ]);
    expect(counts(o)).toEqual({ stored: 2, duplicates: 0, rejected: 1, charted: 2 });
    const [dead] = o.kind === 'stored' ? o.rejected : [];
    expect(dead.index).toBe(1);
    expect(dead.reason).toMatch(/^points\[1\]\.ts: timestamp conflict: extruder-1\/conductor_resistance at .* already holds 11\.5 .*this reading is 11\.9/);
    expect(rejectCode(dead.reason, 'point')).toBe('ts: timestamp-conflict');
    expect(await held()).toEqual([
      [T - NOW, 11.5],
      [T + 100 - NOW, 11.7],
    ]);
  });

  it('finds a repeat behind the newest point of its series, not only next to it', async () => {
    const o = await send([
      [T, 11.5],
      [T + 100, 11.6],
      [T, 11.8],
      [T + 200, 11.7],
      [T + 100, 11.6],
    ]);
    expect(counts(o)).toEqual({ stored: 3, duplicates: 1, rejected: 1, charted: 3 });
    expect(await held()).toEqual([
      [T - NOW, 11.5],
      [T + 100 - NOW, 11.6],
      [T + 200 - NOW, 11.7],
    ]);
  });

  it('counts the same value twice as one reading and a duplicate', async () => {
    expect(
      counts(
        await send([
          [T, 11.5],
          [T, 11.5],
        ]),
      ),
    ).toEqual({ stored: 1, duplicates: 1, rejected: 0, charted: 1 });
    expect(await held()).toEqual([[T - NOW, 11.5]]);
  });
});

describe('readings that share a timestamp with stored ones', () => {
  it('refuses another value for a stored key, and leaves the stored one', async () => {
    await send([
      [T, 11.5],
      [T + 100, 11.7],
    ]);
    const o = await send([[T, 11.6]]);
    expect(counts(o)).toEqual({ stored: 0, duplicates: 0, rejected: 1, charted: 0 });
    expect(o.kind === 'stored' && o.rejected[0].reason).toMatch(/timestamp conflict: .*already holds 11\.5 \(the store\); this reading is 11\.6/);
    expect(await held()).toEqual([
      [T - NOW, 11.5],
      [T + 100 - NOW, 11.7],
    ]);
  });

  it('takes the same value again as a duplicate, not a new reading', async () => {
    await send([[T, 11.5]]);
    expect(
      counts(
        await send([
          [T, 11.5],
          [T + 100, 11.6],
        ]),
      ),
    ).toEqual({ stored: 1, duplicates: 1, rejected: 0, charted: 1 });
  });

  it('takes a redelivered batch as duplicates, and a changed one as conflicts', async () => {
    await send(
      [
        [T, 11.5],
        [T + 100, 11.6],
      ],
      { seq: 7 },
    );
    expect(
      counts(
        await send(
          [
            [T, 11.5],
            [T + 100, 11.6],
          ],
          { seq: 7 },
        ),
      ),
    ).toEqual({ stored: 0, duplicates: 2, rejected: 0, charted: 0 });
    expect(
      counts(
        await send(
          [
            [T, 11.5],
            [T + 100, 11.9],
          ],
          { seq: 7 },
        ),
      ),
    ).toEqual({ stored: 0, duplicates: 1, rejected: 1, charted: 0 });
    expect(await held()).toEqual([
      [T - NOW, 11.5],
      [T + 100 - NOW, 11.6],
    ]);
  });

  it('stores a reading behind the watermark that is new to the store, counted historical', async () => {
    await send([
      [T, 11.5],
      [T + 200, 11.6],
    ]);
    const o = await send([[T + 100, 11.7]]);
    expect(counts(o)).toEqual({ stored: 1, duplicates: 0, rejected: 0, charted: 0 });
    expect(o.kind === 'stored' && o.historical).toBe(1);
  });

  it('refuses a conflict with a backlog reading its series never charted', async () => {
    await send([[T, 11.5]]); // the gateway streams live readings: its old ones are a backlog
    const old = NOW - 600_000;
    const insulation = (value: number) =>
      ingestor.ingest({
        enterprise: KEY.enterprise,
        gateway: 'northwind-gw1',
        receivedAt: NOW,
        payload: JSON.stringify({ v: 1, seq: seq++, points: [{ line: KEY.line, characteristic: 'insulation_thickness', ts: old, value }] }),
      });
    const first = await insulation(0.71);
    expect(counts(first)).toEqual({ stored: 1, duplicates: 0, rejected: 0, charted: 0 });
    expect(first.kind === 'stored' && first.historical).toBe(1);
    expect(counts(await insulation(0.74))).toEqual({ stored: 0, duplicates: 0, rejected: 1, charted: 0 });
    expect(await store.storedValues([{ ...KEY, characteristic: 'insulation_thickness', ts: old }])).toEqual([0.71]);
  });

  it('reads nothing from the store for live readings after their watermark', async () => {
    for (let i = 0; i < 5; i++)
      await send([
        [T + 200 * i, 11.5],
        [T + 200 * i + 100, 11.6],
      ]);
    expect(lookUps).toBe(0);
    await send([[T, 11.5]]);
    expect(lookUps).toBe(1);
  });

  it('still refuses a conflict after a restart: the recovery brings the watermark back', async () => {
    await send([
      [T, 11.5],
      [T + 100, 11.6],
    ]);
    const restarted = newIngestor();
    await catchUpFromStore(store, catalogFromConfig(config), restarted.registry, new EpisodeBook(), NOW, () => {});
    const o = await send([[T + 100, 11.9]], { to: restarted.ingestor });
    expect(counts(o)).toEqual({ stored: 0, duplicates: 0, rejected: 1, charted: 0 });
    expect(await held()).toEqual([
      [T - NOW, 11.5],
      [T + 100 - NOW, 11.6],
    ]);
  });

  it('sees the write of an earlier batch still in flight, so two batches cannot both store one key', async () => {
    let release!: () => void;
    gate = new Promise((resolve) => (release = resolve));
    const first = send([[T, 11.5]]);
    const second = send([[T, 11.6]]);
    const third = send([
      [T, 11.5],
      [T + 100, 11.7],
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    gate = null;
    release();
    expect(counts(await first)).toEqual({ stored: 1, duplicates: 0, rejected: 0, charted: 1 });
    expect(counts(await second)).toEqual({ stored: 0, duplicates: 0, rejected: 1, charted: 0 });
    expect(counts(await third)).toEqual({ stored: 1, duplicates: 1, rejected: 0, charted: 1 });
    expect(await held()).toEqual([
      [T - NOW, 11.5],
      [T + 100 - NOW, 11.7],
    ]);
  });

  it('counts a write that reported failure but landed as stored when the batch comes again, once', async () => {
    // The store answers "failed" (a timeout) after the points went in, as influxd does when it stalls mid-write.
    let failAfterWrite = true;
    const landing = {
      writeMeasurements: async (points: readonly Measurement[]): Promise<WriteResult> => {
        const result = await store.writeMeasurements(points);
        if (failAfterWrite) throw new Error('write timed out');
        return result;
      },
      storedValues: (keys: readonly PointKey[]) => store.storedValues(keys),
      appendEvents: (events: Parameters<typeof store.appendEvents>[0]) => store.appendEvents(events),
    };
    const registry = new SeriesRegistry(catalogFromConfig(config), new LiveConfig({ defaults: { subgroupMs: 100, baselineMinutes: 1 } }));
    const timedOut = new BatchIngestor({ decode: createMeasurementBatchDecoder(), registry, alerts: new EpisodeBook(), store: landing });
    const points: [number, number][] = [
      [T, 11.5],
      [T + 100, 11.6],
      [T + 200, 11.7],
    ];
    await expect(send(points, { seq: 7, to: timedOut })).rejects.toThrow('write timed out');
    failAfterWrite = false;
    // The resend: held already, not by an acknowledged delivery, so stored (and charted, by the first delivery) now.
    expect(counts(await send(points, { seq: 7, to: timedOut }))).toEqual({ stored: 3, duplicates: 0, rejected: 0, charted: 3 });
    // A third copy is a plain redelivery.
    expect(counts(await send(points, { seq: 7, to: timedOut }))).toEqual({ stored: 0, duplicates: 3, rejected: 0, charted: 0 });
  });
});
