/**
 * The gateway's send logic with an in-process bus (RecordingBus) and a real
 * file outbox on disk, watched by a spy that counts what is read back from
 * it: a live batch is published once, from memory, without reading the disk;
 * an ack releases it; after a disconnect the backlog is read back from disk
 * and sent oldest first; an ack for another outbox epoch is ignored. The
 * real-broker tests (gateway-epoch, gateway-catch-up-reopened, the fault
 * suites) prove the same over MQTT.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gatewayFromConfig, type GatewayRuntime } from '../../../gateway/index.js';
import { FileOutbox } from '../../../gateway/outbox/file-outbox.js';
import type { Outbox, OutboxEntry, UnacknowledgedOptions } from '../../../gateway/outbox/outbox.js';
import { createLogger } from '../../../ops/logger.js';
import { encodeAck } from '../../../protocol/ack.js';
import { decodeMeasurementBatch } from '../../../protocol/measurement-batch.js';
import { ackTopic, measurementsTopic } from '../../../protocol/topics.js';
import { RecordingBus } from '../../support/recording-bus.js';

const TOPIC = measurementsTopic('E1', 'E1-gw1');
const ACKS = ackTopic('E1', 'E1-gw1');
const T0 = Date.UTC(2026, 0, 1);

/** The outbox as it is, counting the batches read back from it. */
class ReadBackSpy implements Outbox {
  readBack = 0;
  constructor(private readonly inner: Outbox) {}
  get epoch() {
    return this.inner.epoch;
  }
  append(...args: Parameters<Outbox['append']>) {
    return this.inner.append(...args);
  }
  async *unacknowledged(options?: UnacknowledgedOptions): AsyncIterable<OutboxEntry> {
    for await (const entry of this.inner.unacknowledged(options)) {
      this.readBack += 1;
      yield entry;
    }
  }
  acknowledge(seq: number) {
    return this.inner.acknowledge(seq);
  }
  stats() {
    return this.inner.stats();
  }
  close() {
    return this.inner.close();
  }
}

let dir: string;
let bus: RecordingBus;
let outbox: ReadBackSpy;
let runtime: GatewayRuntime;

async function open(settings: { liveMemoryBytes?: number; window?: number; catchUp?: 'beside-live' | 'in-order' } = {}): Promise<void> {
  outbox = new ReadBackSpy(await FileOutbox.open({ dir, firstSeq: 1 }));
  bus = new RecordingBus();
  runtime = await gatewayFromConfig(
    { mqttUrl: 'mqtt://unused.invalid', enterprise: 'E1', gateway: 'E1-gw1', password: 'unused', maxBatchPoints: 1, ackTimeoutMs: 600_000, ...settings, outbox: { dir } },
    { outbox, client: bus, log: createLogger('gateway-send-test', 'silent') },
  );
  await runtime.start();
}

/** One batch per reading (maxBatchPoints 1), each durable once this resolves. */
async function readings(...values: number[]): Promise<void> {
  for (const value of values) await runtime.gateway.accept([{ line: 'L1', characteristic: 'conductor_resistance', ts: T0 + value, value: 11 + value / 1000 }]);
  await runtime.gateway.flush();
}

function sentSeqs(from = 0): number[] {
  return bus
    .publishedOn(TOPIC)
    .slice(from)
    .map((p) => {
      const batch = decodeMeasurementBatch(p.payload);
      if (!batch.ok) throw new Error(`the gateway published an unreadable batch: ${batch.reason}`);
      expect(batch.epoch).toBe(outbox.epoch);
      return batch.seq;
    });
}

function ack(seq: number, epoch: string = outbox.epoch): void {
  bus.deliver(ACKS, encodeAck({ epoch, seq, stored: 1, duplicates: 0, rejected: 0 }));
}

async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lw-gateway-send-'));
});

afterEach(async () => {
  await runtime?.stop(0);
  await rm(dir, { recursive: true, force: true });
});

