import { describe, expect, it } from 'vitest';
import { checkPublish, checkReceive, checkSubscribe, type AclVerdict } from '../../../broker/acl.js';
import type { Principal } from '../../../broker/principal.js';

const gw: Principal = { kind: 'gateway', enterprise: 'E1', gateway: 'G1' };
const analytics: Principal = { kind: 'service', role: 'analytics' };
const dashboard: Principal = { kind: 'service', role: 'dashboard' };
/** Dashboard services with ids, as accountsFromConfig builds them: each owns its command and reply topics. */
const dash1: Principal = { kind: 'service', role: 'dashboard', id: 'dash-1' };
const dash2: Principal = { kind: 'service', role: 'dashboard', id: 'dash-2' };
const analyticsWithId: Principal = { kind: 'service', role: 'analytics', id: 'analytics' };

const pub = (p: Principal, topic: string, retain = false) => checkPublish(p, { topic, retain });
const code = (v: AclVerdict) => (v.allowed ? 'allowed' : v.code);

describe('checkPublish: a gateway', () => {
  it('publishes its own measurements and status (retained or not)', () => {
    expect(pub(gw, 'linewatch/v1/E1/G1/measurements')).toEqual({ allowed: true });
    expect(pub(gw, 'linewatch/v1/E1/G1/status', true)).toEqual({ allowed: true });
    expect(pub(gw, 'linewatch/v1/E1/G1/status', false)).toEqual({ allowed: true });
  });

  it.each([
    ['linewatch/v1/E2/G1/measurements', 'foreign-enterprise'],
    ['linewatch/v1/E2/G9/status', 'foreign-enterprise'],
    ['linewatch/v1/alerts/E2', 'foreign-enterprise'],
    ['linewatch/v1/E1/G2/measurements', 'foreign-gateway'],
    ['linewatch/v1/E1/G1/ack', 'channel-not-permitted'],
    ['linewatch/v1/E1/G1/deadletter', 'channel-not-permitted'],
    ['linewatch/v1/alerts/E1', 'channel-not-permitted'],
    ['linewatch/v1/risk/E1', 'channel-not-permitted'],
    ['$SYS/broker/clients', 'reserved-topic'],
    ['$share/g/linewatch/v1/E1/G1/measurements', 'reserved-topic'],
    ['linewatch/v1/E1/+/measurements', 'wildcard-in-topic'],
    ['linewatch/v1/#', 'wildcard-in-topic'],
    ['linewatch/v1/E1/G1/measurements/#', 'wildcard-in-topic'],
    ['other/E1/G1/measurements', 'outside-namespace'],
    ['linewatch/v2/E1/G1/measurements', 'outside-namespace'],
    ['/linewatch/v1/E1/G1/measurements', 'outside-namespace'],
    ['linewatch/v1/E1/G1/commands', 'malformed-topic'],
    ['linewatch/v1/E1/G1//measurements', 'malformed-topic'],
    ['linewatch/v1/E1/G1', 'malformed-topic'],
    ['', 'malformed-topic'],
    [`linewatch/v1/E1/G1/measurements${'/x'.repeat(300)}`, 'topic-too-long'],
  ])('is refused %j (%s)', (topic, expected) => {
    const verdict = pub(gw, topic);
    expect(code(verdict)).toBe(expected);
    if (!verdict.allowed) expect(verdict.reason.length).toBeGreaterThan(10);
  });

  it('may not retain measurements', () => {
    expect(code(pub(gw, 'linewatch/v1/E1/G1/measurements', true))).toBe('retain-not-permitted');
  });

  it('explains a refusal in words', () => {
    expect(pub(gw, 'linewatch/v1/E2/G1/measurements')).toEqual({
      allowed: false,
      code: 'foreign-enterprise',
      reason: 'gateway of enterprise "E1" may not publish to enterprise "E2" ("linewatch/v1/E2/G1/measurements")',
    });
    expect(pub(gw, 'linewatch/v1/alerts/E1')).toMatchObject({ reason: 'a gateway may not publish to the alerts channel; only the analytics service does' });
  });
});

