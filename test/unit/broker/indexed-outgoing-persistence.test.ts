import net from 'node:net';
import type { Readable } from 'node:stream';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import {
  createIndexedOutgoingPersistence,
  IndexedOutgoingMemoryPersistence,
  MemoryPersistence,
  type AsyncMemoryPersistence,
  type OutgoingPacket,
} from '../../../broker/indexed-outgoing-persistence.js';

const BROKER = { id: 'broker-A' };

async function stores(): Promise<{ original: AsyncMemoryPersistence; indexed: AsyncMemoryPersistence }> {
  const original = new MemoryPersistence();
  const indexed = new IndexedOutgoingMemoryPersistence();
  await original.setup(BROKER);
  await indexed.setup(BROKER);
  return { original, indexed };
}

async function list(stream: Readable): Promise<OutgoingPacket[]> {
  return (await stream.toArray()) as OutgoingPacket[];
}

/** What a call did: its value or its error message (the original rejects with 'no such packet'). */
async function outcome<T>(call: () => Promise<T>): Promise<{ ok: T } | { error: string }> {
  try {
    return { ok: await call() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** mulberry32: a seeded generator, so a failing sequence can be replayed from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CLIENTS = ['c1', 'c2', 'c3'];
// Few values of each identifier, so that collisions (the wrapped-around messageId, two brokers,
// PUBRELs without a brokerId) happen all the time.
const BROKER_IDS = ['broker-A', 'broker-A', 'broker-A', 'broker-B', undefined];
const MESSAGE_IDS = [1, 2, 3, 4, 5, 6, undefined];

/**
 * One random operation, applied to both stores with packets built twice from the same draws (the
 * stores keep and mutate what they are given, so they must not share objects). Returns what each
 * store answered and a description for the failure message.
 */
async function step(draw: () => number, n: number, original: AsyncMemoryPersistence, indexed: AsyncMemoryPersistence) {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(draw() * xs.length)];
  const client = { id: pick(CLIENTS) };
  const r = draw();
  if (r < 0.3) {
    const spec = { brokerId: pick(BROKER_IDS), brokerCounter: 1 + Math.floor(draw() * 12), qos: pick([1, 1, 2, 0]), n };
    const build = (): OutgoingPacket => ({
      cmd: 'publish',
      topic: `t/${spec.n}`,
      payload: Buffer.from(`p${spec.n}`),
      qos: spec.qos,
      retain: false,
      dup: false,
      brokerId: spec.brokerId,
      brokerCounter: spec.brokerCounter,
    });
    if (draw() < 0.5) {
      const sub = { clientId: client.id };
      return {
        what: `enqueue ${client.id} ${JSON.stringify(spec)}`,
        touched: [client.id],
        a: await outcome(() => original.outgoingEnqueue(sub, build())),
        b: await outcome(() => indexed.outgoingEnqueue(sub, build())),
      };
    }
    const subs = CLIENTS.filter(() => draw() < 0.6).map((clientId) => ({ clientId }));
    return {
      what: `enqueueCombi ${JSON.stringify(subs)} ${JSON.stringify(spec)}`,
      touched: subs.map((sub) => sub.clientId),
      a: await outcome(() => original.outgoingEnqueueCombi(subs, build())),
      b: await outcome(() => indexed.outgoingEnqueueCombi(subs, build())),
    };
  }
  if (r < 0.6) {
    // As aedes does on delivery and on reconnect: a copy of a queued packet with a new messageId.
    const queued = await list(original.outgoingStream(client));
    const from = queued.length > 0 && draw() < 0.8 ? queued[Math.floor(draw() * queued.length)] : undefined;
    const spec = {
      brokerId: from && draw() < 0.9 ? from.brokerId : pick(BROKER_IDS),
      brokerCounter: from && draw() < 0.9 ? from.brokerCounter : 1 + Math.floor(draw() * 12),
      messageId: pick(MESSAGE_IDS),
      n,
    };
    const build = (): OutgoingPacket => ({ cmd: 'publish', topic: `u/${spec.n}`, payload: Buffer.from(`u${spec.n}`), qos: 1, retain: false, dup: false, ...spec });
    return {
      what: `update ${client.id} ${JSON.stringify(spec)}`,
      touched: [client.id],
      a: await outcome(() => original.outgoingUpdate(client, build())),
      b: await outcome(() => indexed.outgoingUpdate(client, build())),
    };
  }
  if (r < 0.7) {
    // As aedes does on PUBREC: a PUBREL, which has no brokerId.
    const messageId = pick(MESSAGE_IDS);
    return {
      what: `pubrel ${client.id} ${messageId}`,
      touched: [client.id],
      a: await outcome(() => original.outgoingUpdate(client, { cmd: 'pubrel', messageId })),
      b: await outcome(() => indexed.outgoingUpdate(client, { cmd: 'pubrel', messageId })),
    };
  }
  if (r < 0.93) {
    const messageId = pick(MESSAGE_IDS);
    return {
      what: `clear ${client.id} ${messageId}`,
      touched: [client.id],
      a: await outcome(() => original.outgoingClearMessageId(client, { messageId })),
      b: await outcome(() => indexed.outgoingClearMessageId(client, { messageId })),
    };
  }
  if (r < 0.97) {
    return {
      what: `clean ${client.id}`,
      touched: [client.id],
      a: await outcome(async () => (await original.cleanSubscriptions(client), await original.cleanIncoming(client))),
      b: await outcome(async () => (await indexed.cleanSubscriptions(client), await indexed.cleanIncoming(client))),
    };
  }
  return { what: `stream ${client.id}`, touched: [client.id], a: await outcome(() => list(original.outgoingStream(client))), b: await outcome(() => list(indexed.outgoingStream(client))) };
}

describe('IndexedOutgoingMemoryPersistence', () => {
  it('answers every random sequence of outgoing operations exactly as the published memory store', { timeout: 120_000 }, async () => {
    let updatesInPlace = 0;
    let replaced = 0;
    let cleared = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const draw = random(seed);
      const { original, indexed } = await stores();
      const history: string[] = [];
      for (let n = 0; n < 400; n++) {
        const { what, touched, a, b } = await step(draw, n, original, indexed);
        history.push(what);
        const context = `seed ${seed}, after:\n${history.slice(-8).join('\n')}`;
        expect(b, context).toStrictEqual(a);
        if (what.startsWith('clear') && 'ok' in a && a.ok !== undefined) cleared++;
        // The queue touched after every step, every queue now and then (streams are slow to read).
        for (const id of n % 20 === 19 ? CLIENTS : touched) {
          const client = { id };
          expect(await list(indexed.outgoingStream(client)), `${context}\nqueue of ${id}`).toStrictEqual(await list(original.outgoingStream(client)));
        }
      }
      // Count how the updates matched, to be sure the sequences reach both branches of the original.
      const after = await list(original.outgoingStream({ id: 'c1' }));
      updatesInPlace += after.filter((p) => String(p.topic).startsWith('t/') && p.messageId !== undefined).length;
      replaced += after.filter((p) => p.cmd === 'pubrel' || String(p.topic).startsWith('u/')).length;
    }
    expect(updatesInPlace).toBeGreaterThan(20);
    expect(replaced).toBeGreaterThan(20);
    expect(cleared).toBeGreaterThan(600);
  });

  it('updates a wrapped-around packet identifier by brokerCounter, not the older packet that holds it, as the original does', async () => {
    for (const store of Object.values(await stores())) {
      const client = { id: 'sub' };
      const sub = { clientId: 'sub' };
      const publish = (brokerCounter: number) => ({ cmd: 'publish', topic: 'm', payload: Buffer.from([brokerCounter]), qos: 1, brokerId: 'broker-A', brokerCounter });
      await store.outgoingEnqueue(sub, publish(1));
      await store.outgoingEnqueue(sub, publish(65_536));
      await store.outgoingUpdate(client, { ...publish(1), messageId: 7 });
      // 65,535 deliveries later the identifier 7 comes round again while the first packet is still unacknowledged.
      await store.outgoingUpdate(client, { ...publish(65_536), messageId: 7 });
      const queue = await list(store.outgoingStream(client));
      expect(queue.map((p) => [p.brokerCounter, p.messageId])).toEqual([
        [1, 7],
        [65_536, 7],
      ]);
      // The first PUBACK for 7 clears the older packet, the second the newer one.
      expect((await store.outgoingClearMessageId(client, { messageId: 7 }))?.brokerCounter).toBe(1);
      expect((await store.outgoingClearMessageId(client, { messageId: 7 }))?.brokerCounter).toBe(65_536);
      expect(await store.outgoingClearMessageId(client, { messageId: 7 })).toBeUndefined();
      expect(await list(store.outgoingStream(client))).toEqual([]);
    }
  });

  it('replaces a packet by messageId when the update comes from another broker or is a PUBREL, keeping its place in the queue', async () => {
    for (const store of Object.values(await stores())) {
      const client = { id: 'sub' };
      const sub = { clientId: 'sub' };
      for (const brokerCounter of [1, 2, 3]) await store.outgoingEnqueue(sub, { cmd: 'publish', topic: 'm', payload: Buffer.from('x'), qos: 2, brokerId: 'broker-A', brokerCounter });
      for (const brokerCounter of [1, 2, 3]) await store.outgoingUpdate(client, { cmd: 'publish', brokerId: 'broker-A', brokerCounter, messageId: 10 + brokerCounter });
      const foreign = { cmd: 'publish', topic: 'm', payload: Buffer.from('y'), qos: 2, brokerId: 'broker-B', brokerCounter: 99, messageId: 12 };
      await store.outgoingUpdate(client, foreign);
      const pubrel = { cmd: 'pubrel', messageId: 13 };
      await store.outgoingUpdate(client, pubrel);
      const queue = await list(store.outgoingStream(client));
      expect(queue.map((p) => p.messageId)).toEqual([11, 12, 13]);
      expect(queue[1]).toBe(foreign);
      expect(queue[2]).toBe(pubrel);
      // The stored update is indexed under its own identifiers from then on.
      await store.outgoingUpdate(client, { cmd: 'publish', brokerId: 'broker-B', brokerCounter: 99, messageId: 14 });
      expect(foreign.messageId).toBe(14);
      expect(await store.outgoingClearMessageId(client, { messageId: 14 })).toBe(foreign);
      await expect(store.outgoingUpdate(client, { cmd: 'publish', brokerId: 'broker-A', brokerCounter: 2, messageId: 15 })).rejects.toThrow('no such packet');
      await expect(store.outgoingUpdate({ id: 'nobody' }, { cmd: 'pubrel', messageId: 1 })).rejects.toThrow('no such packet');
      expect(await store.outgoingClearMessageId({ id: 'nobody' }, { messageId: 1 })).toBeUndefined();
    }
  });

  it('keeps a long queue consistent when it is delivered and acknowledged in order', async () => {
    const { original, indexed } = await stores();
    const client = { id: 'analytics' };
    const count = 5_000;
    for (const store of [original, indexed]) {
      for (let i = 1; i <= count; i++)
        await store.outgoingEnqueueCombi([{ clientId: 'analytics' }, { clientId: 'other' }], {
          cmd: 'publish',
          topic: 'g/m',
          payload: Buffer.from([i & 255]),
          qos: 1,
          brokerId: 'broker-A',
          brokerCounter: i,
        });
      for (let i = 1; i <= count / 2; i++) await store.outgoingUpdate(client, { cmd: 'publish', brokerId: 'broker-A', brokerCounter: i, messageId: i });
      for (let i = 1; i <= count / 4; i++) await store.outgoingClearMessageId(client, { messageId: i });
    }
    const queue = await list(indexed.outgoingStream(client));
    expect(queue).toStrictEqual(await list(original.outgoingStream(client)));
    expect(queue).toHaveLength(count - count / 4);
    expect(queue[0].brokerCounter).toBe(count / 4 + 1);
    expect(await list(indexed.outgoingStream({ id: 'other' }))).toHaveLength(count);
  });

  it('leaves the outgoing queue in place on a clean-session cleanup, as the original does', async () => {
    const { original, indexed } = await stores();
    for (const store of [original, indexed]) {
      await store.outgoingEnqueue({ clientId: 'sub' }, { cmd: 'publish', topic: 'm', payload: Buffer.from('x'), qos: 1, brokerId: 'broker-A', brokerCounter: 1 });
      await store.cleanSubscriptions({ id: 'sub' });
      await store.cleanIncoming({ id: 'sub' });
    }
    expect(await list(indexed.outgoingStream({ id: 'sub' }))).toStrictEqual(await list(original.outgoingStream({ id: 'sub' })));
    expect(await list(indexed.outgoingStream({ id: 'sub' }))).toHaveLength(1);
  });

  it('serves aedes: a persistent QoS 1 subscriber gets what was queued while it was away, in order, and nothing it acknowledged', async () => {
    const persistence = createIndexedOutgoingPersistence() as { outgoingStream(client: { id: string }): Readable };
    const aedes = new Aedes({ persistence });
    await aedes.listen();
    const server = net.createServer(aedes.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `mqtt://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    const options = { clientId: 'analytics', clean: false, reconnectPeriod: 0 } as const;
    try {
      const first = await mqtt.connectAsync(url, options);
      const seen: string[] = [];
      first.on('message', (_topic, payload) => seen.push(payload.toString()));
      await first.subscribeAsync('m/#', { qos: 1 });
      const publisher = await mqtt.connectAsync(url, { clientId: 'gateway', reconnectPeriod: 0 });
      await publisher.publishAsync('m/1', 'before', { qos: 1 });
      await expect.poll(() => seen).toEqual(['before']);
      await first.endAsync();
      for (let i = 0; i < 50; i++) await publisher.publishAsync('m/1', `away ${i}`, { qos: 1 });
      const second = await mqtt.connectAsync(url, options);
      const resent: string[] = [];
      second.on('message', (_topic, payload) => resent.push(payload.toString()));
      await expect.poll(() => resent.length).toBe(50);
      expect(resent).toEqual(Array.from({ length: 50 }, (_, i) => `away ${i}`));
      await second.endAsync();
      await publisher.endAsync();
      // Everything was acknowledged: the queue is empty and the client forgotten.
      await expect.poll(async () => (await list(persistence.outgoingStream({ id: 'analytics' }))).length).toBe(0);
    } finally {
      await new Promise<void>((resolve) => aedes.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