describe('the gateway sends live batches from memory and the backlog from its outbox', () => {
  it('publishes each live batch once, from memory, without reading the outbox back', async () => {
    await open();
    bus.connect();
    expect(bus.subscriptions).toEqual([ACKS]);
    await readings(1, 2, 3);
    await until('three batches', () => sentSeqs().length === 3);
    expect(sentSeqs()).toEqual([1, 2, 3]);
    expect(outbox.readBack).toBe(0);
    expect(runtime.gateway.stats()).toMatchObject({ published: 3, resent: 0, sentFromMemory: 3, readBack: 0, inFlight: 3 });
    expect(bus.publishedOn(TOPIC).every((p) => p.options.qos === 1)).toBe(true);
  });

  it('releases a batch on its ack, and ignores an ack that carries another epoch', async () => {
    await open();
    bus.connect();
    await readings(1, 2);
    await until('two batches', () => sentSeqs().length === 2);

    ack(1);
    await until('seq 1 released', () => runtime.gateway.stats().acknowledged === 1);
    expect(runtime.gateway.stats()).toMatchObject({ inFlight: 1, outbox: { batches: 1, oldestSeq: 2 } });

    ack(2, 'a-replaced-outbox');
    await until('the foreign ack counted', () => runtime.gateway.stats().foreignAcks === 1);
    expect(runtime.gateway.stats()).toMatchObject({ acknowledged: 1, inFlight: 1, outbox: { batches: 1, oldestSeq: 2 } });

    ack(2);
    await until('seq 2 released', () => runtime.gateway.stats().outbox.batches === 0);
    expect(runtime.gateway.stats()).toMatchObject({ acknowledged: 2, foreignAcks: 1, inFlight: 0 });
    expect(sentSeqs()).toEqual([1, 2]);
    expect(outbox.readBack).toBe(0);
  });

  it('after a disconnect, reads the backlog back from disk and sends it oldest first, beside a live batch from memory', async () => {
    await open();
    bus.connect();
    await readings(1, 2);
    await until('two batches', () => sentSeqs().length === 2);
    ack(1);
    await until('seq 1 released', () => runtime.gateway.stats().acknowledged === 1);

    bus.disconnect();
    await readings(3, 4, 5); // durable while offline: nothing is published
    expect(sentSeqs()).toEqual([1, 2]);

    const before = bus.publishedOn(TOPIC).length;
    bus.connect();
    await readings(6); // live: goes at once, from memory
    await until('the backlog and the live batch', () => sentSeqs(before).length === 5);
    const again = sentSeqs(before);
    expect(again[0]).toBe(6);
    expect(again.slice(1)).toEqual([2, 3, 4, 5]);
    expect(outbox.readBack).toBe(4);
    expect(runtime.gateway.stats()).toMatchObject({ published: 6, resent: 1, sentFromMemory: 3, readBack: 4 });

    for (const seq of [2, 3, 4, 5, 6]) ack(seq);
    // The backlog ends once the pump sees nothing of it held any more.
    await until('everything released and the backlog over', () => runtime.gateway.stats().outbox.batches === 0 && !runtime.gateway.stats().catchingUp);
    expect(runtime.gateway.stats()).toMatchObject({ acknowledged: 6, inFlight: 0 });
  });

  it('sends an in-order round entirely from disk, then new batches from memory again', async () => {
    await open({ catchUp: 'in-order' });
    await readings(1, 2, 3); // before the first connection: held in the outbox
    bus.connect();
    await until('the held batches', () => sentSeqs().length === 3);
    expect(sentSeqs()).toEqual([1, 2, 3]);
    expect(outbox.readBack).toBe(3);

    await readings(4);
    await until('the live batch', () => sentSeqs().length === 4);
    expect(sentSeqs()).toEqual([1, 2, 3, 4]);
    expect(outbox.readBack).toBe(3);
    expect(runtime.gateway.stats()).toMatchObject({ sentFromMemory: 1, readBack: 3 });
  });

  it('keeps nothing in memory while offline: what was made durable then goes from disk after the connection', async () => {
    await open({ liveMemoryBytes: 150 });
    await readings(1, 2, 3);
    expect(runtime.gateway.stats()).toMatchObject({ liveOverBudget: 0, published: 0 });
    bus.connect();
    // No live batch follows, so the backlog goes once it has waited for one (a second).
    await until('the backlog', () => sentSeqs().length === 3);
    expect(sentSeqs()).toEqual([1, 2, 3]);
    expect(runtime.gateway.stats()).toMatchObject({ readBack: 3, sentFromMemory: 0, liveOverBudget: 0 });
    expect(outbox.readBack).toBe(3);
  });

  it('bounds the memory held for live batches waiting for the window: beyond it they are read back from disk, in order', async () => {
    // One batch's JSON is about 90 characters: the budget holds one waiting batch, not two.
    await open({ window: 1, liveMemoryBytes: 150 });
    bus.connect();
    await readings(1, 2, 3);
    await until('the first batch', () => sentSeqs().length === 1);
    expect(runtime.gateway.stats().liveOverBudget).toBe(1);

    for (const seq of [1, 2, 3]) {
      await until(`seq ${seq} sent`, () => sentSeqs().length === seq);
      ack(seq);
    }
    await until('everything released', () => runtime.gateway.stats().outbox.batches === 0);
    expect(sentSeqs()).toEqual([1, 2, 3]);
    const stats = runtime.gateway.stats();
    expect(stats).toMatchObject({ published: 3, resent: 0 });
    expect(stats.readBack).toBeGreaterThan(0);
    expect(stats.readBack + stats.sentFromMemory).toBe(3);
    expect(outbox.readBack).toBe(stats.readBack);
  });
});