describe('checkPublish: services', () => {
  it('lets the analytics service publish acks, dead letters, alerts and risk for anyone', () => {
    for (const topic of ['linewatch/v1/E7/G3/ack', 'linewatch/v1/E7/G3/deadletter', 'linewatch/v1/alerts/E7']) expect(pub(analytics, topic)).toEqual({ allowed: true });
    expect(pub(analytics, 'linewatch/v1/risk/E7', true)).toEqual({ allowed: true });
  });

  it('keeps the analytics service off gateway channels, $SYS and wildcards', () => {
    expect(code(pub(analytics, 'linewatch/v1/E7/G3/measurements'))).toBe('channel-not-permitted');
    expect(code(pub(analytics, 'linewatch/v1/E7/G3/status', true))).toBe('channel-not-permitted');
    expect(code(pub(analytics, '$SYS/x'))).toBe('reserved-topic');
    expect(code(pub(analytics, 'linewatch/v1/alerts/+'))).toBe('wildcard-in-topic');
    expect(code(pub(analytics, 'linewatch/v1/alerts/E7', true))).toBe('retain-not-permitted');
  });

  it('lets the dashboard publish nothing', () => {
    for (const topic of ['linewatch/v1/alerts/E1', 'linewatch/v1/risk/E1', 'linewatch/v1/E1/G1/ack', 'linewatch/v1/E1/G1/measurements']) {
      expect(code(pub(dashboard, topic))).toBe('channel-not-permitted');
    }
  });
});

describe('checkSubscribe', () => {
  it('lets a gateway read exactly its own acks', () => {
    expect(checkSubscribe(gw, 'linewatch/v1/E1/G1/ack')).toEqual({ allowed: true });
  });

  it.each([
    ['#', 'outside-namespace'],
    ['linewatch/#', 'outside-namespace'],
    ['linewatch/v1/#', 'filter-too-broad'],
    ['linewatch/v1/E1/G1/#', 'filter-too-broad'],
    ['linewatch/v1/E1/G1/+', 'filter-too-broad'],
    ['linewatch/v1/E1/+/ack', 'filter-too-broad'],
    ['linewatch/v1/+/G1/ack', 'filter-too-broad'],
    ['linewatch/v1/+/+/ack', 'filter-too-broad'],
    ['linewatch/v1/E1/G2/ack', 'foreign-gateway'],
    ['linewatch/v1/E2/G1/ack', 'foreign-enterprise'],
    ['linewatch/v1/E1/G1/measurements', 'channel-not-permitted'],
    ['linewatch/v1/E1/G1/status', 'channel-not-permitted'],
    ['linewatch/v1/E1/G1/deadletter', 'channel-not-permitted'],
    ['linewatch/v1/alerts/E1', 'channel-not-permitted'],
    ['linewatch/v1/+/E1', 'filter-too-broad'],
    ['$SYS/#', 'reserved-topic'],
    ['$SYS/+/new/clients', 'reserved-topic'],
    ['+/v1/E1/G1/ack', 'outside-namespace'],
    ['+/+/+/+/+', 'outside-namespace'],
    ['linewatch/v1/E1/G1+/ack', 'malformed-topic'],
    ['linewatch/v1/E1/G1/ack/extra', 'malformed-topic'],
    ['linewatch/v1/E1/G1/weird', 'malformed-topic'],
    [`linewatch/v1/E1/${'G'.repeat(600)}/ack`, 'topic-too-long'],
  ])('refuses a gateway %j (%s)', (filter, expected) => {
    expect(code(checkSubscribe(gw, filter))).toBe(expected);
  });

  it('lets the analytics service read measurements and status of all or one enterprise, and its own outputs', () => {
    for (const filter of [
      'linewatch/v1/+/+/measurements',
      'linewatch/v1/E1/+/measurements',
      'linewatch/v1/E1/G1/measurements',
      'linewatch/v1/+/+/status',
      'linewatch/v1/risk/+',
      'linewatch/v1/alerts/+',
    ]) {
      expect(checkSubscribe(analytics, filter)).toEqual({ allowed: true });
    }
    expect(code(checkSubscribe(analytics, 'linewatch/v1/+/+/ack'))).toBe('channel-not-permitted');
    expect(code(checkSubscribe(analytics, 'linewatch/v1/+/+/+'))).toBe('filter-too-broad');
    expect(code(checkSubscribe(analytics, 'linewatch/v1/#'))).toBe('filter-too-broad');
  });

  it('lets the dashboard read what it shows, but never acks', () => {
    for (const filter of ['linewatch/v1/alerts/+', 'linewatch/v1/risk/+', 'linewatch/v1/+/+/status', 'linewatch/v1/+/+/measurements', 'linewatch/v1/+/+/deadletter']) {
      expect(checkSubscribe(dashboard, filter)).toEqual({ allowed: true });
    }
    expect(code(checkSubscribe(dashboard, 'linewatch/v1/E1/G1/ack'))).toBe('channel-not-permitted');
  });
});

