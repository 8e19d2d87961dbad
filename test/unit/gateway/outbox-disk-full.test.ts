/**
 * The file outbox on a disk that fills up: writes fail with ENOSPC part way,
 * injected at the write of records (FileOutboxOptions.writeFault) on a real
 * directory. The outbox must roll the write back, hold (or, by policy,
 * refuse) appends, and resume by itself once writes succeed again; what it
 * reports durable must be exactly what reopening finds. The same on a real
 * full tmpfs: test/feature/faults-disk.test.ts.
 */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileOutbox, type FileOutboxOptions, type WriteFault } from '../../../gateway/outbox/file-outbox.js';
import { type OutboxError, OutboxFullError } from '../../../gateway/outbox/errors.js';
import type { OutboxLog } from '../../../gateway/outbox/disk-full.js';
import { RECORD_HEADER_BYTES, SEGMENT_HEADER_BYTES } from '../../../gateway/outbox/record-format.js';
import { collect } from '../../contract/outbox.contract.js';

const root = await mkdtemp(join(tmpdir(), 'lw-outbox-disk-full-'));
let dirs = 0;
afterAll(() => rm(root, { recursive: true, force: true }));

const enospc = (): NodeJS.ErrnoException => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });

/** A disk that is full while `full` is true: each write stores `written` bytes, then fails. */
class FullDisk {
  full = false;
  faults = 0;
  constructor(private readonly written = 7) {}
  readonly fault = (): WriteFault | undefined => {
    if (!this.full) return undefined;
    this.faults++;
    return { written: this.written, error: enospc() };
  };
}

class RecordingLog implements OutboxLog {
  readonly lines: { level: string; message: string }[] = [];
  warn(_f: object, message: string): void {
    this.lines.push({ level: 'warn', message });
  }
  info(_f: object, message: string): void {
    this.lines.push({ level: 'info', message });
  }
}

async function until(what: string, check: () => boolean): Promise<void> {
  // Polls without a time limit of its own: the test's timeout is the bound.
  while (!check()) await new Promise((r) => setTimeout(r, 10));
  void what;
}

function settledFlag(p: Promise<unknown>): { settled: boolean } {
  const flag = { settled: false };
  p.then(
    () => (flag.settled = true),
    () => (flag.settled = true),
  );
  return flag;
}

