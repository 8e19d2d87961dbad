/**
 * The risk loop keeps the finding events it publishes: one write per round
 * to a real embedded store, read back through the event-log codec; a store
 * that fails costs a log line and a count, never the round. The engine is a
 * stand-in that reports one finding event per round (the finding rules are
 * core's, tested there); end to end, test/feature/compose-layout-risk.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RiskLoop } from '../../../analytics/risk/risk-loop.js';
import type { RiskEngine } from '../../../core/enterprise-risk/risk-engine.js';
import type { Finding, FindingEvent } from '../../../core/findings/finding.js';
import { FINDING_EVENT_KIND } from '../../../protocol/event-kinds.js';
import { decodeFindingRecord } from '../../../protocol/event-log/finding-records.js';
import { openStore } from '../../../store/open-store.js';
import type { TimeSeriesStore } from '../../../store/port.js';

const NOW = Date.UTC(2026, 0, 5, 12);

const finding: Finding = {
  id: `acme.off-centre.L1.thickness.${NOW}`,
  enterprise: 'acme',
  kind: 'off-centre',
  severity: 'medium',
  status: 'open',
  openedAt: NOW,
  updatedAt: NOW,
  closedAt: null,
  line: 'L1',
  characteristic: 'thickness',
  gateway: null,
  summary: 'L1 thickness runs off centre',
  evidence: { cpk: 0.9 },
};

/** Assesses nothing and opens one finding per round. */
function engineOpening(event: FindingEvent): RiskEngine {
  return {
    due: () => ['acme'],
    openEpisodes: () => new Map(),
    assessSome: (_ids: readonly string[], _now: number, _open: unknown, events: FindingEvent[]) => {
      events.push(event);
      return [];
    },
    classState: () => null,
  } as unknown as RiskEngine;
}

let dir: string;
let store: TimeSeriesStore;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-risk-loop-findings-'));
  store = await openStore({ kind: 'embedded', dataDir: dir });
});

afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function loop(target: TimeSeriesStore, published: FindingEvent[], lines: Record<string, unknown>[] = []): RiskLoop {
  const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  const event: FindingEvent = { kind: 'opened', at: NOW, finding };
  return new RiskLoop(
    engineOpening(event),
    target,
    () => {},
    (e) => published.push(e),
    log,
    () => NOW,
    { assessEveryMs: 1000, assessAllEveryMs: 60_000 },
  );
}

describe('RiskLoop storing findings', () => {
  it('stores each finding event it publishes, as a finding.changed record that decodes back', async () => {
    const published: FindingEvent[] = [];
    const riskLoop = loop(store, published);
    await riskLoop.tick(true);
    expect(published).toHaveLength(1);
    const records = (await store.readEvents({ enterprise: 'acme', id: finding.id })).filter((r) => r.kind === FINDING_EVENT_KIND);
    expect(records.map((r) => decodeFindingRecord(r))).toEqual([{ ok: true, value: published[0] }]);
    expect(riskLoop.findingsNotStored).toBe(0);
  });

  it('publishes even when the store fails, and logs and counts what it could not keep', async () => {
    const published: FindingEvent[] = [];
    const lines: Record<string, unknown>[] = [];
    const failing: TimeSeriesStore = { ...store, adapter: store.adapter, appendEvents: () => Promise.reject(new Error('disk full')) };
    const riskLoop = loop(failing, published, lines);
    await expect(riskLoop.tick(true)).resolves.toBeUndefined();
    expect(published).toHaveLength(1);
    expect(riskLoop.findingsNotStored).toBe(1);
    expect(lines).toContainEqual(expect.objectContaining({ err: 'disk full', findings: [`opened ${finding.id}`] }));
  });
});
