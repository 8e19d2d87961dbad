import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { catalogFromConfig } from '../../../core/catalog/config-catalog.js';
import { BatchIngestor, type IngestOutcome } from '../../../analytics/ingest/batch-ingestor.js';
import { SeriesRegistry } from '../../../core/series/series-registry.js';
import { createMeasurementBatchDecoder } from '../../../protocol/measurement-batch.js';
import { pipelineTestConfig } from '../../support/pipeline-config.js';
import { LiveConfig } from '../../../monitor/live-config.js';
import type { Measurement, PointKey } from '../../../store/port.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const MINUTE = 60_000;
let ingestor: BatchIngestor;
let registry: SeriesRegistry;
let seq = 0;

beforeEach(async () => {
  const config = await pipelineTestConfig({ dataDir: mkdtempSync(join(tmpdir(), 'linewatch-ingest-')) });
  registry = new SeriesRegistry(catalogFromConfig(config), new LiveConfig({ defaults: { subgroupMs: 100, baselineMinutes: 1 } }));
  // The store is not what is tested here: a map that keeps what was written (the real stores: timestamp-conflicts.test.ts).
  const held = new Map<string, number>();
  const key = (p: { enterprise: string; line: string; characteristic: string; ts: number }) => `${p.enterprise}/${p.line}/${p.characteristic}/${p.ts}`;
  const store = {
    writeMeasurements: async (points: readonly Measurement[]) => {
      for (const p of points) held.set(key(p), p.value);
      return { written: points.length, rejected: [] };
    },
    storedValues: async (keys: readonly PointKey[]) => keys.map((k) => held.get(key(k)) ?? null),
    appendEvents: async () => {},
  };
  ingestor = new BatchIngestor({ decode: createMeasurementBatchDecoder(), registry, alerts: new EpisodeBook(), store });
  seq = 0;
});

function send(gateway: string, stamps: number[], characteristic = 'conductor_resistance'): Promise<IngestOutcome> {
  const points = stamps.map((ts) => ({ line: 'extruder-1', characteristic, ts, value: characteristic === 'conductor_resistance' ? 11.7 : 0.7 }));
  const payload = JSON.stringify({ v: 1, seq: seq++, points });
  return ingestor.ingest({ enterprise: 'northwind-cable', gateway, payload, receivedAt: NOW });
}

const series = (characteristic: 'conductor_resistance' | 'insulation_thickness' = 'conductor_resistance') => registry.stateOf('northwind-cable', 'extruder-1', characteristic);
const stampsFrom = (start: number, n: number) => Array.from({ length: n }, (_, i) => start + i * 100);

describe('which old readings are a backlog', () => {
  it('charts recorded data replayed in order, however old', async () => {
    const outcome = await send('northwind-gw1', stampsFrom(NOW - 30 * 24 * 60 * MINUTE, 50));
    expect(outcome).toMatchObject({ kind: 'stored', stored: 50, historical: 0 });
    const state = series();
    expect(typeof state === 'string' ? state : state.lastTs).toBe(NOW - 30 * 24 * 60 * MINUTE + 49 * 100);
  });

  it('takes old readings from a gateway that streams live ones for its backlog: stored, counted, not charted', async () => {
    await send('northwind-gw1', stampsFrom(NOW - 1000, 5));
    // Another series of the same gateway, never charted: the hour-old readings would be in order for it, and are still backlog.
    const outcome = await send('northwind-gw1', stampsFrom(NOW - 60 * MINUTE, 20), 'insulation_thickness');
    expect(outcome).toMatchObject({ kind: 'stored', stored: 20, historical: 20 });
    const state = series('insulation_thickness');
    expect(typeof state === 'string' ? state : state.lastTs).toBe(-Infinity);
  });

  it('counts a point behind its series watermark as historical, whoever sent it', async () => {
    await send('northwind-gw1', stampsFrom(NOW - 10 * MINUTE, 10));
    const outcome = await send('northwind-gw1', stampsFrom(NOW - 20 * MINUTE, 3));
    expect(outcome).toMatchObject({ kind: 'stored', stored: 3, historical: 3 });
  });
});

