import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchIngestor } from '../../../analytics/ingest/batch-ingestor.js';
import { catalogFromConfig } from '../../../core/catalog/config-catalog.js';
import { SeriesRegistry } from '../../../core/series/series-registry.js';
import type { StoredEvent } from '../../../domain/event-log-record.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { LiveConfig } from '../../../monitor/live-config.js';
import { decodeReelMark } from '../../../protocol/event-log/reel-records.js';
import { createMeasurementBatchDecoder } from '../../../protocol/measurement-batch.js';
import type { Measurement } from '../../../store/port.js';
import { pipelineTestConfig } from '../../support/pipeline-config.js';

const T = Date.UTC(2026, 10, 23, 9, 0, 0);

async function ingestorWithJournal() {
  const config = await pipelineTestConfig({ dataDir: mkdtempSync(join(tmpdir(), 'linewatch-reel-ingest-')) });
  const registry = new SeriesRegistry(catalogFromConfig(config), new LiveConfig({ defaults: { subgroupMs: 100, baselineMinutes: 1 } }));
  // The order the store sees writes in: marks must be durable no later than the readings of their batch.
  const writes: string[] = [];
  const events: StoredEvent[] = [];
  const store = {
    writeMeasurements: async (points: readonly Measurement[]) => {
      writes.push(`readings ${points.length}`);
      return { written: points.length, rejected: [] };
    },
    storedValues: async (keys: readonly unknown[]) => keys.map(() => null),
    appendEvents: async (appended: readonly StoredEvent[]) => {
      writes.push(`events ${appended.length}`);
      events.push(...appended);
    },
  };
  return { ingestor: new BatchIngestor({ decode: createMeasurementBatchDecoder(), registry, alerts: new EpisodeBook(), store }), writes, events };
}

describe('reel marks at ingest', () => {
  it('are stored in the event log before the readings of their batch, and returned in order', async () => {
    const { ingestor, writes, events } = await ingestorWithJournal();
    const points = [
      { line: 'extruder-1', reel: 'R1', event: 'start', ts: T, product: 'BV-1.5', metres: 10 },
      { line: 'extruder-1', characteristic: 'insulation_thickness', ts: T + 100, value: 0.7 },
      { line: 'extruder-1', reel: 'R1', event: 'end', ts: T + 200 },
    ];
    const outcome = await ingestor.ingest({ enterprise: 'northwind-cable', gateway: 'northwind-gw1', payload: JSON.stringify({ v: 1, seq: 1, points }), receivedAt: T + 300 });
    if (outcome.kind !== 'stored') throw new Error(outcome.reason);
    expect(writes).toEqual(['events 2', 'readings 1']);
    expect(outcome.reels.map((m) => [m.index, m.reel, m.event])).toEqual([
      [0, 'R1', 'start'],
      [2, 'R1', 'end'],
    ]);
    expect(outcome.stored).toBe(1);
    expect(events.map((e) => decodeReelMark(e))).toEqual([
      { ok: true, value: { enterprise: 'northwind-cable', line: 'extruder-1', reel: 'R1', event: 'start', ts: T, product: 'BV-1.5', metres: 10 } },
      { ok: true, value: { enterprise: 'northwind-cable', line: 'extruder-1', reel: 'R1', event: 'end', ts: T + 200 } },
    ]);
  });

  it('refuses a mark of a line the enterprise does not have, or of an unknown product, with why; the rest goes on', async () => {
    const { ingestor, events } = await ingestorWithJournal();
    const points = [
      { line: 'extruder-9', reel: 'R1', event: 'start', ts: T },
      { line: 'extruder-1', reel: 'R2', event: 'start', ts: T, product: 'XYZ-9' },
      { line: 'extruder-1', reel: 'R3', event: 'start', ts: T },
    ];
    const outcome = await ingestor.ingest({ enterprise: 'northwind-cable', gateway: 'northwind-gw1', payload: JSON.stringify({ v: 1, seq: 2, points }), receivedAt: T + 300 });
    if (outcome.kind !== 'stored') throw new Error(outcome.reason);
    expect(outcome.rejected.map((r) => r.reason)).toEqual([
      "points[0].line: enterprise 'northwind-cable' has no line 'extruder-9'",
      expect.stringMatching(/^points\[1\]\.product: unknown product 'XYZ-9' \(not among the configuration's products: .*\)$/),
    ]);
    expect(outcome.reels.map((m) => m.reel)).toEqual(['R3']);
    expect(events).toHaveLength(1);
  });
});
