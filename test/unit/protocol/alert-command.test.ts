import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../monitor/alert.js';
import { MAX_COMMENT_LENGTH } from '../../../dashboard/api/alerts.js';
import { ALERT_REPLY_MESSAGE_MAX_LENGTH, decodeAlertCommand, decodeAlertReply, encodeAlertCommand, encodeAlertReply, failureReply, type AlertCommand } from '../../../protocol/alert-command.js';
import { ALERT_COMMENT_MAX_LENGTH, ALERT_MESSAGE_MAX_BYTES, decodeAlertEvent } from '../../../protocol/alert-event.js';
import { ProtocolError } from '../../../protocol/protocol-error.js';

const alert: Alert = {
  id: 'acme.line-1.insulation_thickness.rule1.1740816000000',
  enterprise: 'acme',
  line: 'line-1',
  characteristic: 'insulation_thickness',
  rule: 'shewhart',
  severity: 'high',
  status: 'acknowledged',
  firstSampleTs: 1740816000000,
  lastSampleTs: 1740816000100,
  count: 2,
  firstValue: 0.61,
  lastValue: 0.6,
  raisedAt: 1740816000200,
  rules: [{ rule: 'shewhart', count: 2, firstSampleTs: 1740816000000, lastSampleTs: 1740816000100 }],
  resolvedSampleTs: null,
  shiftSigma: null,
  outOfSpec: null,
  limitsVersion: null,
  acknowledged: { by: 'qa-acme', at: 1740816001000, comment: 'gauge recalibrated', cause: 'gauge', action: null },
  resolved: null,
};

const command: AlertCommand = {
  requestId: '0b6c1f8e-4a5d-4f1e-9a51-2d1f7c9e1a00',
  action: 'acknowledge',
  alertId: alert.id,
  by: 'qa-acme',
  comment: 'gauge recalibrated',
  expiresAt: 1740816006000,
};

const reason = (decoded: { ok: boolean; reason?: string }) => (decoded.ok ? 'ok' : decoded.reason);

describe('alert command', () => {
  it('round-trips', () => {
    expect(decodeAlertCommand(encodeAlertCommand(command))).toEqual({ ok: true, value: command });
    const { expiresAt: _, ...withoutExpiry } = command;
    expect(decodeAlertCommand(JSON.stringify(withoutExpiry))).toEqual({ ok: true, value: withoutExpiry });
  });

  it('ignores unknown fields, so either side may add one', () => {
    expect(decodeAlertCommand(JSON.stringify({ ...command, priority: 'high' }))).toMatchObject({ ok: true, value: { requestId: command.requestId } });
  });

  it.each([
    ['action', { ...command, action: 'delete' }, 'action: expected one of "acknowledge", "resolve", got "delete"'],
    ['alertId', { ...command, alertId: '' }, 'alertId: must have at least 1 characters, got ""'],
    ['by', { ...command, by: 7 }, 'by: expected a string, got 7'],
    ['comment', { ...command, comment: 'x'.repeat(ALERT_COMMENT_MAX_LENGTH + 1) }, /^comment: must have at most 2000 characters/],
    ['expiresAt', { ...command, expiresAt: 1.5 }, 'expiresAt: expected a whole number, got 1.5'],
    ['missing fields', { requestId: command.requestId }, /action: is required; alertId: is required; by: is required; comment: is required/],
  ])('refuses a bad %s with a reason naming the field, and keeps the request id to answer', (_field, input, expected) => {
    const decoded = decodeAlertCommand(JSON.stringify(input));
    expect(decoded.ok).toBe(false);
    if (decoded.ok) return;
    expect(decoded.reason).toMatch(expected);
    expect(decoded.requestId).toBe(command.requestId);
  });

  it('gives no request id when there is none to trust', () => {
    expect(decodeAlertCommand('{"requestId":')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not valid JSON/), requestId: null });
    expect(decodeAlertCommand('[]')).toMatchObject({ ok: false, requestId: null });
    expect(decodeAlertCommand('null')).toMatchObject({ ok: false, requestId: null });
    expect(decodeAlertCommand(JSON.stringify({ ...command, requestId: 'a/b' }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^requestId: expected a request id of 1 to 64/),
      requestId: null,
    });
    expect(decodeAlertCommand(JSON.stringify({ ...command, requestId: 'x'.repeat(65) }))).toMatchObject({ ok: false, requestId: null });
  });

  it('refuses an oversized payload before parsing it', () => {
    const big = JSON.stringify({ ...command, comment: 'x'.repeat(ALERT_MESSAGE_MAX_BYTES) });
    expect(decodeAlertCommand(big)).toMatchObject({ ok: false, reason: expect.stringMatching(/the limit is 65536/), requestId: null });
  });

  it('never throws on hostile input', () => {
    for (const input of ['', '"text"', '1e400', '{"__proto__":{"ok":true}}', Buffer.from([0xff, 0xfe, 0x00]), '{"requestId":{"$gt":""}}']) {
      expect(() => decodeAlertCommand(input)).not.toThrow();
      expect(decodeAlertCommand(input).ok).toBe(false);
    }
  });

  it('refuses to encode a bad command (a bug of the sender)', () => {
    expect(() => encodeAlertCommand({ ...command, action: 'close' as 'resolve' })).toThrow(ProtocolError);
    expect(() => encodeAlertCommand({ ...command, requestId: '' })).toThrow(/alert command: requestId: expected a request id/);
  });

  it('takes every comment the HTTP API accepts', () => {
    expect(ALERT_COMMENT_MAX_LENGTH).toBeGreaterThanOrEqual(MAX_COMMENT_LENGTH);
  });
});

