/**
 * The outbox contract: every implementation of `Outbox` passes this suite
 * (like MQTT.js test/node/abstract_store.ts). Run it from an implementation's
 * test file with a harness that creates a fresh, empty outbox per test.
 * Nothing here sleeps: "still waiting" is read from `stats().waiting`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_OUTBOX_OPTIONS, type OutboxOptions } from '../../gateway/outbox/options.js';
import type { Outbox, OutboxEntry } from '../../gateway/outbox/outbox.js';
import { OutboxError, OutboxFullError } from '../../gateway/outbox/errors.js';
import { EPOCH_PATTERN_SOURCE } from '../../protocol/outbox-epoch.js';

export interface OutboxUnderTest {
  readonly outbox: Outbox;
  /** Durable outboxes only: opens the same storage again (after `outbox` was closed). */
  readonly reopen?: (options?: Partial<OutboxOptions>) => Promise<Outbox>;
}

export interface OutboxHarness {
  /** A new outbox on new, empty storage. */
  create(options?: Partial<OutboxOptions>): Promise<OutboxUnderTest>;
  /** True when the outbox survives a restart; enables the reopen tests. */
  readonly durable: boolean;
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const decode = (b: Uint8Array): string => new TextDecoder().decode(b);
const bytes = (n: number, fill = 0x61): Uint8Array => new Uint8Array(n).fill(fill);

export async function collect(outbox: Outbox, afterSeq?: number): Promise<OutboxEntry[]> {
  const out: OutboxEntry[] = [];
  for await (const e of outbox.unacknowledged(afterSeq === undefined ? {} : { afterSeq })) out.push(e);
  return out;
}

async function seqsOf(outbox: Outbox): Promise<number[]> {
  return (await collect(outbox)).map((e) => e.seq);
}

async function rejection(p: Promise<unknown>): Promise<OutboxError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(OutboxError);
    return e as OutboxError;
  }
  throw new Error('expected a rejection');
}