describe('FileOutbox on a full disk', () => {
  const opened: FileOutbox[] = [];
  afterEach(async () => {
    for (const o of opened.splice(0)) await o.close();
  });
  async function openOutbox(disk: FullDisk, options: Partial<FileOutboxOptions> = {}): Promise<{ outbox: FileOutbox; log: RecordingLog }> {
    const log = new RecordingLog();
    const outbox = await FileOutbox.open({ dir: join(root, `o${++dirs}`), log, writeFault: disk.fault, ...options });
    opened.push(outbox);
    return { outbox, log };
  }
  const segmentSizes = async (dir: string): Promise<number[]> => {
    const names = (await readdir(dir)).filter((f) => f.endsWith('.seg')).sort();
    return Promise.all(names.map(async (f) => (await stat(join(dir, f))).size));
  };

  it("under 'block' holds appends back, rolls the torn write back, and resumes by itself", async () => {
    const disk = new FullDisk();
    const { outbox, log } = await openOutbox(disk);
    expect((await outbox.append('before')).seq).toBe(1);
    disk.full = true;
    const first = outbox.append('first while full');
    const firstState = settledFlag(first);
    await until('the outbox sees the full disk', () => outbox.stats().diskFull);
    const second = outbox.append('second while full');
    const secondState = settledFlag(second);
    await until('a retry failed too', () => disk.faults >= 2);
    expect(firstState.settled).toBe(false);
    expect(secondState.settled).toBe(false);
    expect(outbox.stats()).toMatchObject({ diskFull: true, diskFullStalls: 1, waiting: 1, pending: 1, appended: 1 });
    // The partial write was cut off: the segment ends at its last durable record, and the
    // retries write into a new segment (only its header so far), so acks can free the old one.
    expect(await segmentSizes(outbox.dir)).toEqual([SEGMENT_HEADER_BYTES + RECORD_HEADER_BYTES + 'before'.length, SEGMENT_HEADER_BYTES]);

    disk.full = false;
    expect(await first).toEqual({ seq: 2 });
    expect(await second).toEqual({ seq: 3 });
    expect(outbox.stats()).toMatchObject({ diskFull: false, diskFullStalls: 1, appended: 3, refused: 0 });
    expect(log.lines).toEqual([
      { level: 'warn', message: `outbox blocked: disk full at ${outbox.dir}; holding the source back until space returns` },
      { level: 'info', message: `outbox resumed: writing at ${outbox.dir} again` },
    ]);
    await outbox.close();
    const again = await FileOutbox.open({ dir: outbox.dir });
    opened.push(again);
    expect(again.recovery).toMatchObject({ records: 3, truncatedBytes: 0 });
    expect((await collect(again)).map((e) => [e.seq, Buffer.from(e.payload).toString()])).toEqual([
      [1, 'before'],
      [2, 'first while full'],
      [3, 'second while full'],
    ]);
  });

  it('writes a record that failed in a segment it had just created into that segment on retry', async () => {
    const disk = new FullDisk(3);
    const payload = 'x'.repeat(200);
    // Each record fills a segment: every append starts a new one.
    const { outbox } = await openOutbox(disk, { maxBytes: 4096, segmentBytes: 256 });
    await outbox.append(payload);
    disk.full = true;
    const held = outbox.append(payload);
    await until('the outbox sees the full disk', () => outbox.stats().diskFull);
    disk.full = false;
    expect(await held).toEqual({ seq: 2 });
    await outbox.close();
    const again = await FileOutbox.open({ dir: outbox.dir });
    opened.push(again);
    expect(again.recovery).toMatchObject({ segments: 2, records: 2, truncatedBytes: 0, damaged: [] });
    expect((await collect(again)).map((e) => e.seq)).toEqual([1, 2]);
  });

  it("under 'reject' refuses new appends while the disk is full, counted, and stores the one already accepted", async () => {
    const disk = new FullDisk();
    const { outbox, log } = await openOutbox(disk, { fullPolicy: 'reject' });
    disk.full = true;
    const accepted = outbox.append('accepted before the disk filled');
    await until('the outbox sees the full disk', () => outbox.stats().diskFull);
    const refused = await outbox.append('refused').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OutboxFullError);
    expect(refused).toMatchObject({ code: 'LW_OUTBOX_FULL', limit: 'disk' });
    expect((refused as OutboxError).canRetry()).toBe(true);
    expect(outbox.stats()).toMatchObject({ refused: 1, diskFull: true });
    expect(log.lines[0]).toEqual({ level: 'warn', message: `outbox refusing batches: disk full at ${outbox.dir}` });
    disk.full = false;
    expect(await accepted).toEqual({ seq: 1 });
  });

  it('retries when an acknowledgement lets a segment go', async () => {
    const payload = 'y'.repeat(200);
    // Full from the third append on, until the first segment is deleted: only an ack can free the space.
    let firstSegment: string | undefined;
    const fault = (): WriteFault | undefined => (firstSegment !== undefined && existsSync(firstSegment) ? { written: 0, error: enospc() } : undefined);
    const { outbox } = await openOutbox(new FullDisk(), { maxBytes: 4096, segmentBytes: 256, writeFault: fault });
    await outbox.append(payload);
    await outbox.append(payload);
    firstSegment = join(outbox.dir, (await readdir(outbox.dir)).filter((f) => f.endsWith('.seg')).sort()[0]!);
    const held = outbox.append(payload);
    await until('the outbox sees the full disk', () => outbox.stats().diskFull);
    expect(outbox.acknowledge(1)).toBe('acknowledged');
    expect(await held).toEqual({ seq: 3 });
    expect(outbox.stats()).toMatchObject({ diskFull: false, diskFullStalls: 1, batches: 2 });
  });

  it('ends the segment the disk filled up in, so acknowledging it makes room', async () => {
    let firstSegment: string | undefined;
    const fault = (): WriteFault | undefined => (firstSegment !== undefined && existsSync(firstSegment) ? { written: 5, error: enospc() } : undefined);
    // Default segment size: without ending it, the one segment would hold the whole disk forever.
    const { outbox } = await openOutbox(new FullDisk(), { writeFault: fault });
    await outbox.append('a');
    await outbox.append('b');
    firstSegment = join(outbox.dir, (await readdir(outbox.dir)).filter((f) => f.endsWith('.seg'))[0]!);
    const held = outbox.append('c');
    await until('the outbox sees the full disk', () => outbox.stats().diskFull);
    outbox.acknowledge(2);
    outbox.acknowledge(1);
    expect(await held).toEqual({ seq: 3 });
    expect(existsSync(firstSegment)).toBe(false);
    await outbox.close();
    const again = await FileOutbox.open({ dir: outbox.dir });
    opened.push(again);
    expect(again.recovery).toMatchObject({ segments: 1, unacknowledged: 1, truncatedBytes: 0 });
    expect((await collect(again)).map((e) => e.seq)).toEqual([3]);
  });

  it('waits out EIO the same way, saying so, and stops on an error that waiting cannot heal', async () => {
    let code: string | undefined = 'EIO';
    const fault = (): WriteFault | undefined => (code ? { written: 0, error: Object.assign(new Error(`${code}: write`), { code }) } : undefined);
    const { outbox, log } = await openOutbox(new FullDisk(), { writeFault: fault });
    const held = outbox.append('through a flaky disk');
    await until('the outbox sees the failing disk', () => outbox.stats().diskFull);
    expect(log.lines[0]).toEqual({ level: 'warn', message: `outbox blocked: I/O error (EIO) writing at ${outbox.dir}; holding the source back until writes succeed` });
    code = undefined;
    expect(await held).toEqual({ seq: 1 });

    code = 'EROFS';
    const failed = await outbox.append('on a read-only disk').catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'LW_OUTBOX_IO' });
    expect(outbox.stats().diskFull).toBe(false);
  });

  it('gives the held append back when closed on a full disk, and keeps what was durable', async () => {
    const disk = new FullDisk();
    const { outbox } = await openOutbox(disk);
    await outbox.append('durable');
    disk.full = true;
    const held = outbox.append('never written').catch((e: unknown) => e);
    await until('the outbox sees the full disk', () => outbox.stats().diskFull);
    await outbox.close();
    expect(await held).toMatchObject({ code: 'LW_OUTBOX_CLOSED' });
    const again = await FileOutbox.open({ dir: outbox.dir });
    opened.push(again);
    expect(again.recovery).toMatchObject({ records: 1, truncatedBytes: 0 });
    expect((await collect(again)).map((e) => e.seq)).toEqual([1]);
  });
});
