import { describe, expect, it } from 'vitest';
import { CHANNELS, ENTERPRISE_CHANNELS, GATEWAY_CHANNELS } from '../../../protocol/channels.js';
import { idProblem, isValidId } from '../../../protocol/ids.js';
import { ProtocolError } from '../../../protocol/protocol-error.js';
import { ackTopic, alertsTopic, deadLetterTopic, enterpriseChannelFilter, gatewayChannelFilter, measurementsTopic, parseTopic, riskTopic, statusTopic } from '../../../protocol/topics.js';

describe('ids', () => {
  it.each(['a', 'E-01', 'line_7', 'x'.repeat(64)])('accepts %s', (id) => {
    expect(isValidId(id)).toBe(true);
    expect(idProblem('line', id)).toBeNull();
  });

  it.each([
    ['', /is empty/],
    ['x'.repeat(65), /65 characters long; the limit is 64/],
    ['a/b', /contains "\/"/],
    ['a+', /contains "\+"/],
    ['#', /contains "#"/],
    ['$SYS', /contains "\$"/],
    ['a b', /contains " "/],
    ['é', /contains "é"/],
  ])('refuses %j with a reason', (id, reason) => {
    expect(isValidId(id)).toBe(false);
    expect(idProblem('gateway', id)).toMatch(reason);
  });

  it('reserves the enterprise ids that name enterprise channels', () => {
    expect(idProblem('enterprise', 'alerts')).toMatch(/reserved/);
    expect(idProblem('enterprise', 'risk')).toMatch(/reserved/);
    // Only enterprise ids collide with linewatch/v1/<channel>/<enterprise>.
    expect(idProblem('gateway', 'alerts')).toBeNull();
  });

  it('refuses a non-string', () => {
    expect(idProblem('line', 7)).toBe('line id must be a string');
  });
});

describe('topic builders', () => {
  it('puts every gateway channel under the versioned prefix', () => {
    expect(measurementsTopic('E1', 'G1')).toBe('linewatch/v1/E1/G1/measurements');
    expect(ackTopic('E1', 'G1')).toBe('linewatch/v1/E1/G1/ack');
    expect(statusTopic('E1', 'G1')).toBe('linewatch/v1/E1/G1/status');
    expect(deadLetterTopic('E1', 'G1')).toBe('linewatch/v1/E1/G1/deadletter');
  });

  it('puts enterprise channels before the enterprise', () => {
    expect(alertsTopic('E1')).toBe('linewatch/v1/alerts/E1');
    expect(riskTopic('E1')).toBe('linewatch/v1/risk/E1');
  });

  it('builds subscription filters', () => {
    expect(gatewayChannelFilter('measurements')).toBe('linewatch/v1/+/+/measurements');
    expect(gatewayChannelFilter('status', 'E1')).toBe('linewatch/v1/E1/+/status');
    expect(enterpriseChannelFilter('alerts')).toBe('linewatch/v1/alerts/+');
  });

  it('throws a coded error for an id that would break the topic', () => {
    expect(() => measurementsTopic('E1', 'G/1')).toThrow(ProtocolError);
    expect(() => measurementsTopic('E+', 'G1')).toThrow(/enterprise id "E\+" contains "\+"/);
    expect(() => alertsTopic('risk')).toThrow(/reserved/);
    try {
      ackTopic('', 'G1');
    } catch (err) {
      expect((err as ProtocolError).code).toBe('LW_PROTOCOL_BAD_ID');
    }
  });
});

describe('parseTopic', () => {
  it('reads back what every builder writes', () => {
    for (const channel of GATEWAY_CHANNELS) {
      const parsed = parseTopic(`linewatch/v1/E1/G1/${channel}`);
      expect(parsed).toEqual({ ok: true, topic: { scope: 'gateway', channel, enterprise: 'E1', gateway: 'G1' } });
    }
    for (const channel of ENTERPRISE_CHANNELS) {
      expect(parseTopic(`linewatch/v1/${channel}/E1`)).toEqual({ ok: true, topic: { scope: 'enterprise', channel, enterprise: 'E1' } });
    }
  });

  it.each([
    ['', /empty topic/],
    ['$SYS/broker/uptime', /reserved for the broker/],
    ['linewatch/v1/+/G1/measurements', /wildcards/],
    ['linewatch/v1/#', /wildcards/],
    ['linewatch/v2/E1/G1/measurements', /not under 'linewatch\/v1\/'/],
    ['other/v1/E1/G1/measurements', /not under/],
    ['linewatch/v1/E1/G1/commands', /unknown channel "commands"/],
    ['linewatch/v1/news/E1', /unknown channel "news"/],
    ['linewatch/v1/E1//measurements', /gateway id is empty/],
    ['linewatch/v1/E1/G1/measurements/extra', /got 6 levels/],
    ['linewatch/v1/alerts/G1/measurements', /reserved/],
    ['linewatch/v1/E 1/G1/status', /contains " "/],
  ])('refuses %j with a reason', (topic, reason) => {
    const parsed = parseTopic(topic);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });
});

describe('channel table', () => {
  it('uses QoS 1 everywhere and retains only the state channels', () => {
    for (const spec of Object.values(CHANNELS)) expect(spec.qos).toBe(1);
    const retained = Object.entries(CHANNELS)
      .filter(([, s]) => s.retain)
      .map(([name]) => name);
    expect(retained.sort()).toEqual(['members', 'risk', 'status']);
  });

  it('lets only the analytics service publish acks, dead letters, alerts and risk', () => {
    for (const name of ['ack', 'deadletter', 'alerts', 'risk'] as const) expect(CHANNELS[name].publishers).toEqual(['analytics']);
    expect(CHANNELS.ack.readers).toEqual(['own-gateway']);
  });
});