describe('alert reply', () => {
  it('round-trips a success and a refusal', () => {
    const ok = { requestId: command.requestId, ok: true as const, alert };
    expect(decodeAlertReply(encodeAlertReply(ok))).toEqual({ ok: true, value: ok });
    const refused = failureReply(command.requestId, 'LW_ALERT_STATE', 'alert x is resolved; only an active alert can be acknowledged');
    expect(decodeAlertReply(encodeAlertReply(refused))).toEqual({ ok: true, value: refused });
  });

  it('accepts a refusal code it does not know yet (a newer analytics service)', () => {
    const reply = { requestId: 'r1', ok: false, code: 'LW_ALERT_SOMETHING_NEW', message: 'later' };
    expect(decodeAlertReply(JSON.stringify(reply))).toEqual({ ok: true, value: reply });
  });

  it('cuts a long refusal message to the limit', () => {
    const refused = failureReply('r1', 'LW_ALERT_FAILED', 'y'.repeat(5000));
    expect(refused.message).toHaveLength(ALERT_REPLY_MESSAGE_MAX_LENGTH);
    expect(refused.message.endsWith('...')).toBe(true);
  });

  it('says which form was meant and what is wrong with it', () => {
    expect(reason(decodeAlertReply(JSON.stringify({ requestId: 'r1', ok: true, alert: { ...alert, status: 'closed' } })))).toBe(
      'alert.status: expected one of "active", "acknowledged", "resolved", got "closed"',
    );
    expect(reason(decodeAlertReply(JSON.stringify({ requestId: 'r1', ok: false, code: 'oops', message: 'm' })))).toBe('code: expected an error code such as LW_ALERT_STATE, got "oops"');
    expect(reason(decodeAlertReply(JSON.stringify({ requestId: 'r1', ok: 'yes' })))).toMatch(/^ok: expected one of true, false, got "yes"$/);
  });
});

describe('alert event', () => {
  it('reads what the analytics service publishes', () => {
    const event = { kind: 'acknowledged' as const, at: 1740816001000, alert };
    expect(decodeAlertEvent(JSON.stringify(event))).toEqual({ ok: true, value: event });
  });

  it('refuses an event that is not one, with paths', () => {
    expect(reason(decodeAlertEvent(JSON.stringify({ kind: 'raised', at: 1, alert: { ...alert, count: 0, rule: 'rule9' } })))).toBe(
      'alert.rule: expected one of "outOfSpec", "shewhart", "cusumLarge", "cusumSmall", "ewma", "riskLevel", got "rule9"; alert.count: must be at least 1, got 0',
    );
    expect(reason(decodeAlertEvent(JSON.stringify({ kind: 'raised', at: 1, alert: { ...alert, acknowledged: { by: 'x' } } })))).toMatch(/^alert\.acknowledged\.at: is required/);
    expect(reason(decodeAlertEvent('{}'))).toBe('kind: is required; at: is required; alert: is required');
  });
});
