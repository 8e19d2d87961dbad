import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { createLogger } from '../../ops/logger.js';
import { REEL_RECORD_KIND } from '../../protocol/event-kinds.js';
import { decodeReelRecord } from '../../protocol/event-log/reel-records.js';
import { GaugeNoise } from '../../simulators/gauge-noise.js';
import { startEmbeddedStack } from '../../stack/embedded-stack.js';
import type { ReelRecord } from '../../trace/reels/reel-record.js';
import { pipelineTestConfigFile, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { startLinewatch } from '../support/processes.js';
import { plainStatistics, rounded } from '../support/reel-statistics.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const ENTERPRISE = 'northwind-cable';
const LINE = 'extruder-1';
const KEY = { enterprise: ENTERPRISE, line: LINE, characteristic: 'insulation_thickness' } as const;
/** BV-1.5's insulation (pipeline-config.ts): 0.7 mm nominal, 0.53 mm minimum. */
const LSL = 0.53;
const REEL_MS = 2 * 60_000;
const EVERY_MS = 200;

/**
 * `linewatch gateway --stdin` lines: five reels of two minutes on extruder-1
 * at 5 Hz. R1 and R5 end with an end mark, the others at the next reel's
 * start. The insulation runs thin (0.45 mm, below the 0.53 mm minimum) from
 * 3:30 to 4:30: across the change from R2 to R3, touching those two only.
 */
function recording(start: number): string {
  const noise = new GaugeNoise({ sigma: 0.008, phi: 0.3, tDof: 8, seed: 23 });
  const thin = [start + 3.5 * 60_000, start + 4.5 * 60_000];
  const lines: string[] = [];
  for (let r = 0; r < 5; r++) {
    const from = start + r * REEL_MS;
    lines.push(`${LINE},reel,${new Date(from).toISOString()},R${r + 1},start${r === 0 ? ',BV-1.5' : ''}`);
    for (let ts = from; ts < from + REEL_MS; ts += EVERY_MS) {
      const level = ts >= thin[0] && ts < thin[1] ? 0.45 : 0.7;
      lines.push(`${LINE},insulation_thickness,${ts},${(level + noise.next()).toFixed(4)}`);
    }
    if (r === 0 || r === 4) lines.push(`${LINE},reel,${new Date(from + REEL_MS).toISOString()},R${r + 1},end`);
  }
  return `${lines.join('\n')}\n`;
}

describe('reels of a replayed line', () => {
  it('marks exactly the reels the thin stretch touched nonconforming, each record equal to its stored readings recomputed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linewatch-reels-'));
    dirs.push(dir);
    const json = await pipelineTestConfigFile({ dataDir: join(dir, 'data') });
    const file = join(dir, 'linewatch.json');
    writeFileSync(file, JSON.stringify(json));
    const stack = await startEmbeddedStack({ config: parseConfig(JSON.stringify(json), file, dir), httpPort: 0, mqttPort: 0, log: createLogger('reels', 'silent') });
    try {
      const start = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
      const readings = (5 * REEL_MS) / EVERY_MS;
      const gateway = startLinewatch(
        'gateway',
        ['gateway', '--config', file, '--gateway', 'northwind-gw1', '--stdin', '--mqtt', stack.mqttUrl, '--outbox', join(dir, 'outbox')],
        { LINEWATCH_GATEWAY_PASSWORD: TEST_PASSWORDS.gateway },
        { stdin: true },
      );
      gateway.child.stdin!.end(recording(start));
      await gateway.waitFor(/input ended, \d+ points taken/, 60_000);
      const storedReadings = async () => stack.store.readSeries(KEY, { from: 0, to: Date.now() });
      for (let waited = 0; (await storedReadings()).ts.length < readings && waited < 60_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
      const finals = async () => (await recordsOf(stack.store)).filter((r) => r.status === 'final');
      for (let waited = 0; (await finals()).length < 5 && waited < 30_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
      expect(await gateway.terminate()).toBe(0);
      await stack.analytics.drain();

      const series = await storedReadings();
      expect(series.ts.length).toBe(readings);
      const stored = Array.from(series.ts, (ts, i) => ({ ts, value: series.value[i] }));
      const records = await recordsOf(stack.store);
      expect(records.map((r) => [r.reel, r.status, r.endedBy, r.verdict])).toEqual([
        ['R1', 'final', 'end', 'conforming'],
        ['R2', 'final', 'next-start', 'nonconforming'],
        ['R3', 'final', 'next-start', 'nonconforming'],
        ['R4', 'final', 'next-start', 'conforming'],
        ['R5', 'final', 'end', 'conforming'],
      ]);
      for (const [i, record] of records.entries()) {
        expect(record).toMatchObject({ enterprise: ENTERPRISE, line: LINE, product: 'BV-1.5', startedAt: start + i * REEL_MS, endedAt: start + (i + 1) * REEL_MS, lateReadings: 0 });
        expect(record.characteristics.map((c) => c.characteristic)).toEqual(['insulation_thickness']);
        const c = record.characteristics[0];
        const plain = plainStatistics(stored, record.startedAt, record.endedAt, LSL, null);
        const { n, min, max, mean, sd, ppk, outOfSpec } = c;
        const { metresOutOfSpec: _noPositions, ...recomputed } = rounded(plain);
        expect(rounded({ n, min, max, mean, sd, ppk, outOfSpec })).toEqual(recomputed);
        expect(c).toMatchObject({ lsl: LSL, usl: null, metresOutOfSpec: null });
      }
      // The thin minute: 30 s at the end of R2 and 30 s at the start of R3, 150 readings each.
      expect(records.map((r) => r.characteristics[0].outOfSpec)).toEqual([0, 150, 150, 0, 0]);
      expect(records.reduce((n, r) => n + r.characteristics[0].n, 0)).toBe(readings);
      expect(stack.analytics.openReels(ENTERPRISE)).toEqual([]);
    } finally {
      await stack.stop();
    }
  }, 180_000);
});

/** The stored reel records of the line, decoded, by start. */
async function recordsOf(store: { readEvents(filter: { enterprise: string }): Promise<import('../../domain/event-log-record.js').StoredEvent[]> }): Promise<ReelRecord[]> {
  const events = (await store.readEvents({ enterprise: ENTERPRISE })).filter((e) => e.kind === REEL_RECORD_KIND);
  return events
    .map((e) => {
      const decoded = decodeReelRecord(e);
      if (!decoded.ok) throw new Error(`stored reel record ${e.id} does not decode: ${decoded.reason}`);
      return decoded.value;
    })
    .sort((a, b) => a.startedAt - b.startedAt);
}
