/**
 * Attacks on the broker itself, over real TCP against the real stack: topic
 * tricks, connection floods, slow loris, one gateway's credentials opening
 * many sessions, password guessing. Each is refused, counted by code
 * (broker.refusals()), and the honest gateway of another enterprise keeps
 * being stored during and after it. Limits are set low (mqtt.limits) so a
 * few hundred connections show them.
 */
import type net from 'node:net';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeMeasurementBatch } from '../../protocol/measurement-batch.js';
import { ackTopic, measurementsTopic } from '../../protocol/topics.js';
import { ATTACKER, HONEST, startAttackStack, waitFor, type AttackStack } from '../support/attack-stack.js';
import { CaseSummary } from '../support/case-summary.js';
import { closed, connectPacket, openSocket } from '../support/raw-mqtt.js';

const LIMITS = { maxConnections: 60, maxConnectionsPerGateway: 3, connectTimeoutSeconds: 1 };
const summary = new CaseSummary('Attack: MQTT topics and connections (points or connections)');
let env: AttackStack;
let seq = 1_000;

beforeAll(async () => {
  env = await startAttackStack({ mqtt: LIMITS });
});

afterAll(async () => {
  summary.print();
  await env?.close();
});

const delta = (before: Readonly<Record<string, number>>, code: string) => env.refusals()[code] - before[code];
const codeOf = (err: unknown) => (err as { code?: number }).code;

/** The honest gateway's batch is stored: the pipeline runs. */
async function pipelineFlows(name: string) {
  expect((await env.honestBatch()).stored, `${name}: the honest gateway's batch`).toBe(5);
}

describe('topic tricks: refused at the broker, counted, and nothing stored', () => {
  const batch = () =>
    encodeMeasurementBatch(
      ++seq,
      [0, 1, 2].map((i) => env.point(Date.now() - 1000 + i)),
    );

  it.each([
    ['a wildcard in the publish topic', `linewatch/v1/${ATTACKER.enterprise}/+/measurements`, 'wildcard-in-topic'],
    ["'#' as the publish topic", 'linewatch/v1/#', 'wildcard-in-topic'],
    ["another enterprise's id", measurementsTopic(HONEST.enterprise, HONEST.gateway), 'foreign-enterprise'],
    ["another gateway's ack (forging an acknowledgement)", ackTopic(ATTACKER.enterprise, ATTACKER.gateway), 'channel-not-permitted'],
    ['$SYS', '$SYS/broker/clients/connected', 'reserved-topic'],
    ['a 5,000-character topic', `linewatch/v1/${ATTACKER.enterprise}/${'x'.repeat(5_000)}/measurements`, 'topic-too-long'],
    ['a topic of 40 levels', `linewatch/v1/${Array.from({ length: 38 }, () => 'a').join('/')}`, 'malformed-topic'],
    ['outside the namespace', 'factory/measurements', 'outside-namespace'],
  ])('%s', async (name, topic, code) => {
    const before = env.refusals();
    const storedBefore = { own: await env.storedPoints(ATTACKER.enterprise, ATTACKER.line), other: await env.storedPoints(HONEST.enterprise, HONEST.line) };
    const attacker = await env.connect(ATTACKER, { clientId: `${ATTACKER.gateway}:topics` });
    const cut = new Promise<void>((resolve) => attacker.once('close', () => resolve()));
    attacker.publish(topic, batch(), { qos: 1 });
    // A refused PUBLISH costs the connection (MQTT 3.1.1 has no negative PUBACK).
    await cut;
    await waitFor(() => delta(before, code) === 1, `one ${code} refusal`);
    await pipelineFlows(name);
    const stored = (await env.storedPoints(ATTACKER.enterprise, ATTACKER.line)) - storedBefore.own;
    // The honest enterprise's store grew by its own batch only: nothing forged got in.
    const otherGrew = (await env.storedPoints(HONEST.enterprise, HONEST.line)) - storedBefore.other;
    expect(stored).toBe(0);
    expect(otherGrew).toBe(5);
    summary.add({ case: `publish: ${name}`, sent: 3, stored, rejected: 3, lost: 3 - stored - 3, uncharted: 0, note: `broker: ${code}` });
  });

  it("subscribing to #, $SYS/# or another enterprise's acks gets SUBACK 0x80; the session stays up", async () => {
    const before = env.refusals();
    const attacker = await env.connect(ATTACKER, { clientId: `${ATTACKER.gateway}:subscribe` });
    const filters = ['#', '$SYS/#', ackTopic(HONEST.enterprise, HONEST.gateway), 'linewatch/v1/+/+/measurements'];
    for (const filter of filters) {
      const err = await attacker.subscribeAsync(filter, { qos: 1 }).catch((e: unknown) => e);
      expect((err as { packet?: { granted?: number[] } }).packet?.granted, filter).toEqual([0x80]);
    }
    expect(attacker.connected).toBe(true);
    const counted = ['outside-namespace', 'reserved-topic', 'foreign-enterprise', 'channel-not-permitted'].reduce((n, code) => n + delta(before, code), 0);
    expect(counted).toBe(filters.length);
    await attacker.endAsync();
    await pipelineFlows('subscribe tricks');
    summary.add({ case: 'subscribe: #, $SYS/#, foreign acks', sent: filters.length, stored: 0, rejected: counted, lost: 0, uncharted: 0, note: 'SUBACK 0x80, session kept (subscriptions)' });
  });
});

