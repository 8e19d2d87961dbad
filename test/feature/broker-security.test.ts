/**
 * The broker's security, end to end: a real aedes broker listening on
 * 127.0.0.1 (port 0), real MQTT.js clients over TCP. A refused PUBLISH cannot
 * be NACKed in MQTT 3.1.1; the broker closes the connection, and these tests
 * prove the message reached no one: neither a subscriber nor the broker's
 * routing (aedes' 'publish' event).
 */
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerAccount } from '../../broker/accounts.js';
import { createBroker, type LinewatchBroker } from '../../broker/create-broker.js';
import type { BrokerLogger, Refusal } from '../../broker/refusal-log.js';
import type { RefusalCode } from '../../broker/refusals.js';
import { decodeGatewayStatus, encodeGatewayStatus, gatewayWill } from '../../protocol/status.js';
import { ackTopic, alertsTopic, measurementsTopic, statusTopic } from '../../protocol/topics.js';
import { hashPassword } from '../../security/password.js';

const PASSWORDS: Record<string, string> = {
  'E1-gw1': 'pw-e1-gw1',
  'E1-gw2': 'pw-e1-gw2',
  'E2-gw1': 'pw-e2-gw1',
  analytics: 'pw-analytics',
  dashboard: 'pw-dashboard',
  'E1-edge': 'pw-e1-edge',
  'E1-host': 'pw-e1-host',
};

let broker: LinewatchBroker;
let url: string;
const refusals: Refusal[] = [];
const refusalWaiters: { code: RefusalCode; resolve: (r: Refusal) => void }[] = [];
/** Every PUBLISH the broker routed for a client: a refused one must never be here. */
const routed: string[] = [];
const clients: MqttClient[] = [];

beforeAll(async () => {
  // Small scrypt cost for speed; the cost travels with each hash, production hashes keep N=16384.
  const hash = (u: string) => hashPassword(PASSWORDS[u], { N: 16 });
  const accounts: BrokerAccount[] = [
    { username: 'E1-gw1', passwordHash: await hash('E1-gw1'), principal: { kind: 'gateway', enterprise: 'E1', gateway: 'E1-gw1' } },
    { username: 'E1-gw2', passwordHash: await hash('E1-gw2'), principal: { kind: 'gateway', enterprise: 'E1', gateway: 'E1-gw2' } },
    { username: 'E2-gw1', passwordHash: await hash('E2-gw1'), principal: { kind: 'gateway', enterprise: 'E2', gateway: 'E2-gw1' } },
    { username: 'analytics', passwordHash: await hash('analytics'), principal: { kind: 'service', role: 'analytics' } },
    { username: 'dashboard', passwordHash: await hash('dashboard'), principal: { kind: 'service', role: 'dashboard' } },
    // Sparkplug B: a plant's edge (or bridge) for group g1, and the gateway that reads it as a host.
    { username: 'E1-edge', passwordHash: await hash('E1-edge'), principal: { kind: 'gateway', enterprise: 'E1', gateway: 'E1-edge', sparkplug: { role: 'edge', groups: ['g1'] } } },
    { username: 'E1-host', passwordHash: await hash('E1-host'), principal: { kind: 'gateway', enterprise: 'E1', gateway: 'E1-host', sparkplug: { role: 'host', groups: ['g1'] } } },
  ];
  const quiet: BrokerLogger = { info: () => {}, warn: () => {} };
  broker = createBroker({
    accounts,
    settings: { port: 0, maxPayloadBytes: 64 * 1024, maxPacketBytes: 128 * 1024 },
    logger: quiet,
    onRefusal: (r) => {
      refusals.push(r);
      for (const w of refusalWaiters.splice(0).filter((w) => (w.code === r.code ? (w.resolve(r), false) : true))) refusalWaiters.push(w);
    },
  });
  broker.aedes.on('publish', (packet, client) => {
    if (client) routed.push(packet.topic);
  });
  ({ url } = await broker.listen());
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
});

