import { describe, expect, it } from 'vitest';
import { CHANNELS, SERVICE_CHANNELS } from '../../../protocol/channels.js';
import { ProtocolError } from '../../../protocol/protocol-error.js';
import { commandsTopic, parseTopic, repliesTopic, serviceChannelFilter } from '../../../protocol/topics.js';

describe('service topics (a dashboard service and the analytics service)', () => {
  it('puts the channel before the service id', () => {
    expect(commandsTopic('dash-1')).toBe('linewatch/v1/commands/dash-1');
    expect(repliesTopic('dash-1')).toBe('linewatch/v1/replies/dash-1');
    expect(serviceChannelFilter('commands')).toBe('linewatch/v1/commands/+');
  });

  it('refuses a service id that would break the topic', () => {
    expect(() => commandsTopic('dash/1')).toThrow(ProtocolError);
    expect(() => repliesTopic('')).toThrow(/service id is empty/);
  });

  it('reads back what the builders write', () => {
    for (const channel of SERVICE_CHANNELS) {
      expect(parseTopic(`linewatch/v1/${channel}/dash-1`)).toEqual({ ok: true, topic: { scope: 'service', channel, service: 'dash-1' } });
    }
  });

  it.each([
    ['linewatch/v1/commands/dash 1', /service id "dash 1" contains " "/],
    ['linewatch/v1/replies/', /service id is empty/],
    ['linewatch/v1/orders/dash-1', /unknown channel "orders".*commands\|replies\|members\/<service>/],
  ])('refuses %j with a reason', (topic, reason) => {
    const parsed = parseTopic(topic);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toMatch(reason);
  });

  it('has a dashboard send commands that only analytics reads, and analytics answer only that dashboard', () => {
    expect(CHANNELS.commands).toMatchObject({ scope: 'service', qos: 1, retain: false, publishers: ['own-dashboard'], readers: ['analytics'] });
    expect(CHANNELS.replies).toMatchObject({ scope: 'service', qos: 1, retain: false, publishers: ['analytics'], readers: ['own-dashboard'] });
  });
});