describe('connections', () => {
  it('a flood of 200 silent connections: those over maxConnections are dropped, the rest time out; the honest gateway flows throughout', async () => {
    const before = env.refusals();
    const flood = 200;
    const sockets: net.Socket[] = [];
    for (let i = 0; i < flood; i++) sockets.push(await openSocket(env.stack.mqttUrl));
    // During the flood: the honest gateway's open session keeps delivering.
    await pipelineFlows('connection flood (during)');
    await Promise.all(sockets.map(closed));
    const dropped = delta(before, 'server-full');
    const timedOut = delta(before, 'connect-timeout');
    // Every flood socket is refused exactly one way; the broker's own clients are untouched.
    expect(dropped + timedOut).toBe(flood);
    expect(dropped).toBeGreaterThan(0);
    expect(timedOut).toBeGreaterThan(0);
    // After it: a new session gets in at once.
    const late = await env.connect(HONEST, { clientId: `${HONEST.gateway}:after-flood` });
    await late.endAsync();
    await pipelineFlows('connection flood (after)');
    summary.add({
      case: `connection flood (${flood} sockets)`,
      sent: flood,
      stored: 0,
      rejected: dropped + timedOut,
      lost: 0,
      uncharted: 0,
      note: `server-full ${dropped}, connect-timeout ${timedOut} (connections)`,
    });
  });

  it('slow loris: CONNECTs sent a byte at a time are cut at the CONNECT timeout, never authenticated', async () => {
    const before = env.refusals();
    const loris = 20;
    const packet = connectPacket(`${ATTACKER.gateway}:loris`, ATTACKER.gateway, ATTACKER.password);
    const sockets = await Promise.all(Array.from({ length: loris }, () => openSocket(env.stack.mqttUrl)));
    let sentBytes = 0;
    const dripping = sockets.map(async (socket) => {
      const end = closed(socket);
      let open = true;
      void end.then(() => (open = false));
      // One byte every 100 ms: the whole CONNECT would take over 4 s; the timeout is 1 s.
      for (let i = 0; i < packet.length - 1 && open; i++) {
        socket.write(packet.subarray(i, i + 1));
        sentBytes++;
        await new Promise((r) => setTimeout(r, 100));
      }
      await end;
    });
    await pipelineFlows('slow loris (during)');
    await Promise.all(dripping);
    expect(delta(before, 'connect-timeout')).toBe(loris);
    expect(sentBytes).toBeLessThan(loris * (packet.length - 1));
    await pipelineFlows('slow loris (after)');
    summary.add({ case: `slow loris (${loris} CONNECTs, 1 byte/100 ms)`, sent: loris, stored: 0, rejected: loris, lost: 0, uncharted: 0, note: 'connect-timeout (connections)' });
  });

  it("one gateway's credentials open at most maxConnectionsPerGateway sessions; a takeover of its own id still works", async () => {
    const before = env.refusals();
    // The suite's ack listener already holds one of the attacker's three sessions.
    const attempts = 10;
    const results = await Promise.allSettled(Array.from({ length: attempts }, (_, i) => env.connect(ATTACKER, { clientId: `${ATTACKER.gateway}:many-${i}` })));
    const accepted = results.filter((r): r is PromiseFulfilledResult<MqttClient> => r.status === 'fulfilled').map((r) => r.value);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(accepted).toHaveLength(LIMITS.maxConnectionsPerGateway - 1);
    expect(refused.map((r) => codeOf(r.reason))).toEqual(Array(attempts - accepted.length).fill(3));
    const refusedCount = delta(before, 'too-many-connections');
    expect(refusedCount).toBe(attempts - accepted.length);
    // Reconnecting under a held client id replaces that session rather than adding one.
    const takeover = await env.connect(ATTACKER, { clientId: accepted[0].options.clientId });
    expect(takeover.connected).toBe(true);
    // The limit is per gateway: the honest gateway is unaffected.
    const honestExtra = await env.connect(HONEST, { clientId: `${HONEST.gateway}:extra` });
    await pipelineFlows('sessions per gateway');
    for (const c of [...accepted, takeover, honestExtra]) await c.endAsync(true);
    // Once they are gone, the gateway may connect again.
    // (The broker learns of the closes a moment later, so a refusal or two here is the limit still counting them.)
    let again: MqttClient | null = null;
    for (let i = 0; i < 50 && !again; i++) {
      again = await env.connect(ATTACKER, { clientId: `${ATTACKER.gateway}:again` }).catch(() => null);
      if (!again) await new Promise((r) => setTimeout(r, 100));
    }
    expect(again?.connected).toBe(true);
    await again!.endAsync();
    summary.add({ case: `${attempts} sessions of one gateway`, sent: attempts, stored: 0, rejected: refusedCount, lost: 0, uncharted: 0, note: `too-many-connections (CONNACK 3) (connections)` });
  });

  it('password guessing gets CONNACK 4 every time, each guess counted; the gateway itself is not locked out', async () => {
    const before = env.refusals();
    const guesses = 30;
    const codes = await Promise.all(
      Array.from({ length: guesses }, (_, i) => env.connect({ gateway: ATTACKER.gateway, password: `guess-${i}` }, { clientId: `${ATTACKER.gateway}:guess-${i}` }).then(() => 0, codeOf)),
    );
    expect(codes).toEqual(Array(guesses).fill(4));
    expect(delta(before, 'bad-password')).toBe(guesses);
    const owner = await env.connect(ATTACKER, { clientId: `${ATTACKER.gateway}:owner` });
    await owner.endAsync();
    await pipelineFlows('password guessing');
    summary.add({ case: `${guesses} password guesses`, sent: guesses, stored: 0, rejected: guesses, lost: 0, uncharted: 0, note: 'bad-password (CONNACK 4) (connections)' });
  });
});
