/**
 * The event-log codec: every stored kind written by its encoder decodes to
 * what was written (through the store's JSON body, as both adapters keep
 * it), and a record that is not what its kind says gives a reason with the
 * path of what is wrong, never an exception.
 */
import { describe, expect, it } from 'vitest';
import type { EnterpriseRiskSummary } from '../../../core/enterprise-risk/risk-views.js';
import { ENTERPRISE_SCOPE, type AlertEvent } from '../../../monitor/alert.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { decodeAlertRecord, encodeAlertRecord } from '../../../protocol/event-log/alert-records.js';
import { decodeEventLogRecord, EVENT_LOG_KINDS } from '../../../protocol/event-log/event-log.js';
import { decodeProductRecord, encodeProductRecord } from '../../../protocol/event-log/product-records.js';
import { decodeRiskRecord, encodeRiskRecord } from '../../../protocol/event-log/risk-records.js';
import type { ClassState } from '../../../risk/supervision.js';
import { decodeEvent, encodeEventBody } from '../../../store/event-body.js';
import type { StoredEvent } from '../../../store/port.js';

/** The record as an adapter gives it back: key columns plus the JSON body. */
function throughStore(record: StoredEvent): StoredEvent {
  return decodeEvent({ id: record.id, at: record.at, kind: record.kind, enterprise: record.enterprise }, encodeEventBody(record));
}

const SERIES = { enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness' };

/** One event of every alert kind, from a real book. */
function alertEvents(): AlertEvent[] {
  const book = new EpisodeBook();
  const raised = book.signal(SERIES, 'ewma', 1000, 0.71, 2000, { limitsVersion: 3, shiftSigma: 1.2 })!;
  const updated = book.signal(SERIES, 'ewma', 1100, 0.72, 2100)!;
  const escalated = book.signal(SERIES, 'shewhart', 1200, 0.9, 2200)!;
  const acknowledged = book.acknowledge(raised.alert.id, 'qa-li', 'die worn "A"\nline 1', 3000, 'tooling');
  const resolved = book.resolve(raised.alert.id, 'qa-li', 'replaced', 4000, 'tooling', 'replaced-tooling');
  const other = book.signal({ enterprise: 'acme', ...ENTERPRISE_SCOPE }, 'riskLevel', 5000, 61, 5000)!;
  const auto = book.autoResolve(other.alert, 6000, 6000);
  return [raised, updated, escalated, acknowledged, resolved, other, auto];
}

const SUMMARY: EnterpriseRiskSummary = {
  id: 'acme',
  name: 'Acme Cables',
  score: 41.5,
  level: 'medium',
  registeredClass: 'B',
  suggestedClass: 'C',
  classDiffers: true,
  lastInspection: '2025-11-02',
  nextInspection: '2026-05-02',
  inspectionDue: false,
  activeAlerts: 2,
  topContributors: [{ line: 'L1', characteristic: 'insulation_thickness', diagnosis: 'drifting', score: 55, share: 0.7, summary: 'drifting up' }],
  dataAgeMs: null,
  at: 7000,
};
const CLASS: ClassState = { smoothed: 44.2, suggested: 'B', pending: 'C', pendingSince: 6000, pendingForMs: 1000, at: 7000 };

describe('alert episode records', () => {
  it.each(alertEvents().map((e) => [e.kind, e] as const))('round-trips a %s event', (_kind, event) => {
    const record = throughStore(encodeAlertRecord(event));
    expect(decodeAlertRecord(record)).toEqual({ ok: true, value: event });
    expect(decodeEventLogRecord(record)).toEqual({ ok: true, value: { type: 'alert', record, event } });
  });

  it('puts what readers filter on in the envelope', () => {
    const [raised, , , acknowledged, , enterpriseWide] = alertEvents();
    expect(encodeAlertRecord(raised)).toMatchObject({
      id: raised.alert.id,
      kind: 'raised',
      at: 2000,
      enterprise: 'acme',
      line: 'L1',
      characteristic: 'insulation_thickness',
      rule: 'ewma',
      severity: raised.alert.severity,
    });
    expect(encodeAlertRecord(acknowledged)).toMatchObject({ by: 'qa-li', comment: 'die worn "A"\nline 1' });
    const wide = encodeAlertRecord(enterpriseWide);
    expect(wide.line).toBeUndefined();
    expect(wide.characteristic).toBeUndefined();
  });

  it('gives the path of what is wrong', () => {
    const good = encodeAlertRecord(alertEvents()[0]);
    const alert = good.data!.alert as Record<string, unknown>;
    const bad = (data: Record<string, unknown>, over: Partial<StoredEvent> = {}) => decodeAlertRecord({ ...good, ...over, data: data as StoredEvent['data'] });
    expect(bad({ alert: { ...alert, severity: 'dreadful' } })).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.alert\.severity: /) });
    expect(bad({ alert: { ...alert, rules: [{ rule: 'ewma', count: -1, firstSampleTs: 1, lastSampleTs: 1 }] } })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^data\.alert\.rules\[0\]\.count: /),
    });
    expect(bad({})).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.alert: /) });
    expect(bad({ alert }, { id: 'someone-else' })).toEqual({ ok: false, reason: expect.stringMatching(/^data\.alert\.id: .* is not the record's id "someone-else"/) });
    expect(bad({ alert }, { enterprise: 'beta' })).toEqual({ ok: false, reason: expect.stringMatching(/^data\.alert\.enterprise: /) });
    expect(bad({ alert }, { kind: 'deleted' })).toEqual({ ok: false, reason: expect.stringMatching(/^kind: expected one of raised, /) });
  });

  it('refuses an alert stored before episodes (no evidence list) instead of trusting it', () => {
    const old: StoredEvent = { id: 'acme.L1.x.rule1.1', at: 1, kind: 'raised', enterprise: 'acme', data: { alert: { id: 'acme.L1.x.rule1.1', rule: 'rule1', severity: 'high', status: 'active' } } };
    const decoded = decodeAlertRecord(old);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.reason).toMatch(/data\.alert\./);
  });
});