export function outboxContract(name: string, harness: OutboxHarness): void {
  describe(`${name}: outbox contract`, () => {
    const open: Outbox[] = [];
    afterEach(async () => {
      for (const o of open.splice(0)) await o.close();
    });
    async function make(options: Partial<OutboxOptions> = {}): Promise<OutboxUnderTest> {
      const u = await harness.create(options);
      open.push(u.outbox);
      return u;
    }
    async function reopen(u: OutboxUnderTest, options: Partial<OutboxOptions> = {}): Promise<Outbox> {
      await u.outbox.close();
      const o = await u.reopen!(options);
      open.push(o);
      return o;
    }

    describe('appending and reading back', () => {
      it('issues seqs from firstSeq in call order and returns the bytes unchanged', async () => {
        const { outbox } = await make();
        expect(outbox.stats().newestSeq).toBeNull();
        expect(await outbox.append('{"points":[1.38]}')).toEqual({ seq: 1 });
        expect(await outbox.append(text('second'))).toEqual({ seq: 2 });
        expect(await outbox.append(new Uint8Array(0))).toEqual({ seq: 3 });
        const binary = Uint8Array.from({ length: 256 }, (_, i) => i);
        expect(await outbox.append(binary.subarray(10, 200))).toEqual({ seq: 4 });
        const back = await collect(outbox);
        expect(back.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
        expect(decode(back[0]!.payload)).toBe('{"points":[1.38]}');
        expect(decode(back[1]!.payload)).toBe('second');
        expect(back[2]!.payload.length).toBe(0);
        expect([...back[3]!.payload]).toEqual([...binary.subarray(10, 200)]);
      });

      it('starts a new outbox at firstSeq', async () => {
        const { outbox } = await make({ firstSeq: 1_700_000_000_000_000 });
        expect((await outbox.append('a')).seq).toBe(1_700_000_000_000_000);
        expect((await outbox.append('b')).seq).toBe(1_700_000_000_000_001);
      });

      it('gives concurrent appends increasing seqs in the order they were called', async () => {
        const { outbox } = await make();
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => outbox.append(`batch ${i}`)));
        expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
        const back = await collect(outbox);
        expect(back.map((e) => decode(e.payload))).toEqual(Array.from({ length: 200 }, (_, i) => `batch ${i}`));
      });

      it('continues a resend after a given seq', async () => {
        const { outbox } = await make();
        for (let i = 0; i < 5; i++) await outbox.append(`b${i}`);
        expect((await collect(outbox, 3)).map((e) => e.seq)).toEqual([4, 5]);
      });

      it('resends lazily and always ends: acks during it are skipped, later appends are not included', async () => {
        const { outbox } = await make();
        for (let i = 0; i < 6; i++) await outbox.append(`b${i}`);
        const seen: number[] = [];
        for await (const e of outbox.unacknowledged()) {
          seen.push(e.seq);
          if (e.seq === 2) outbox.acknowledge(4);
          await outbox.append('appended during the resend');
        }
        expect(seen).toEqual([1, 2, 3, 5, 6]);
        expect(outbox.stats().batches).toBe(5 + 5);
      });
    });

    describe('identity', () => {
      it('has an epoch in the protocol syntax, different for every new outbox', async () => {
        const first = (await make()).outbox;
        const second = (await make()).outbox;
        expect(first.epoch).toMatch(new RegExp(EPOCH_PATTERN_SOURCE));
        expect(second.epoch).toMatch(new RegExp(EPOCH_PATTERN_SOURCE));
        // Both start at seq 1: only the epoch tells their batches apart.
        expect((await first.append('a')).seq).toBe((await second.append('a')).seq);
        expect(second.epoch).not.toBe(first.epoch);
      });
    });

    describe('acknowledgements', () => {
      it('releases acknowledged batches, in any order', async () => {
        const { outbox } = await make();
        for (let i = 0; i < 6; i++) await outbox.append(`b${i}`);
        expect(outbox.acknowledge(3)).toBe('acknowledged');
        expect(outbox.acknowledge(1)).toBe('acknowledged');
        expect(outbox.acknowledge(6)).toBe('acknowledged');
        expect(await seqsOf(outbox)).toEqual([2, 4, 5]);
        expect(outbox.stats()).toMatchObject({ batches: 3, oldestSeq: 2, newestSeq: 6, acknowledged: 3 });
        outbox.acknowledge(2);
        expect(outbox.stats().oldestSeq).toBe(4);
      });

      it('is idempotent, and ignores and counts acks it cannot use', async () => {
        const { outbox } = await make();
        for (let i = 0; i < 3; i++) await outbox.append(`b${i}`);
        expect(outbox.acknowledge(2)).toBe('acknowledged');
        expect(outbox.acknowledge(2)).toBe('duplicate');
        expect(outbox.acknowledge(2)).toBe('duplicate');
        for (const bad of [0, -1, 1.5, Number.NaN, 4, 1e300]) expect(outbox.acknowledge(bad)).toBe('unknown');
        expect(await seqsOf(outbox)).toEqual([1, 3]);
        expect(outbox.stats()).toMatchObject({ acknowledged: 1, duplicateAcks: 2, unknownAcks: 6, batches: 2 });
      });
    });

    describe('stats', () => {
      it('counts what is held and what happened', async () => {
        const { outbox } = await make();
        expect(outbox.stats()).toMatchObject({ batches: 0, bytes: 0, oldestSeq: null, newestSeq: null, appended: 0 });
        await outbox.append(bytes(100));
        await outbox.append(bytes(50));
        await outbox.append('xyz');
        outbox.acknowledge(2);
        const s = outbox.stats();
        expect(s).toMatchObject({
          batches: 2,
          bytes: 103,
          oldestSeq: 1,
          newestSeq: 3,
          pending: 0,
          waiting: 0,
          appended: 3,
          acknowledged: 1,
          refused: 0,
          blocked: 0,
          dropped: 0,
          droppedBytes: 0,
        });
        expect(s.storedBytes).toBeGreaterThanOrEqual(s.bytes);
        expect(s.fsyncs).toBeGreaterThanOrEqual(0);
      });
    });

    describe('when full', () => {
      it("defaults to 'block': never loses data unless told to", async () => {
        expect(DEFAULT_OUTBOX_OPTIONS.fullPolicy).toBe('block');
        const { outbox } = await make({ maxBatches: 2 });
        await outbox.append('a');
        await outbox.append('b');
        const third = outbox.append('c');
        expect(outbox.stats().waiting).toBe(1);
        outbox.acknowledge(1);
        expect(await third).toEqual({ seq: 3 });
        expect(outbox.stats()).toMatchObject({ blocked: 1, waiting: 0, dropped: 0 });
      });

      it("'reject' refuses at the batch limit with OutboxFullError, then accepts once there is room", async () => {
        const { outbox } = await make({ maxBatches: 3, fullPolicy: 'reject' });
        for (let i = 0; i < 3; i++) await outbox.append(`b${i}`);
        const err = await rejection(outbox.append('one too many'));
        expect(err).toBeInstanceOf(OutboxFullError);
        expect(err.code).toBe('LW_OUTBOX_FULL');
        expect(err.canRetry()).toBe(true);
        expect((err as OutboxFullError).limit).toBe('maxBatches');
        expect(outbox.stats()).toMatchObject({ refused: 1, batches: 3 });
        outbox.acknowledge(2);
        expect(await outbox.append('fits now')).toEqual({ seq: 4 });
        expect(await seqsOf(outbox)).toEqual([1, 3, 4]);
      });

      it("'reject' refuses at the byte limit", async () => {
        const { outbox } = await make({ maxBytes: 3500, fullPolicy: 'reject' });
        for (let i = 0; i < 3; i++) await outbox.append(bytes(1000));
        const err = await rejection(outbox.append(bytes(1000)));
        expect(err.code).toBe('LW_OUTBOX_FULL');
        expect((err as OutboxFullError).limit).toBe('maxBytes');
        outbox.acknowledge(1);
        expect(await outbox.append(bytes(1000))).toEqual({ seq: 4 });
      });

      it("'block' admits waiting appends strictly in the order they were called", async () => {
        const { outbox } = await make({ maxBatches: 2, fullPolicy: 'block' });
        await outbox.append('1');
        await outbox.append('2');
        const order: string[] = [];
        const waiting = ['a', 'b', 'c'].map((s) => outbox.append(s).then((r) => (order.push(s), r)));
        expect(outbox.stats().waiting).toBe(3);
        outbox.acknowledge(1);
        expect(await waiting[0]).toEqual({ seq: 3 });
        expect(outbox.stats().waiting).toBe(2);
        outbox.acknowledge(3);
        outbox.acknowledge(2);
        expect(await waiting[1]).toEqual({ seq: 4 });
        expect(await waiting[2]).toEqual({ seq: 5 });
        expect(order).toEqual(['a', 'b', 'c']);
        expect(outbox.stats()).toMatchObject({ blocked: 3, waiting: 0 });
        expect((await collect(outbox)).map((e) => decode(e.payload))).toEqual(['b', 'c']);
      });

      it("'block' waits at the byte limit; a small batch does not overtake a large one", async () => {
        const { outbox } = await make({ maxBytes: 3500 });
        for (let i = 0; i < 3; i++) await outbox.append(bytes(1000));
        const large = outbox.append(bytes(1000, 0x62));
        const small = outbox.append('s');
        expect(outbox.stats().waiting).toBe(2);
        // The newest first: an out-of-order ack frees room too.
        outbox.acknowledge(3);
        expect(await large).toEqual({ seq: 4 });
        expect(await small).toEqual({ seq: 5 });
      });

      it("'block' gives up when the append's signal aborts, and lets the next one through", async () => {
        const { outbox } = await make({ maxBatches: 1 });
        await outbox.append('held');
        const controller = new AbortController();
        const aborted = outbox.append('gives up', { signal: controller.signal });
        const next = outbox.append('waits');
        controller.abort();
        const err = await rejection(aborted);
        expect(err.code).toBe('LW_OUTBOX_ABORTED');
        expect(outbox.stats().waiting).toBe(1);
        outbox.acknowledge(1);
        expect(await next).toEqual({ seq: 2 });
        const already = await rejection(outbox.append('x', { signal: AbortSignal.abort() }));
        expect(already.code).toBe('LW_OUTBOX_ABORTED');
      });

      it("'block' refuses an append beyond maxWaiting: the queue of waiting appends is bounded too", async () => {
        const { outbox } = await make({ maxBatches: 1, maxWaiting: 2 });
        await outbox.append('held');
        const waiting = [outbox.append('w1'), outbox.append('w2')];
        const err = await rejection(outbox.append('w3'));
        expect(err).toBeInstanceOf(OutboxFullError);
        expect((err as OutboxFullError).limit).toBe('maxWaiting');
        expect(outbox.stats()).toMatchObject({ waiting: 2, refused: 1 });
        outbox.acknowledge(1);
        expect(await waiting[0]).toEqual({ seq: 2 });
        outbox.acknowledge(2);
        expect(await waiting[1]).toEqual({ seq: 3 });
      });

      it("'drop-oldest' drops the oldest unacknowledged batches and counts them", async () => {
        const { outbox } = await make({ maxBatches: 3, fullPolicy: 'drop-oldest' });
        for (let i = 1; i <= 5; i++) expect(await outbox.append(`b${i}`)).toEqual({ seq: i });
        expect(await seqsOf(outbox)).toEqual([3, 4, 5]);
        expect(outbox.stats()).toMatchObject({ dropped: 2, droppedBytes: 4, batches: 3, refused: 0, blocked: 0 });
        expect(outbox.acknowledge(1)).toBe('duplicate');
      });

      it("'drop-oldest' drops at the byte limit", async () => {
        const { outbox } = await make({ maxBytes: 3500, fullPolicy: 'drop-oldest' });
        for (let i = 0; i < 5; i++) await outbox.append(bytes(1000, 0x61 + i));
        const back = await collect(outbox);
        expect(back.map((e) => e.seq)).toEqual([3, 4, 5]);
        expect(back.map((e) => e.payload[0])).toEqual([0x63, 0x64, 0x65]);
        expect(outbox.stats()).toMatchObject({ dropped: 2, droppedBytes: 2000, bytes: 3000 });
      });

      it("'drop-oldest' keeps the newest batches when appends arrive all at once", async () => {
        const { outbox } = await make({ maxBatches: 3, fullPolicy: 'drop-oldest' });
        const results = await Promise.all(Array.from({ length: 10 }, (_, i) => outbox.append(`b${i}`)));
        expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
        expect(await seqsOf(outbox)).toEqual([8, 9, 10]);
        expect(outbox.stats().dropped).toBe(7);
      });

      it('refuses a batch that can never fit, whatever the policy', async () => {
        for (const fullPolicy of ['block', 'reject', 'drop-oldest'] as const) {
          const { outbox } = await make({ maxBatchBytes: 100, maxBytes: 4096, fullPolicy });
          const err = await rejection(outbox.append(bytes(101)));
          expect(err.code).toBe('LW_OUTBOX_TOO_LARGE');
          expect(err.canRetry()).toBe(false);
          const whole = await rejection((await make({ maxBytes: 4096, fullPolicy })).outbox.append(bytes(4097)));
          expect(whole.code).toBe('LW_OUTBOX_TOO_LARGE');
          expect(await outbox.append(bytes(100))).toEqual({ seq: 1 });
        }
      });
    });

    describe('closing', () => {
      it('rejects appends after close and those still waiting for room; close is idempotent', async () => {
        const { outbox } = await make({ maxBatches: 1 });
        await outbox.append('held');
        const waiting = rejection(outbox.append('waiting'));
        await outbox.close();
        expect((await waiting).code).toBe('LW_OUTBOX_CLOSED');
        expect((await rejection(outbox.append('late'))).code).toBe('LW_OUTBOX_CLOSED');
        expect(outbox.acknowledge(1)).toBe('unknown');
        await outbox.close();
      });

      it('finishes appends already accepted before closing', async () => {
        const { outbox } = await make();
        const accepted = Array.from({ length: 20 }, (_, i) => outbox.append(`b${i}`));
        await outbox.close();
        expect((await Promise.all(accepted)).map((r) => r.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      });
    });

    describe.runIf(harness.durable)('across a restart', () => {
      it('keeps the unacknowledged batches, bytes intact, in order', async () => {
        const u = await make();
        for (let i = 0; i < 10; i++) await u.outbox.append(`batch ${i}`);
        for (const s of [2, 5, 6, 10]) u.outbox.acknowledge(s);
        const again = await reopen(u);
        const back = await collect(again);
        expect(back.map((e) => e.seq)).toEqual([1, 3, 4, 7, 8, 9]);
        expect(back.map((e) => decode(e.payload))).toEqual([0, 2, 3, 6, 7, 8].map((i) => `batch ${i}`));
        expect(again.stats()).toMatchObject({ batches: 6, oldestSeq: 1, newestSeq: 10, appended: 0, acknowledged: 0 });
        expect(again.acknowledge(5)).toBe('duplicate');
      });

      it('never reuses a seq, even when everything was acknowledged', async () => {
        const u = await make();
        for (let i = 0; i < 5; i++) await u.outbox.append(`b${i}`);
        for (let s = 1; s <= 5; s++) u.outbox.acknowledge(s);
        const again = await reopen(u);
        expect(await collect(again)).toEqual([]);
        expect(again.stats().newestSeq).toBe(5);
        expect(await again.append('after restart')).toEqual({ seq: 6 });
      });

      it('keeps its epoch across a restart', async () => {
        const u = await make();
        const epoch = u.outbox.epoch;
        await u.outbox.append('a');
        const again = await reopen(u);
        expect(again.epoch).toBe(epoch);
      });

      it('ignores firstSeq once the outbox exists', async () => {
        const u = await make({ firstSeq: 100 });
        await u.outbox.append('a');
        const again = await reopen(u, { firstSeq: 1 });
        expect(await again.append('b')).toEqual({ seq: 101 });
      });

      it('reports its held seqs after a reopen with a larger firstSeq (a clock-derived one at every start)', async () => {
        const u = await make({ firstSeq: 100 });
        await u.outbox.append('a');
        await u.outbox.append('b');
        const again = await reopen(u, { firstSeq: 1_000_000 });
        // newestSeq null here would tell a sender that nothing is held, so it would see no backlog.
        expect(again.stats()).toMatchObject({ batches: 2, oldestSeq: 100, newestSeq: 101 });
        expect(await again.append('c')).toEqual({ seq: 102 });
        expect(again.stats().newestSeq).toBe(102);
      });
    });
  });
}
