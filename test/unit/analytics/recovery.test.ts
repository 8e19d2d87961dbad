/**
 * Restoring from the event log, on a real embedded store: one pass over
 * the log, only the enterprises a worker takes over, alert book and class
 * states together, and a record the codec refuses logged with its identity
 * and path and counted, never fatal and never silently dropped.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreFromEventLog } from '../../../analytics/service/recovery.js';
import type { EnterpriseRiskSummary } from '../../../core/enterprise-risk/risk-views.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { encodeAlertRecord } from '../../../protocol/event-log/alert-records.js';
import { encodeFindingRecord } from '../../../protocol/event-log/finding-records.js';
import { encodeRiskRecord } from '../../../protocol/event-log/risk-records.js';
import type { Finding } from '../../../core/findings/finding.js';
import { openStore } from '../../../store/open-store.js';
import type { EventQuery, StoredEvent, TimeSeriesStore } from '../../../store/port.js';

const T0 = Date.UTC(2026, 0, 5);
let dataDir: string;
let store: TimeSeriesStore;

function summary(id: string, at: number): EnterpriseRiskSummary {
  return {
    id,
    name: id,
    score: 30,
    level: 'medium',
    registeredClass: 'B',
    suggestedClass: 'B',
    classDiffers: false,
    lastInspection: '2025-06-01',
    nextInspection: '2026-06-01',
    inspectionDue: false,
    activeAlerts: 0,
    topContributors: [],
    dataAgeMs: 0,
    at,
  };
}

/** The store, with every paged query it answers and no other read allowed. */
function watched(inner: TimeSeriesStore): { store: TimeSeriesStore; queries: EventQuery[] } {
  const queries: EventQuery[] = [];
  const store: TimeSeriesStore = {
    ...inner,
    adapter: inner.adapter,
    readEventPage: (query) => {
      queries.push(query);
      return inner.readEventPage(query);
    },
    readEvents: () => Promise.reject(new Error('recovery must not read the whole log')),
  };
  return { store, queries };
}

function capturingLogger(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { log: pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) }), lines };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'linewatch-recovery-'));
  store = await openStore({ kind: 'embedded', dataDir });
  const book = new EpisodeBook();
  const records: StoredEvent[] = [];
  for (const enterprise of ['acme', 'beta', 'gamma']) {
    const series = { enterprise, line: 'L1', characteristic: 'insulation_thickness' };
    const raised = book.signal(series, 'ewma', T0, 1, T0 + 1000)!;
    records.push(encodeAlertRecord(raised));
    records.push(encodeAlertRecord(book.acknowledge(raised.alert.id, 'qa', 'seen', T0 + 2000)));
    records.push(encodeRiskRecord(summary(enterprise, T0 + 3000), { smoothed: 33, suggested: 'B', pending: null, pendingSince: null, pendingForMs: 0, at: T0 + 3000 }));
  }
  // Bad records of acme: an alert without its state, and a risk record with a broken summary.
  records.push({ id: 'acme.L2.insulation_thickness.ewma.1', at: T0 + 4000, kind: 'raised', enterprise: 'acme', data: { alert: { id: 'acme.L2.insulation_thickness.ewma.1' } } });
  records.push({ id: 'risk.acme', at: T0 + 5000, kind: 'risk.assessed', enterprise: 'acme', data: { summary: { level: 'high' } } });
  // An old class state (no pendingForMs) after a good one: the good one stays.
  records.push(encodeRiskRecord(summary('beta', T0 + 6000), null));
  await store.appendEvents(records);
});
afterAll(async () => {
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('restoreFromEventLog', () => {
  it('restores only the enterprises taken over, reading only theirs, in one pass', async () => {
    const { store: s, queries } = watched(store);
    const { log } = capturingLogger();
    const book = new EpisodeBook();
    const restored = await restoreFromEventLog(s, book, log, new Set(['beta', 'gamma']));
    expect(restored.alerts).toBe(4);
    expect(restored.badRecords).toBe(0);
    expect([...restored.classStates.keys()].sort()).toEqual(['beta', 'gamma']);
    // Raised at the same instant: listed in the order restored, as a stable sort would.
    expect(book.list().map((a) => [a.enterprise, a.status])).toEqual([
      ['beta', 'acknowledged'],
      ['gamma', 'acknowledged'],
    ]);
    expect(queries.length).toBe(1);
    expect([...(queries[0].enterprises ?? [])].sort()).toEqual(['beta', 'gamma']);
  });

  it('restores every enterprise without a set, logging and counting the records it cannot decode', async () => {
    const { store: s } = watched(store);
    const { log, lines } = capturingLogger();
    const book = new EpisodeBook();
    const restored = await restoreFromEventLog(s, book, log);
    expect(restored.alerts).toBe(6);
    expect(restored.badRecords).toBe(2);
    expect(book.size).toBe(3);
    expect([...restored.classStates.keys()].sort()).toEqual(['acme', 'beta', 'gamma']);
    const refused = lines.filter((l) => typeof l.reason === 'string');
    expect(refused.map((l) => [(l.record as StoredEvent).id, (l.record as StoredEvent).kind])).toEqual([
      ['acme.L2.insulation_thickness.ewma.1', 'raised'],
      ['risk.acme', 'risk.assessed'],
    ]);
    expect(refused[0].reason).toMatch(/^data\.alert\.\w+: /);
    expect(refused[1].reason).toMatch(/^data\.summary\.\w+: /);
  });

  it('keeps the last resumable class state when a later one cannot be resumed', async () => {
    const restored = await restoreFromEventLog(store, new EpisodeBook(), capturingLogger().log, new Set(['beta']));
    expect(restored.classStates.get('beta')).toMatchObject({ smoothed: 33, at: T0 + 3000 });
  });

  it('restores the newest stored state of each finding of the enterprises taken over', async () => {
    const finding = (enterprise: string, line: string): Finding => ({
      id: `${enterprise}.drift.${line}.thickness.${T0}`,
      enterprise,
      kind: 'drift',
      severity: 'medium',
      status: 'open',
      openedAt: T0,
      updatedAt: T0,
      closedAt: null,
      line,
      characteristic: 'thickness',
      gateway: null,
      summary: 'drifting',
      evidence: { hoursToLimit: 3 },
    });
    const stillOpen = finding('beta', 'L1');
    const closed = finding('beta', 'L2');
    const closedState: Finding = { ...closed, status: 'closed', closedAt: T0 + 500, updatedAt: T0 + 500 };
    const findingsDir = mkdtempSync(join(tmpdir(), 'linewatch-recovery-findings-'));
    const own = await openStore({ kind: 'embedded', dataDir: findingsDir });
    try {
      await own.appendEvents([
        encodeFindingRecord({ kind: 'opened', at: T0, finding: stillOpen }),
        encodeFindingRecord({ kind: 'opened', at: T0, finding: closed }),
        encodeFindingRecord({ kind: 'closed', at: T0 + 500, finding: closedState }),
        encodeFindingRecord({ kind: 'opened', at: T0, finding: finding('gamma', 'L1') }),
      ]);
      const restored = await restoreFromEventLog(own, new EpisodeBook(), capturingLogger().log, new Set(['beta']));
      expect(restored.findings.map((f) => [f.id, f.status]).sort()).toEqual([
        [stillOpen.id, 'open'],
        [closed.id, 'closed'],
      ]);
      expect(restored.badRecords).toBe(0);
    } finally {
      await own.close();
      rmSync(findingsDir, { recursive: true, force: true });
    }
  });
});
