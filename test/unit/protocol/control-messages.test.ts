import { describe, expect, it } from 'vitest';
import { decodeAck, encodeAck } from '../../../protocol/ack.js';
import { boundedCopy, decodeDeadLetter, encodeDeadLetter, isPointsDeadLetter, messageDeadLetter, pointsDeadLetter } from '../../../protocol/dead-letter.js';
import { decodeMeasurementBatch } from '../../../protocol/measurement-batch.js';
import { ProtocolError } from '../../../protocol/protocol-error.js';
import { decodeGatewayStatus, encodeGatewayStatus, gatewayWill } from '../../../protocol/status.js';
import { statusTopic } from '../../../protocol/topics.js';

describe('ack', () => {
  it('round-trips', () => {
    const ack = { seq: 42, stored: 97, duplicates: 0, rejected: 3 };
    expect(decodeAck(encodeAck(ack))).toEqual({ ok: true, value: ack });
  });

  it('says what is wrong with a bad ack', () => {
    expect(decodeAck('{"seq":1,"stored":-1,"duplicates":0}')).toEqual({
      ok: false,
      reason: 'rejected: is required; stored: must be at least 0, got -1',
    });
    expect(decodeAck('nope')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not valid JSON/) });
  });

  it('echoes the batch epoch when there is one, and leaves it out when there is none', () => {
    const ack = { epoch: '3f2a9c1e-7b4d-4c2a-9e1f-0a1b2c3d4e5f', seq: 1, stored: 2, duplicates: 0, rejected: 0 };
    expect(JSON.parse(encodeAck(ack))).toEqual(ack);
    expect(decodeAck(encodeAck(ack))).toEqual({ ok: true, value: ack });
    expect(encodeAck({ seq: 1, stored: 2, duplicates: 0, rejected: 0 })).not.toContain('epoch');
  });

  it('refuses an epoch outside its syntax, in either direction', () => {
    expect(decodeAck('{"epoch":"a/b","seq":1,"stored":0,"duplicates":0,"rejected":0}')).toEqual({
      ok: false,
      reason: expect.stringMatching(/^epoch: .*an epoch of 1 to 64 letters, digits or '-'/),
    });
    expect(() => encodeAck({ epoch: '', seq: 1, stored: 0, duplicates: 0, rejected: 0 })).toThrow(/epoch must be an epoch of 1 to 64/);
  });

  it('refuses to encode a negative count', () => {
    expect(() => encodeAck({ seq: 1, stored: -1, duplicates: 0, rejected: 0 })).toThrow(ProtocolError);
  });
});

describe('gateway status', () => {
  it('round-trips online and offline', () => {
    for (const state of ['online', 'offline'] as const) {
      expect(decodeGatewayStatus(encodeGatewayStatus({ state, at: 1_700_000_000_000 }))).toEqual({ ok: true, value: { state, at: 1_700_000_000_000 } });
    }
  });

  it('refuses an unknown state', () => {
    expect(decodeGatewayStatus('{"state":"sleeping","at":1}')).toEqual({ ok: false, reason: 'state: expected one of "online", "offline", got "sleeping"' });
  });

  it('builds a retained QoS 1 offline will on the status topic', () => {
    const will = gatewayWill(statusTopic('E1', 'G1'), 5);
    expect(will).toMatchObject({ topic: 'linewatch/v1/E1/G1/status', qos: 1, retain: true });
    expect(decodeGatewayStatus(will.payload)).toEqual({ ok: true, value: { state: 'offline', at: 5 } });
  });
});

describe('dead letters', () => {
  it('carries refused points with index, point and reason', () => {
    const decoded = decodeMeasurementBatch('{"v":1,"seq":9,"points":[{"line":"L1","characteristic":"eccentricity","ts":1718006400000,"value":null}]}');
    if (!decoded.ok) throw new Error(decoded.reason);
    const letter = pointsDeadLetter('E1', 'G1', decoded.seq, decoded.rejected);
    const back = decodeDeadLetter(encodeDeadLetter(letter));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(isPointsDeadLetter(back.value)).toBe(true);
    expect(back.value).toEqual({
      seq: 9,
      enterprise: 'E1',
      gateway: 'G1',
      rejected: [
        { index: 0, point: { line: 'L1', characteristic: 'eccentricity', ts: 1718006400000, value: null }, reason: expect.stringMatching(/^points\[0\]\.value: expected a number, got null/) },
      ],
    });
  });

  it('quotes only the start of a refused message', () => {
    const payload = Buffer.from(`{"v":1,${'x'.repeat(1000)}`);
    const letter = messageDeadLetter('E1', 'G1', 'not valid JSON: ...', payload);
    expect(letter.payloadBytes).toBe(payload.length);
    expect(letter.payloadPreview.length).toBeLessThanOrEqual(259);
    expect(letter.payloadPreview.endsWith('...')).toBe(true);
    const back = decodeDeadLetter(encodeDeadLetter(letter));
    expect(back.ok && !isPointsDeadLetter(back.value)).toBe(true);
  });

  it('does not cut a multi-byte character in half', () => {
    const letter = messageDeadLetter('E1', 'G1', 'r', Buffer.from('é'.repeat(200)));
    expect(letter.payloadPreview).not.toContain('\uFFFD');
  });

  it('echoes a hostile point bounded and shallow, so it can always be encoded', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const copy = boundedCopy({ line: 'x'.repeat(10_000), nested: deep, obj: { a: 1 }, ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, i])) }) as Record<string, unknown>;
    expect(String(copy.line).length).toBeLessThan(200);
    expect(copy.nested).toBe('[an array of 1]');
    expect(copy.obj).toBe('[an object]');
    expect(copy['...']).toBe('17 more fields');
    expect(() => JSON.stringify(copy)).not.toThrow();
    expect(boundedCopy(deep)).toBe('[an array of 1]');
  });
});