describe('alerts leave before the store write', () => {
  it('hands a batch alert events over as soon as it is charted, and not again in the outcome', async () => {
    const config = await pipelineTestConfig({ dataDir: mkdtempSync(join(tmpdir(), 'linewatch-ingest-')) });
    let releaseWrite: () => void = () => {};
    const early: string[] = [];
    const slow = new BatchIngestor({
      decode: createMeasurementBatchDecoder(),
      registry: new SeriesRegistry(catalogFromConfig(config), new LiveConfig({ defaults: { subgroupMs: 100, baselineMinutes: 1 } })),
      alerts: new EpisodeBook(),
      // A store that has not finished writing yet.
      store: {
        writeMeasurements: (points) => new Promise((resolve) => (releaseWrite = () => resolve({ written: points.length, rejected: [] }))),
        storedValues: async (keys) => keys.map(() => null),
        appendEvents: async () => {},
      },
      onAlerts: (events) => early.push(...events.map((e) => `${e.kind} ${e.alert.rule}`)),
    });
    // Above the upper spec limit (12.1): out of spec on the first reading.
    const payload = JSON.stringify({ v: 1, seq: 1, points: [{ line: 'extruder-1', characteristic: 'conductor_resistance', ts: NOW - 1000, value: 12.6 }] });
    const pending = slow.ingest({ enterprise: 'northwind-cable', gateway: 'northwind-gw1', payload, receivedAt: NOW });
    await new Promise((resolve) => setImmediate(resolve));
    expect(early).toEqual(['raised outOfSpec']);
    releaseWrite();
    expect(await pending).toMatchObject({ kind: 'stored', stored: 1, alertEvents: [] });
  });
});

describe('redeliveries are told apart by (gateway, epoch, seq)', () => {
  const batchOf = (epoch: string | undefined, seqNo: number, stamps: number[]) =>
    JSON.stringify({ v: 1, ...(epoch === undefined ? {} : { epoch }), seq: seqNo, points: stamps.map((ts) => ({ line: 'extruder-1', characteristic: 'conductor_resistance', ts, value: 11.7 })) });
  const ingest = (payload: string) => ingestor.ingest({ enterprise: 'northwind-cable', gateway: 'northwind-gw1', payload, receivedAt: NOW });

  it("charts a new outbox's seq 1 as new data, and counts a resend within an epoch as duplicates", async () => {
    const first = stampsFrom(NOW - 60 * MINUTE, 10);
    const later = stampsFrom(NOW - 50 * MINUTE, 10);
    expect(await ingest(batchOf('outbox-a', 1, first))).toMatchObject({ kind: 'stored', epoch: 'outbox-a', seq: 1, stored: 10, charted: 10, duplicates: 0 });
    expect(await ingest(batchOf('outbox-b', 1, later))).toMatchObject({ kind: 'stored', epoch: 'outbox-b', seq: 1, stored: 10, charted: 10, duplicates: 0 });
    expect(await ingest(batchOf('outbox-b', 1, later))).toMatchObject({ kind: 'stored', stored: 0, charted: 0, duplicates: 10 });
  });

  it("puts a batch without an epoch (an older gateway) in the epoch ''", async () => {
    const stamps = stampsFrom(NOW - 60 * MINUTE, 5);
    expect(await ingest(batchOf(undefined, 1, stamps))).toMatchObject({ kind: 'stored', epoch: '', stored: 5, duplicates: 0 });
    expect(await ingest(batchOf(undefined, 1, stamps))).toMatchObject({ kind: 'stored', epoch: '', stored: 0, duplicates: 5 });
  });

  it('reads the epoch of a refused batch back, so its ack reaches the right outbox', async () => {
    expect(await ingest('{"v":1,"epoch":"outbox-a","seq":4,"points":[]}')).toMatchObject({ kind: 'refused', epoch: 'outbox-a', seq: 4 });
    expect(await ingest('{"v":1,"epoch":"a/b","seq":5,"points":[]}')).toMatchObject({ kind: 'refused', epoch: '', seq: 5 });
  });
});