afterAll(async () => {
  await broker.close();
});

function nextRefusal(code: RefusalCode): Promise<Refusal> {
  return new Promise((resolve) => refusalWaiters.push({ code, resolve }));
}

/** Connects and resolves once CONNACK accepts; rejects with the CONNACK code otherwise. */
function connect(username: string | undefined, options: Partial<IClientOptions> = {}): Promise<MqttClient> {
  const client = mqtt.connect(url, {
    clientId: username ?? 'nobody',
    ...(username !== undefined ? { username, password: PASSWORDS[username] } : {}),
    protocolVersion: 4,
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    ...options,
  });
  clients.push(client);
  return new Promise((resolve, reject) => {
    client.once('connect', () => resolve(client));
    client.once('error', reject);
    client.once('close', () => reject(new Error('closed before CONNACK')));
  });
}

/** Collects messages on a filter; `next()` waits for the next one. */
async function listen(client: MqttClient, filter: string) {
  const messages: { topic: string; payload: string; retain: boolean }[] = [];
  const waiting: (() => void)[] = [];
  client.on('message', (topic, payload, packet) => {
    messages.push({ topic, payload: payload.toString(), retain: packet.retain });
    for (const w of waiting.splice(0)) w();
  });
  await client.subscribeAsync(filter, { qos: 1 });
  return {
    messages,
    next: (count = messages.length + 1) => new Promise<void>((resolve) => (messages.length >= count ? resolve() : waiting.push(() => messages.length >= count && resolve()))),
  };
}

const codeOf = (err: unknown) => (err as { code?: number }).code;
/** The return codes of the SUBACK that refused a subscription (MQTT.js rejects with the packet attached). */
const subackOf = (err: unknown) => (err as { packet?: { granted?: number[] } }).packet?.granted;

