/**
 * The segment files of one outbox directory, oldest first: the last is the
 * active segment, open for appending. Segments that hold nothing any more
 * wait in a dead list until the file loop deletes them. This is where a
 * record's bytes are written (with the fault hook of the tests) and where
 * a clean shutdown makes the ack files durable and closes every handle.
 */
import type { WriteFault } from './file-outbox-options.js';
import { datasync, fsyncDirectory, writeAll, type SyncCounter } from './fsync.js';
import { deleteSegments, type Segment } from './segment.js';

export class SegmentChain {
  private dead: Segment[] = [];

  constructor(
    private readonly dir: string,
    private readonly sync: SyncCounter,
    /** In seq order; never empty. */
    private readonly list: Segment[],
    private readonly writeFault: (() => WriteFault | undefined) | undefined,
  ) {}

  get active(): Segment {
    return this.list[this.list.length - 1]!;
  }

  get hasDead(): boolean {
    return this.dead.length > 0;
  }

  includes(seg: Segment): boolean {
    return this.list.includes(seg);
  }

  /** The segment that holds `seq` (binary search on the base seqs). */
  segmentFor(seq: number): Segment | undefined {
    const s = this.list;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]!.baseSeq <= seq) lo = mid;
      else hi = mid - 1;
    }
    const seg = s[lo];
    return seg && seg.baseSeq <= seq ? seg : undefined;
  }

  /** Bytes of the segment files; with `freedToo` false, without the segments whose space is already given back. */
  storedBytes(freedToo: boolean): number {
    let stored = 0;
    for (const s of this.list) if (freedToo || !s.freed) stored += s.size;
    return stored;
  }

  /** A new active segment. */
  push(seg: Segment): void {
    this.list.push(seg);
  }

  /** Takes a segment out of the chain, its pending acks dropped (they no longer matter); false when it was out already. */
  remove(seg: Segment): boolean {
    const i = this.list.indexOf(seg);
    if (i < 0) return false;
    this.list.splice(i, 1);
    seg.ackRuns = [];
    return true;
  }

  /** A segment taken out of the chain, to be deleted by the file loop. */
  queueDelete(seg: Segment): void {
    this.dead.push(seg);
  }

  async deleteDead(): Promise<void> {
    const dead = this.dead;
    this.dead = [];
    await deleteSegments(this.dir, dead, this.sync);
  }

  /** Writes `chunks` at `position`; a fault from the test hook writes part of them and throws. */
  async write(seg: Segment, chunks: Buffer[], position: number): Promise<void> {
    seg.unsynced = true;
    const fault = this.writeFault?.();
    if (fault) {
      const all = Buffer.concat(chunks);
      await writeAll(seg.fh!, [all.subarray(0, Math.min(all.length, fault.written))], position);
      throw fault.error;
    }
    await writeAll(seg.fh!, chunks, position);
  }

  /** A clean shutdown makes the ack files durable (and the directory, if one was created), so a restart re-sends nothing acknowledged. */
  async syncAckFiles(): Promise<void> {
    let created = false;
    for (const s of this.list) {
      if (s.ackFh) {
        await datasync(s.ackFh, this.sync);
        created = true;
      }
    }
    if (created) await fsyncDirectory(this.dir, this.sync);
  }

  async closeAll(): Promise<void> {
    for (const s of this.list) await s.closeHandles().catch(() => undefined);
  }
}