describe('checkReceive', () => {
  it('applies the subscription rule to one topic', () => {
    expect(checkReceive(gw, 'linewatch/v1/E1/G1/ack')).toEqual({ allowed: true });
    expect(code(checkReceive(gw, 'linewatch/v1/E1/G2/ack'))).toBe('foreign-gateway');
    expect(checkReceive(analytics, 'linewatch/v1/E9/G9/measurements')).toEqual({ allowed: true });
  });
});

describe('alert commands and replies (service channels)', () => {
  it('lets a dashboard service publish commands under its own id only', () => {
    expect(pub(dash1, 'linewatch/v1/commands/dash-1')).toEqual({ allowed: true });
    expect(pub(dash1, 'linewatch/v1/commands/dash-2')).toEqual({
      allowed: false,
      code: 'channel-not-permitted',
      reason: 'the dashboard service "dash-1" may publish commands only under its own id, not "dash-2" ("linewatch/v1/commands/dash-2")',
    });
    // A principal without an id owns no service topic.
    expect(code(pub(dashboard, 'linewatch/v1/commands/dash-1'))).toBe('channel-not-permitted');
    expect(code(pub(dash1, 'linewatch/v1/commands/dash-1', true))).toBe('retain-not-permitted');
    expect(code(pub(dash1, 'linewatch/v1/commands/+'))).toBe('wildcard-in-topic');
  });

  it('keeps everyone else off the command channel', () => {
    expect(pub(analytics, 'linewatch/v1/commands/dash-1')).toMatchObject({
      allowed: false,
      code: 'channel-not-permitted',
      reason: 'the analytics service may not publish to the commands channel; only the dashboard service named in the topic does',
    });
    expect(code(pub(analyticsWithId, 'linewatch/v1/commands/analytics'))).toBe('channel-not-permitted');
    expect(code(pub(gw, 'linewatch/v1/commands/dash-1'))).toBe('channel-not-permitted');
    // A gateway whose id happens to be a dashboard's is still a gateway.
    expect(code(pub({ kind: 'gateway', enterprise: 'E1', gateway: 'dash-1' }, 'linewatch/v1/commands/dash-1'))).toBe('channel-not-permitted');
  });

  it('lets only the analytics service publish replies, to any dashboard', () => {
    expect(pub(analytics, 'linewatch/v1/replies/dash-1')).toEqual({ allowed: true });
    expect(pub(analytics, 'linewatch/v1/replies/dash-2')).toEqual({ allowed: true });
    expect(code(pub(dash1, 'linewatch/v1/replies/dash-1'))).toBe('channel-not-permitted');
    expect(code(pub(dash1, 'linewatch/v1/replies/dash-2'))).toBe('channel-not-permitted');
    expect(code(pub(gw, 'linewatch/v1/replies/dash-1'))).toBe('channel-not-permitted');
    expect(code(pub(analytics, 'linewatch/v1/replies/dash-1', true))).toBe('retain-not-permitted');
  });

  it('refuses malformed service topics', () => {
    expect(code(pub(dash1, 'linewatch/v1/commands/dash.1'))).toBe('malformed-topic');
    expect(code(pub(dash1, 'linewatch/v1/commands'))).toBe('malformed-topic');
    expect(code(pub(dash1, 'linewatch/v1/commands/dash-1/extra'))).toBe('malformed-topic');
    expect(code(checkSubscribe(analytics, 'linewatch/v1/commands/a b'))).toBe('malformed-topic');
  });

  it("lets the analytics service read every dashboard's commands, and no replies", () => {
    expect(checkSubscribe(analytics, 'linewatch/v1/commands/+')).toEqual({ allowed: true });
    expect(checkSubscribe(analytics, 'linewatch/v1/commands/dash-1')).toEqual({ allowed: true });
    expect(code(checkSubscribe(analytics, 'linewatch/v1/replies/+'))).toBe('channel-not-permitted');
    expect(code(checkSubscribe(analytics, 'linewatch/v1/+/dash-1'))).toBe('filter-too-broad');
  });

  it('lets a dashboard read exactly its own replies, and no commands', () => {
    expect(checkSubscribe(dash1, 'linewatch/v1/replies/dash-1')).toEqual({ allowed: true });
    expect(checkSubscribe(dash1, 'linewatch/v1/replies/dash-2')).toEqual({
      allowed: false,
      code: 'channel-not-permitted',
      reason: 'the dashboard service "dash-1" may not read the replies of "dash-2"',
    });
    expect(code(checkSubscribe(dash1, 'linewatch/v1/replies/+'))).toBe('filter-too-broad');
    expect(code(checkSubscribe(dashboard, 'linewatch/v1/replies/dash-1'))).toBe('channel-not-permitted');
    expect(code(checkSubscribe(dash1, 'linewatch/v1/commands/dash-1'))).toBe('channel-not-permitted');
    expect(code(checkSubscribe(dash1, 'linewatch/v1/commands/+'))).toBe('channel-not-permitted');
    expect(code(checkSubscribe(gw, 'linewatch/v1/replies/dash-1'))).toBe('channel-not-permitted');
    expect(code(checkSubscribe(gw, 'linewatch/v1/commands/+'))).toBe('channel-not-permitted');
  });

  it('checks delivery with the same rule', () => {
    expect(checkReceive(dash1, 'linewatch/v1/replies/dash-1')).toEqual({ allowed: true });
    expect(code(checkReceive(dash2, 'linewatch/v1/replies/dash-1'))).toBe('channel-not-permitted');
    expect(checkReceive(analytics, 'linewatch/v1/commands/dash-2')).toEqual({ allowed: true });
  });

  it('leaves what a dashboard may read otherwise unchanged', () => {
    for (const filter of ['linewatch/v1/alerts/+', 'linewatch/v1/risk/+', 'linewatch/v1/+/+/status']) expect(checkSubscribe(dash1, filter)).toEqual({ allowed: true });
    for (const topic of ['linewatch/v1/alerts/E1', 'linewatch/v1/E1/G1/ack']) expect(code(pub(dash1, topic))).toBe('channel-not-permitted');
  });
});

describe('analytics workers announce themselves on members/<worker>', () => {
  it('lets the analytics service publish its presence retained and read every worker', () => {
    expect(pub(analyticsWithId, 'linewatch/v1/members/w1', true)).toEqual({ allowed: true });
    expect(checkSubscribe(analytics, 'linewatch/v1/members/+')).toEqual({ allowed: true });
  });

  it('refuses a gateway or a dashboard that would announce or watch workers', () => {
    expect(code(pub(gw, 'linewatch/v1/members/w1', true))).toBe('channel-not-permitted');
    expect(code(pub(dash1, 'linewatch/v1/members/dash-1', true))).toBe('channel-not-permitted');
    expect(code(checkSubscribe(gw, 'linewatch/v1/members/+'))).toBe('channel-not-permitted');
    expect(code(checkSubscribe(dash1, 'linewatch/v1/members/+'))).toBe('channel-not-permitted');
  });
});