describe('authentication', () => {
  it('refuses a wrong password with CONNACK 4', async () => {
    const refused = nextRefusal('bad-password');
    const err = await connect('E1-gw1', { password: 'wrong' }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe(4);
    expect(await refused).toMatchObject({ code: 'bad-password', action: 'connect', username: 'E1-gw1' });
  });

  it('refuses an unknown user with the same CONNACK 4', async () => {
    const refused = nextRefusal('unknown-user');
    const err = await connect('intruder', { password: 'whatever' }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe(4);
    await refused;
  });

  it('refuses a client without credentials', async () => {
    const err = await connect(undefined).catch((e: unknown) => e);
    expect(codeOf(err)).toBe(4);
  });

  it('refuses a client id that belongs to another account, so the analytics session cannot be knocked off', async () => {
    const analytics = await connect('analytics');
    const err = await connect('E1-gw1', { clientId: 'analytics' }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe(2);
    expect(analytics.connected).toBe(true);
  });

  it("refuses a last will on another enterprise's status topic with CONNACK 5", async () => {
    const err = await connect('E1-gw1', { will: gatewayWill(statusTopic('E2', 'E2-gw1'), 1) }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe(5);
  });
});

describe('publishing: a refused message reaches no one and costs the publisher its connection', () => {
  async function expectRefusedPublish(publisher: MqttClient, topic: string, code: RefusalCode, options: { retain?: boolean; payload?: Buffer } = {}) {
    const refused = nextRefusal(code);
    // Not events.once: it rejects on 'error', and a connection cut mid-write shows up as
    // ECONNRESET or EPIPE on the client side, which is the expected outcome here.
    const closed = new Promise<void>((resolve) => publisher.once('close', () => resolve()));
    publisher.on('error', () => {});
    const routedBefore = routed.length;
    publisher.publish(topic, options.payload ?? '{"forged":true}', { qos: 1, retain: options.retain ?? false });
    const refusal = await refused;
    await closed;
    expect(routed.slice(routedBefore)).not.toContain(topic);
    return refusal;
  }

  it('refuses a gateway publishing under another enterprise; a subscribed analytics client never receives it', async () => {
    const analytics = await connect('analytics');
    const inbox = await listen(analytics, 'linewatch/v1/+/+/measurements');
    const before = broker.refusals()['foreign-enterprise'];

    const intruder = await connect('E1-gw1');
    const refusal = await expectRefusedPublish(intruder, measurementsTopic('E2', 'E2-gw1'), 'foreign-enterprise');
    expect(refusal).toMatchObject({ action: 'publish', clientId: 'E1-gw1', username: 'E1-gw1', reason: expect.stringContaining('may not publish to enterprise "E2"') });
    expect(broker.refusals()['foreign-enterprise']).toBe(before + 1);

    // The rightful gateway's message arrives, and it is the only one.
    const owner = await connect('E2-gw1');
    await owner.publishAsync(measurementsTopic('E2', 'E2-gw1'), '{"genuine":true}', { qos: 1 });
    await inbox.next(1);
    expect(inbox.messages).toEqual([{ topic: 'linewatch/v1/E2/E2-gw1/measurements', payload: '{"genuine":true}', retain: false }]);
  });

  it('refuses a gateway publishing as another gateway of its own enterprise', async () => {
    await expectRefusedPublish(await connect('E1-gw1'), measurementsTopic('E1', 'E1-gw2'), 'foreign-gateway');
  });

  it('refuses wildcards in a publish topic', async () => {
    const analytics = await connect('analytics');
    const inbox = await listen(analytics, 'linewatch/v1/+/+/measurements');
    await expectRefusedPublish(await connect('E1-gw1'), 'linewatch/v1/E1/+/measurements', 'wildcard-in-topic');
    await expectRefusedPublish(await connect('E1-gw1'), 'linewatch/v1/#', 'wildcard-in-topic');
    const gw = await connect('E1-gw1');
    await gw.publishAsync(measurementsTopic('E1', 'E1-gw1'), 'ok', { qos: 1 });
    await inbox.next(1);
    expect(inbox.messages.map((m) => m.payload)).toEqual(['ok']);
  });

  it('refuses $SYS publishes, from gateways and services alike', async () => {
    await expectRefusedPublish(await connect('E1-gw1'), '$SYS/forged/heartbeat', 'reserved-topic');
    await expectRefusedPublish(await connect('analytics'), '$SYS/forged/new/clients', 'reserved-topic');
  });

  it('refuses alerts from anyone but the analytics service', async () => {
    const dashboard = await connect('dashboard');
    const inbox = await listen(dashboard, 'linewatch/v1/alerts/+');
    await expectRefusedPublish(await connect('E1-gw1'), alertsTopic('E1'), 'channel-not-permitted');
    await expectRefusedPublish(await connect('E1-gw1'), alertsTopic('E2'), 'foreign-enterprise');
    await expectRefusedPublish(await connect('dashboard', { clientId: 'dashboard:2' }), alertsTopic('E1'), 'channel-not-permitted');
    const analytics = await connect('analytics');
    await analytics.publishAsync(alertsTopic('E1'), '{"alert":1}', { qos: 1 });
    await inbox.next(1);
    expect(inbox.messages).toEqual([{ topic: 'linewatch/v1/alerts/E1', payload: '{"alert":1}', retain: false }]);
  });

  it('refuses a gateway forging its own acknowledgement', async () => {
    await expectRefusedPublish(await connect('E1-gw1'), ackTopic('E1', 'E1-gw1'), 'channel-not-permitted');
  });

  it('refuses a very long topic', async () => {
    const refusal = await expectRefusedPublish(await connect('E1-gw1'), `linewatch/v1/E1/E1-gw1/${'x'.repeat(5000)}`, 'topic-too-long');
    expect(refusal.topic!.length).toBeLessThan(300);
  });

  it('refuses a retained message on a channel that is not retained', async () => {
    await expectRefusedPublish(await connect('E1-gw1'), measurementsTopic('E1', 'E1-gw1'), 'retain-not-permitted', { retain: true });
  });

  it('refuses a payload over the limit, and cuts a packet over the limit before buffering it', async () => {
    await expectRefusedPublish(await connect('E1-gw1'), measurementsTopic('E1', 'E1-gw1'), 'payload-too-large', { payload: Buffer.alloc(100 * 1024, 0x20) });
    await expectRefusedPublish(await connect('E1-gw1'), measurementsTopic('E1', 'E1-gw1'), 'packet-too-large', { payload: Buffer.alloc(1024 * 1024, 0x20) });
  });
});

describe('subscribing: a refused filter gets SUBACK 0x80 and nothing else', () => {
  it.each([
    ['#', 'outside-namespace'],
    ['linewatch/v1/#', 'filter-too-broad'],
    ['linewatch/v1/+/+/ack', 'filter-too-broad'],
    ['linewatch/v1/E1/E1-gw2/ack', 'foreign-gateway'],
    ['linewatch/v1/E2/E2-gw1/ack', 'foreign-enterprise'],
    ['linewatch/v1/+/+/measurements', 'channel-not-permitted'],
    ['$SYS/#', 'reserved-topic'],
    [`linewatch/v1/E1/${'x'.repeat(1000)}/ack`, 'topic-too-long'],
  ] as const)('refuses a gateway subscribing to %j (%s)', async (filter, code) => {
    const gw = await connect('E1-gw1');
    const refused = nextRefusal(code);
    const err = await gw.subscribeAsync(filter, { qos: 1 }).catch((e: unknown) => e);
    expect(subackOf(err)).toEqual([0x80]);
    expect(await refused).toMatchObject({ action: 'subscribe', clientId: 'E1-gw1' });
    // A refused subscription is answered, not punished: the session stays up.
    expect(gw.connected).toBe(true);
  });

  it("lets a gateway read its own acks, and no other gateway's", async () => {
    const gw1 = await connect('E1-gw1');
    expect(await gw1.subscribeAsync(ackTopic('E1', 'E1-gw1'), { qos: 1 })).toEqual([{ topic: 'linewatch/v1/E1/E1-gw1/ack', qos: 1 }]);
    const inbox = await listen(gw1, ackTopic('E1', 'E1-gw1'));
    const gw2 = await connect('E1-gw2');
    expect(subackOf(await gw2.subscribeAsync(ackTopic('E1', 'E1-gw1'), { qos: 1 }).catch((e: unknown) => e))).toEqual([0x80]);
    const gw2Inbox: string[] = [];
    gw2.on('message', (topic) => gw2Inbox.push(topic));

    const analytics = await connect('analytics');
    await analytics.publishAsync(ackTopic('E1', 'E1-gw1'), '{"seq":1,"stored":3,"duplicates":0,"rejected":0}', { qos: 1 });
    await inbox.next(1);
    expect(inbox.messages[0].payload).toBe('{"seq":1,"stored":3,"duplicates":0,"rejected":0}');
    expect(gw2Inbox).toEqual([]);
  });
});

describe('presence: the retained status and the last will', () => {
  it('turns the retained status to offline when a gateway connection dies', async () => {
    const dashboard = await connect('dashboard');
    const watch = await listen(dashboard, 'linewatch/v1/+/+/status');

    const topic = statusTopic('E1', 'E1-gw2');
    const gw = await connect('E1-gw2', { will: gatewayWill(topic, 1_000) });
    await gw.publishAsync(topic, encodeGatewayStatus({ state: 'online', at: 1_000 }), { qos: 1, retain: true });
    await watch.next(1);
    expect(decodeGatewayStatus(watch.messages[0].payload)).toEqual({ ok: true, value: { state: 'online', at: 1_000 } });

    // Kill the socket without DISCONNECT, as a power cut or a crash would.
    gw.stream.destroy();
    await watch.next(2);
    expect(watch.messages[1].topic).toBe(topic);
    expect(decodeGatewayStatus(watch.messages[1].payload)).toEqual({ ok: true, value: { state: 'offline', at: 1_000 } });

    // A dashboard that starts later learns it at once, from the retained message.
    const late = await connect('dashboard', { clientId: 'dashboard:late' });
    const lateWatch = await listen(late, topic);
    await lateWatch.next(1);
    expect(lateWatch.messages[0]).toMatchObject({ retain: true });
    expect(decodeGatewayStatus(lateWatch.messages[0].payload)).toMatchObject({ ok: true, value: { state: 'offline' } });
  });
});

describe('Sparkplug B topics: only the groups granted, and the host never publishes', () => {
  it("carries an edge's data to the host of its group; refuses the host's NCMD and the edge's foreign group", async () => {
    const host = await connect('E1-host');
    const inbox = await listen(host, 'spBv1.0/g1/#');
    // An edge node's will is its NDEATH: allowed on its own group.
    const edge = await connect('E1-edge', { will: { topic: 'spBv1.0/g1/NDEATH/node1', payload: Buffer.from('death'), qos: 1, retain: false } });
    await edge.publishAsync('spBv1.0/g1/NDATA/node1', 'data', { qos: 1 });
    await inbox.next(1);
    expect(inbox.messages).toEqual([{ topic: 'spBv1.0/g1/NDATA/node1', payload: 'data', retain: false }]);

    for (const [who, topic, code] of [
      ['E1-host', 'spBv1.0/g1/NCMD/node1', 'channel-not-permitted'],
      ['E1-host', 'spBv1.0/STATE/linewatch', 'channel-not-permitted'],
      ['E1-edge', 'spBv1.0/g2/NDATA/node1', 'foreign-sparkplug-group'],
      ['E1-edge', 'spBv1.0/g1/DCMD/node1/dev', 'channel-not-permitted'],
      ['E1-gw1', 'spBv1.0/g1/NDATA/node1', 'outside-namespace'],
    ] as const) {
      const refused = nextRefusal(code);
      const publisher = await connect(who);
      const closed = new Promise<void>((resolve) => publisher.once('close', () => resolve()));
      publisher.on('error', () => {});
      const routedBefore = routed.length;
      publisher.publish(topic, 'forged', { qos: 1 });
      expect(await refused).toMatchObject({ action: 'publish', username: who });
      await closed;
      expect(routed.slice(routedBefore)).not.toContain(topic);
    }
    expect(inbox.messages).toHaveLength(1);
  });

  it.each([
    ['E1-host', 'spBv1.0/#', 'filter-too-broad'],
    ['E1-host', 'spBv1.0/g2/#', 'foreign-sparkplug-group'],
    ['E1-edge', 'spBv1.0/g1/#', 'channel-not-permitted'],
    ['E1-gw1', 'spBv1.0/g1/#', 'outside-namespace'],
  ] as const)('refuses %s subscribing to %j (%s)', async (who, filter, code) => {
    const client = await connect(who);
    const refused = nextRefusal(code);
    const err = await client.subscribeAsync(filter, { qos: 1 }).catch((e: unknown) => e);
    expect(subackOf(err)).toEqual([0x80]);
    expect(await refused).toMatchObject({ action: 'subscribe', username: who });
  });

  it("refuses an edge's will on a group it is not granted with CONNACK 5", async () => {
    const err = await connect('E1-edge', { will: { topic: 'spBv1.0/g2/NDEATH/node1', payload: Buffer.from('x'), qos: 1, retain: false } }).catch((e: unknown) => e);
    expect(codeOf(err)).toBe(5);
  });
});

describe('counters', () => {
  it('count every refusal by code', () => {
    const counts = broker.refusals();
    const byCode = new Map<string, number>();
    for (const r of refusals) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
    for (const [code, n] of byCode) expect(counts[code as RefusalCode]).toBe(n);
  });
});