describe('risk assessment records', () => {
  it('round-trips an assessment with its class state, and one without', () => {
    for (const classState of [CLASS, null]) {
      const record = throughStore(encodeRiskRecord(SUMMARY, classState));
      expect(record).toMatchObject({ id: 'risk.acme', kind: 'risk.assessed', at: 7000, enterprise: 'acme' });
      const assessment = { enterprise: 'acme', at: 7000, summary: SUMMARY, classState };
      expect(decodeRiskRecord(record)).toEqual({ ok: true, value: assessment });
      expect(decodeEventLogRecord(record)).toEqual({ ok: true, value: { type: 'risk', record, assessment } });
    }
  });

  it('reads a class state stored before the class ran in sample time', () => {
    const record = encodeRiskRecord(SUMMARY, null);
    const old = { ...record, data: { ...record.data, classState: { smoothed: 30, suggested: 'B', at: 7000 } } };
    expect(decodeRiskRecord(old)).toMatchObject({ ok: true, value: { classState: { smoothed: 30, suggested: 'B', at: 7000 } } });
  });

  it('gives the path of what is wrong', () => {
    const record = encodeRiskRecord(SUMMARY, CLASS);
    const summary = record.data!.summary as Record<string, unknown>;
    expect(decodeRiskRecord({ ...record, data: { summary: { level: 'high' } } })).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.summary\.\w+: /) });
    expect(decodeRiskRecord({ ...record, data: { ...record.data, summary: { ...summary, level: 'grave' } } })).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.summary\.level: /) });
    expect(decodeRiskRecord({ ...record, data: { ...record.data, classState: { ...CLASS, suggested: 'D' } } })).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.classState/) });
    expect(decodeRiskRecord({ ...record, enterprise: 'beta' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.summary\.id: /) });
  });
});

describe('any record', () => {
  it('names an unknown kind', () => {
    expect(decodeEventLogRecord({ id: 'x', at: 1, kind: 'finding.opened', enterprise: 'acme' })).toEqual({ ok: false, reason: expect.stringMatching(/^kind: unknown event kind "finding.opened"/) });
  });

  it('reports a body the store could not read, for every kind', () => {
    const key = { id: 'x', at: 1, enterprise: 'acme' };
    for (const kind of ['raised', 'risk.assessed']) {
      const record = decodeEvent({ ...key, kind }, '{"data": {"alert"');
      expect(record.bodyProblem).toMatch(/^body is not JSON/);
      expect(decodeEventLogRecord(record)).toEqual({ ok: false, reason: expect.stringMatching(/^body: body is not JSON/) });
    }
    expect(decodeEvent({ ...key, kind: 'raised' }, '{"line": 3}').bodyProblem).toBe('body.line: expected a string, got 3');
    expect(decodeEvent({ ...key, kind: 'raised' }, '[1]').bodyProblem).toBe('body is not a JSON object');
  });
});

describe('product changeover records', () => {
  const change = { enterprise: 'acme', line: 'L1', at: 1_718_000_000_000, from: 'BV-1.5', to: 'BV-2.5' };

  it('round-trips a changeover, and one from an unknown product', () => {
    for (const c of [change, { ...change, from: null }]) {
      const record = throughStore(encodeProductRecord(c));
      expect(record).toMatchObject({ id: 'product.L1', kind: 'product.changed', at: c.at, enterprise: 'acme' });
      expect(decodeProductRecord(record)).toEqual({ ok: true, value: c });
      expect(decodeEventLogRecord(record)).toEqual({ ok: true, value: { type: 'product', record, change: c } });
    }
    expect(EVENT_LOG_KINDS).toContain('product.changed');
  });

  it('gives the path of what is wrong', () => {
    const record = encodeProductRecord(change);
    const bad = (data: Record<string, unknown>, over: Partial<StoredEvent> = {}) => decodeProductRecord({ ...record, ...over, data: data as StoredEvent['data'] });
    expect(bad({ line: 'L1', from: 'BV-1.5', to: 'BV 2.5' })).toEqual({ ok: false, reason: expect.stringMatching(/^data\.to: expected a product id of/) });
    expect(bad({ line: 'L1', from: 3, to: 'BV-2.5' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.from: /) });
    expect(bad({ line: 'L1', to: 'BV-2.5' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.from: /) });
    expect(bad({ line: 'L2', from: 'BV-1.5', to: 'BV-2.5' })).toEqual({ ok: false, reason: expect.stringMatching(/^id: "product\.L1" is not the id of line "L2"/) });
    expect(bad({ line: 'L1', from: 'BV-2.5', to: 'BV-2.5' })).toEqual({ ok: false, reason: expect.stringMatching(/^data\.to: "BV-2\.5" is the product made before/) });
    expect(bad({ line: 'L1', from: 'BV-1.5', to: 'BV-2.5' }, { kind: 'risk.assessed' })).toEqual({ ok: false, reason: expect.stringMatching(/^kind: expected "product\.changed"/) });
    expect(decodeEventLogRecord(decodeEvent({ id: 'product.L1', at: 1, enterprise: 'acme', kind: 'product.changed' }, '{"data": {'))).toEqual({
      ok: false,
      reason: expect.stringMatching(/^body: body is not JSON/),
    });
  });
});
