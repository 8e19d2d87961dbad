/**
 * A restart rebuilds the reels the event log leaves unfinished from the
 * stored marks and readings, on a real embedded store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnalyticsCore } from '../../../analytics/service/analytics-core.js';
import type { AnalyticsOutputs } from '../../../analytics/service/analytics-outputs.js';
import { parseConfig } from '../../../config/load.js';
import { catalogFromConfig, enterpriseProfiles } from '../../../core/catalog/config-catalog.js';
import { REEL_RECORD_KIND } from '../../../protocol/event-kinds.js';
import { decodeReelRecord, encodeReelMark } from '../../../protocol/event-log/reel-records.js';
import { createMeasurementBatchDecoder } from '../../../protocol/measurement-batch.js';
import { openStore } from '../../../store/open-store.js';
import type { TimeSeriesStore } from '../../../store/port.js';
import type { ReelRecord } from '../../../trace/reels/reel-record.js';
import { pipelineTestConfigFile } from '../../support/pipeline-config.js';
import { plainStatistics, rounded } from '../../support/reel-statistics.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const ENTERPRISE = 'northwind-cable';
const LINE = 'extruder-1';
const T0 = NOW - 3_600_000;
const silentOutputs: AnalyticsOutputs = { ack() {}, deadLetter() {}, alert() {}, finding() {}, risk() {} };

let dir: string;
let store: TimeSeriesStore;
let core: AnalyticsCore | null = null;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-reel-recovery-'));
  store = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
});

afterEach(async () => {
  await core?.stop();
  core = null;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('reels after a restart', () => {
  it('gives a reel whose end was stored its final record and opens the last one again, from the stored readings', async () => {
    const readings = Array.from({ length: 300 }, (_, i) => ({ ts: T0 + i * 1000, value: i >= 100 && i < 110 ? 0.45 : 0.7 + Math.sin(i) * 0.01 }));
    await store.writeMeasurements(readings.map((r) => ({ enterprise: ENTERPRISE, line: LINE, characteristic: 'insulation_thickness' as const, ...r })));
    await store.appendEvents([
      encodeReelMark(ENTERPRISE, { line: LINE, reel: 'R1', event: 'start', ts: T0, product: 'BV-1.5' }),
      encodeReelMark(ENTERPRISE, { line: LINE, reel: 'R1', event: 'end', ts: T0 + 150_000 }),
      encodeReelMark(ENTERPRISE, { line: LINE, reel: 'R2', event: 'start', ts: T0 + 150_000, product: 'BV-1.5' }),
    ]);
    const dataDir = join(dir, 'data');
    const config = parseConfig(JSON.stringify(await pipelineTestConfigFile({ dataDir })), 'reels.json', dataDir);
    core = new AnalyticsCore(
      { live: config.live, risk: config.risk, checkpointPath: null },
      {
        store,
        catalog: catalogFromConfig(config),
        enterprises: enterpriseProfiles(config),
        decodeBatch: createMeasurementBatchDecoder(),
        outputs: silentOutputs,
        log: pino({ level: 'silent' }),
        clock: () => NOW,
      },
    );
    await core.open();
    await core.drain();

    const records: ReelRecord[] = [];
    for (const e of await store.readEvents({ enterprise: ENTERPRISE })) {
      if (e.kind !== REEL_RECORD_KIND) continue;
      const decoded = decodeReelRecord(e);
      if (!decoded.ok) throw new Error(decoded.reason);
      records.push(decoded.value);
    }
    const r1 = records.find((r) => r.reel === 'R1')!;
    expect(r1).toMatchObject({ status: 'final', endedBy: 'end', endedAt: T0 + 150_000, verdict: 'nonconforming' });
    const { n, min, max, mean, sd, ppk, outOfSpec } = r1.characteristics[0];
    const { metresOutOfSpec: _none, ...plain } = rounded(plainStatistics(readings, T0, T0 + 150_000, 0.53, null));
    expect(rounded({ n, min, max, mean, sd, ppk, outOfSpec })).toEqual(plain);
    expect(r1.characteristics[0].metresOutOfSpec).toBeNull(); // stored readings carry no position

    const open = core.openReels(ENTERPRISE);
    expect(open.map((r) => [r.reel, r.status, r.characteristics[0].n])).toEqual([['R2', 'open', 150]]);
    expect(records.find((r) => r.reel === 'R2')).toMatchObject({ status: 'open' });
  });
});
