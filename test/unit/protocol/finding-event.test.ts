/** The finding event codecs: the bus payload and the stored finding.changed record. */
import { describe, expect, it } from 'vitest';
import type { Finding, FindingEvent } from '../../../core/findings/finding.js';
import { FINDING_EVENT_KIND } from '../../../protocol/event-kinds.js';
import { decodeEventLogRecord } from '../../../protocol/event-log/event-log.js';
import { decodeFindingRecord, encodeFindingRecord } from '../../../protocol/event-log/finding-records.js';
import { decodeFindingEvent, encodeFindingEvent } from '../../../protocol/finding-event.js';

const AT = Date.UTC(2026, 0, 5, 12);

const finding: Finding = {
  id: `acme.silent-gateway.-.gw-1.${AT}`,
  enterprise: 'acme',
  kind: 'silent-gateway',
  severity: 'high',
  status: 'open',
  openedAt: AT,
  updatedAt: AT,
  closedAt: null,
  line: null,
  characteristic: null,
  gateway: 'gw-1',
  summary: 'gateway gw-1 has sent nothing for 12 minutes',
  evidence: { silentMs: 720_000, lastSeen: null, gateway: 'gw-1' },
};
const event: FindingEvent = { kind: 'opened', at: AT, finding };

describe('finding event on the bus', () => {
  it('decodes what it encodes', () => {
    expect(decodeFindingEvent(encodeFindingEvent(event))).toEqual({ ok: true, value: event });
  });

  it('refuses, naming the path, a bad kind, a bad severity, a missing field and bad JSON, without throwing', () => {
    const bad = (value: unknown) => decodeFindingEvent(JSON.stringify(value));
    expect(bad({ ...event, kind: 'reopened' })).toMatchObject({ ok: false, reason: expect.stringContaining('kind') });
    expect(bad({ ...event, finding: { ...finding, severity: 'dire' } })).toMatchObject({ ok: false, reason: expect.stringContaining('finding.severity') });
    const { summary: _dropped, ...noSummary } = finding;
    expect(bad({ ...event, finding: noSummary })).toMatchObject({ ok: false, reason: expect.stringContaining('summary') });
    expect(decodeFindingEvent('{"kind":')).toMatchObject({ ok: false });
    expect(decodeFindingEvent(new Uint8Array([0xff, 0xfe]))).toMatchObject({ ok: false });
  });

  it('refuses a finding whose status, closing time and event kind disagree', () => {
    expect(decodeFindingEvent(JSON.stringify({ ...event, finding: { ...finding, closedAt: AT } }))).toEqual({ ok: false, reason: 'finding.closedAt: an open finding has no closing time' });
    expect(decodeFindingEvent(JSON.stringify({ ...event, kind: 'closed' }))).toEqual({ ok: false, reason: 'finding.status: a closed event cannot carry an open finding' });
  });
});

describe('finding.changed record in the event log', () => {
  it('is written with the finding id, enterprise and event time, and decodes back, also through the log-wide decoder', () => {
    const record = encodeFindingRecord(event);
    expect(record).toMatchObject({ id: finding.id, at: AT, kind: FINDING_EVENT_KIND, enterprise: 'acme' });
    // Stored and read back as JSON, as the adapters do.
    const roundTripped = JSON.parse(JSON.stringify(record));
    expect(decodeFindingRecord(roundTripped)).toEqual({ ok: true, value: event });
    expect(decodeEventLogRecord(roundTripped)).toMatchObject({ ok: true, value: { type: 'finding', event } });
  });

  it("refuses a record of another kind, a body problem, a bad finding, and one whose id or enterprise is not the finding's", () => {
    const record = encodeFindingRecord(event);
    expect(decodeFindingRecord({ ...record, kind: 'risk.assessed' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^kind: /) });
    expect(decodeFindingRecord({ ...record, bodyProblem: 'not JSON' })).toEqual({ ok: false, reason: 'body: not JSON' });
    expect(decodeFindingRecord({ ...record, data: { ...record.data, finding: { ...finding, openedAt: -1 } } })).toMatchObject({ ok: false, reason: expect.stringContaining('data.finding.openedAt') });
    expect(decodeFindingRecord({ ...record, id: 'other' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.finding\.id: /) });
    expect(decodeFindingRecord({ ...record, enterprise: 'beta' })).toMatchObject({ ok: false, reason: expect.stringMatching(/^data\.finding\.enterprise: /) });
  });
});
