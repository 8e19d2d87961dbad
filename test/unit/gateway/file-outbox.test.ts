import { mkdtemp, readdir, rm, stat, writeFile, readFile, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileOutbox, type FileOutboxOptions } from '../../../gateway/outbox/file-outbox.js';
import { RECORD_HEADER_BYTES, SEGMENT_HEADER_BYTES } from '../../../gateway/outbox/record-format.js';
import { collect, outboxContract } from '../../contract/outbox.contract.js';

const root = await mkdtemp(join(tmpdir(), 'lw-file-outbox-'));
let dirs = 0;
const newDir = (): string => join(root, `o${++dirs}`);
afterAll(() => rm(root, { recursive: true, force: true }));

outboxContract('FileOutbox', {
  durable: true,
  create: async (options) => {
    const dir = newDir();
    return {
      outbox: await FileOutbox.open({ ...options, dir }),
      reopen: (again) => FileOutbox.open({ ...again, dir }),
    };
  },
});

describe('FileOutbox', () => {
  const opened: FileOutbox[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.close();
  });
  async function openOutbox(options: Partial<FileOutboxOptions> = {}): Promise<FileOutbox> {
    const o = await FileOutbox.open({ dir: newDir(), ...options });
    opened.push(o);
    return o;
  }
  async function reopen(o: FileOutbox, options: Partial<FileOutboxOptions> = {}): Promise<FileOutbox> {
    await o.close();
    const again = await FileOutbox.open({ ...options, dir: o.dir });
    opened.push(again);
    return again;
  }
  const files = async (dir: string, ext: string): Promise<string[]> => (await readdir(dir)).filter((f) => f.endsWith(ext)).sort();
  const diskBytes = async (dir: string): Promise<number> => {
    let n = 0;
    for (const f of await readdir(dir)) if (f.endsWith('.seg')) n += (await stat(join(dir, f))).size;
    return n;
  };

  describe('group commit', () => {
    it('makes concurrent appends durable with far fewer fsyncs than appends', async () => {
      const outbox = await openOutbox();
      const before = outbox.stats().fsyncs;
      await Promise.all(Array.from({ length: 200 }, (_, i) => outbox.append(`batch ${i}`)));
      const fsyncs = outbox.stats().fsyncs - before;
      expect(fsyncs).toBeGreaterThan(0);
      expect(fsyncs).toBeLessThanOrEqual(10);
    });

    it('waits up to commitDelayMs, unless commitBytes are queued', async () => {
      const outbox = await openOutbox({ commitDelayMs: 1000, commitBytes: 10_000 });
      const small = outbox.append('small');
      await stat(outbox.dir); // a round trip through the thread pool: the commit would have started by now
      expect(outbox.stats().pending).toBe(1);
      const large = outbox.append(Buffer.alloc(10_000));
      expect(await small).toEqual({ seq: 1 });
      expect(await large).toEqual({ seq: 2 });
      expect(outbox.stats().pending).toBe(0);
    });

    it('fsyncs once per commit round when appends come one at a time', async () => {
      const outbox = await openOutbox({ commitDelayMs: 0 });
      const before = outbox.stats().fsyncs;
      for (let i = 0; i < 10; i++) await outbox.append(`b${i}`);
      expect(outbox.stats().fsyncs - before).toBe(10);
    });
  });

  describe('segments and compaction', () => {
    it('starts a new segment when one is full and deletes a segment once all of it is acknowledged', async () => {
      const outbox = await openOutbox({ segmentBytes: 4096, maxBytes: 1 << 20 });
      for (let i = 0; i < 20; i++) await outbox.append(Buffer.alloc(1000, i));
      // 4096-byte segments: a 24-byte header and 4 records of 16 + 1000 bytes.
      const segs = await files(outbox.dir, '.seg');
      expect(segs.length).toBe(5);
      // Out of order: the first segment holds seqs 1-4; it goes only when all four are acknowledged.
      for (const s of [4, 1, 3]) outbox.acknowledge(s);
      await outbox.append('x'); // a commit round; deletions run before it
      expect(await files(outbox.dir, '.seg')).toContain(segs[0]);
      outbox.acknowledge(2);
      await outbox.append('y');
      expect(await files(outbox.dir, '.seg')).not.toContain(segs[0]);
      for (let s = 1; s <= 22; s++) outbox.acknowledge(s);
      await outbox.close();
      // Only the newest segment is kept: its name carries the seq continuity.
      expect((await files(outbox.dir, '.seg')).length).toBe(1);
      expect(await files(outbox.dir, '.ack')).toHaveLength(1);
      const again = await reopen(outbox);
      expect(await again.append('z')).toEqual({ seq: 23 });
    });

    it('counts segment files, framing included, against maxBytes and stays within it on disk', async () => {
      const maxBytes = 64 * 1024;
      const outbox = await openOutbox({ maxBytes, fullPolicy: 'drop-oldest' });
      for (let i = 0; i < 300; i++) {
        await outbox.append(Buffer.alloc(500 + ((i * 37) % 700), i));
        const s = outbox.stats();
        expect(s.storedBytes).toBeLessThanOrEqual(maxBytes);
        // Within one segment header: a new segment is created before a retired one is deleted.
        expect(await diskBytes(outbox.dir)).toBeLessThanOrEqual(maxBytes + SEGMENT_HEADER_BYTES);
        expect(s.storedBytes).toBeGreaterThanOrEqual(s.bytes + s.batches * RECORD_HEADER_BYTES);
      }
      expect(outbox.stats().dropped).toBeGreaterThan(0);
      const back = await collect(outbox);
      expect(back.at(-1)!.seq).toBe(300);
      expect(back.every((e, i) => i === 0 || e.seq === back[i - 1]!.seq + 1)).toBe(true);
    });

    it("'block' reclaims the newest segment once everything in it is acknowledged", async () => {
      const outbox = await openOutbox({ maxBytes: 8192, segmentBytes: 2048 });
      let newest = 0;
      let waiter: Promise<{ seq: number }> | undefined;
      while (!waiter) {
        const p = outbox.append(Buffer.alloc(300));
        if (outbox.stats().waiting > 0) waiter = p;
        else newest = (await p).seq;
      }
      // Acks for the newest segment alone free no older segment: only retiring it makes room.
      const active = Number((await files(outbox.dir, '.seg')).at(-1)!.slice(0, 16));
      for (let s = active; s <= newest; s++) outbox.acknowledge(s);
      expect(await waiter).toEqual({ seq: newest + 1 });
      expect(await files(outbox.dir, '.seg')).not.toContain(`${String(active).padStart(16, '0')}.seg`);
      expect(outbox.stats().batches).toBe(active - 1 + 1);
    });
  });

  describe('restart', () => {
    it('re-sends nothing that was acknowledged before a clean close', async () => {
      const outbox = await openOutbox();
      for (let i = 0; i < 100; i++) await outbox.append(`b${i}`);
      for (let s = 1; s <= 100; s += 2) outbox.acknowledge(s);
      const again = await reopen(outbox);
      const back = await collect(again);
      expect(back.length).toBe(50);
      expect(back.every((e) => e.seq % 2 === 0)).toBe(true);
      expect(again.recovery).toMatchObject({ records: 100, unacknowledged: 50, truncatedBytes: 0, damaged: [] });
    });

    it('reads acks back however they were grouped into ack records', async () => {
      const outbox = await openOutbox({ ackFlushMs: 0 });
      for (let i = 0; i < 50; i++) await outbox.append(`b${i}`);
      // Runs, gaps and repeats; flushed in several writes.
      for (const s of [1, 2, 3, 10, 4, 5, 20, 21, 22, 3, 49]) outbox.acknowledge(s);
      await outbox.append('flush');
      for (const s of [6, 7, 30]) outbox.acknowledge(s);
      const again = await reopen(outbox);
      const expected = Array.from({ length: 51 }, (_, i) => i + 1).filter((s) => ![1, 2, 3, 4, 5, 6, 7, 10, 20, 21, 22, 30, 49].includes(s));
      expect((await collect(again)).map((e) => e.seq)).toEqual(expected);
    });

    it('reports a damaged record in an older segment, keeps what precedes it and carries on', async () => {
      const outbox = await openOutbox({ segmentBytes: 4096, maxBytes: 1 << 20 });
      for (let i = 0; i < 9; i++) await outbox.append(Buffer.alloc(1000, 0x41 + i));
      await outbox.close();
      const first = join(outbox.dir, (await files(outbox.dir, '.seg'))[0]!);
      // Flip a byte in the payload of the second record of the first segment.
      const fh = await open(first, 'r+');
      await fh.write(Buffer.from([0xff]), 0, 1, SEGMENT_HEADER_BYTES + 1016 + RECORD_HEADER_BYTES + 10);
      await fh.close();
      const again = await FileOutbox.open({ dir: outbox.dir, segmentBytes: 4096, maxBytes: 1 << 20 });
      opened.push(again);
      expect(again.recovery.damaged).toHaveLength(1);
      expect(again.recovery.damaged[0]).toMatchObject({ file: first, offset: SEGMENT_HEADER_BYTES + 1016, reason: 'record checksum mismatch' });
      expect((await collect(again)).map((e) => e.seq)).toEqual([1, 5, 6, 7, 8, 9]);
      expect(await again.append('next')).toEqual({ seq: 10 });
    });

    it('sets aside an older segment whose header is unreadable, and never reissues its seqs', async () => {
      const outbox = await openOutbox({ segmentBytes: 4096, maxBytes: 1 << 20 });
      for (let i = 0; i < 6; i++) await outbox.append(Buffer.alloc(1000));
      await outbox.close();
      const first = join(outbox.dir, (await files(outbox.dir, '.seg'))[0]!);
      await writeFile(first, Buffer.alloc(100, 0xee));
      const again = await FileOutbox.open({ dir: outbox.dir });
      opened.push(again);
      expect(again.recovery.damaged[0]).toMatchObject({ file: first, offset: 0, bytes: 100 });
      expect(await files(outbox.dir, '.corrupt')).toEqual([`${basename(first)}.corrupt`]);
      expect((await collect(again)).map((e) => e.seq)).toEqual([5, 6]);
      expect((await again.append('next')).seq).toBeGreaterThan(6);
    });

    it('releases a batch that no longer reads back intact, and reports it', async () => {
      const outbox = await openOutbox();
      for (let i = 0; i < 3; i++) await outbox.append(Buffer.alloc(100, 0x30 + i));
      const seg = join(outbox.dir, (await files(outbox.dir, '.seg'))[0]!);
      const fh = await open(seg, 'r+');
      await fh.write(Buffer.from([0]), 0, 1, SEGMENT_HEADER_BYTES + 116 + RECORD_HEADER_BYTES + 5);
      await fh.close();
      expect((await collect(outbox)).map((e) => e.seq)).toEqual([1, 3]);
      expect(outbox.damage).toHaveLength(1);
      expect(outbox.damage[0]!.reason).toMatch(/seq 2/);
      expect(outbox.stats().batches).toBe(2);
    });
  });

  describe('identity (EPOCH file)', () => {
    it('keeps its epoch in the directory across close and reopen; a new directory gets another', async () => {
      const outbox = await openOutbox();
      const epoch = outbox.epoch;
      expect(await readFile(join(outbox.dir, 'EPOCH'), 'utf8')).toBe(`${epoch}\n`);
      await outbox.append('a');
      const again = await reopen(outbox);
      expect(again.epoch).toBe(epoch);
      const other = await openOutbox();
      expect(other.epoch).not.toBe(epoch);
      // A replaced directory restarts its seqs: only the epoch says its batch 1 is not the old batch 1.
      expect(await other.append('b')).toEqual({ seq: 1 });
    });

    it('gives a directory from an older version (no EPOCH file) an epoch on open, and keeps its batches', async () => {
      const outbox = await openOutbox();
      await outbox.append('held');
      await outbox.close();
      await rm(join(outbox.dir, 'EPOCH'));
      const again = await FileOutbox.open({ dir: outbox.dir });
      opened.push(again);
      expect(again.epoch).toMatch(/^[0-9a-f-]{36}$/);
      expect(await readFile(join(outbox.dir, 'EPOCH'), 'utf8')).toBe(`${again.epoch}\n`);
      expect((await collect(again)).map((e) => e.seq)).toEqual([1]);
      const third = await reopen(again);
      expect(third.epoch).toBe(again.epoch);
    });

    it('ignores a larger firstSeq once the directory exists: a clock-derived one at every start opens no gap', async () => {
      const outbox = await openOutbox({ firstSeq: 1 });
      await outbox.append('held, unacknowledged');
      const again = await reopen(outbox, { firstSeq: Date.now() * 1000 });
      expect(await again.append('b')).toEqual({ seq: 2 });
      expect((await collect(again)).map((e) => e.seq)).toEqual([1, 2]);
    });

    it('replaces an EPOCH file that does not hold an epoch', async () => {
      const outbox = await openOutbox();
      const epoch = outbox.epoch;
      await outbox.close();
      await writeFile(join(outbox.dir, 'EPOCH'), 'not an epoch: {"x":1}\n');
      const again = await FileOutbox.open({ dir: outbox.dir });
      opened.push(again);
      expect(again.epoch).toMatch(/^[0-9a-f-]{36}$/);
      expect(again.epoch).not.toBe(epoch);
    });
  });

  describe('ownership of the directory', () => {
    it('refuses a second open of the same directory', async () => {
      const outbox = await openOutbox();
      await expect(FileOutbox.open({ dir: outbox.dir })).rejects.toMatchObject({ code: 'LW_OUTBOX_LOCKED' });
    });

    it('takes over the lock of a process that is gone', async () => {
      const dir = newDir();
      const first = await FileOutbox.open({ dir });
      await first.append('a');
      await first.close();
      await writeFile(join(dir, 'LOCK'), '999999999\n');
      const again = await FileOutbox.open({ dir });
      opened.push(again);
      expect(await readFile(join(dir, 'LOCK'), 'utf8')).toBe(`${process.pid}\n`);
      expect((await collect(again)).map((e) => e.seq)).toEqual([1]);
    });
  });

  describe('options', () => {
    it('validates them once, with a stable code', async () => {
      await expect(FileOutbox.open({ dir: newDir(), maxBytes: 1 << 20, segmentBytes: 1 << 19 })).rejects.toMatchObject({
        code: 'LW_OUTBOX_OPTIONS',
        message: expect.stringMatching(/segmentBytes/),
      });
      await expect(FileOutbox.open({ dir: '' })).rejects.toMatchObject({ code: 'LW_OUTBOX_OPTIONS' });
      await expect(FileOutbox.open({ dir: newDir(), commitDelayMs: -1 })).rejects.toMatchObject({ code: 'LW_OUTBOX_OPTIONS' });
    });

    it('scales its segments down with a small maxBytes', async () => {
      const outbox = await openOutbox({ maxBytes: 1 << 20 });
      expect(outbox.options.segmentBytes).toBe((1 << 20) / 16);
      expect(Object.isFrozen(outbox.options)).toBe(true);
    });

    it('refuses a batch whose framing cannot fit in maxBytes', async () => {
      const outbox = await openOutbox({ maxBytes: 4096 });
      const most = 4096 - 2 * SEGMENT_HEADER_BYTES - RECORD_HEADER_BYTES;
      await expect(outbox.append(Buffer.alloc(most + 1))).rejects.toMatchObject({ code: 'LW_OUTBOX_TOO_LARGE' });
      expect(await outbox.append(Buffer.alloc(most))).toEqual({ seq: 1 });
    });
  });
});
