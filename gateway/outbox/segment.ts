/**
 * One segment of the file outbox: `<baseSeq>.seg` holds batch records with
 * seqs from baseSeq up, appended in seq order; `<baseSeq>.ack` beside it
 * holds ack records releasing some of them. A segment is deleted, with its
 * ack file, once every batch in it is released and a newer segment exists:
 * the newest segment is always kept, because its name carries the seq
 * continuity when everything has been acknowledged.
 */
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeSegmentHeader, SEGMENT_HEADER_BYTES } from './record-format.js';
import { datasync, fsyncDirectory, type SyncCounter } from './fsync.js';

const NAME = /^(\d{16})\.(seg|ack)$/;

/** 16 digits hold every safe integer, and make name order = seq order. */
export function segmentFileName(baseSeq: number): string {
  return `${String(baseSeq).padStart(16, '0')}.seg`;
}

export function ackFileName(baseSeq: number): string {
  return `${String(baseSeq).padStart(16, '0')}.ack`;
}

export function parseFileName(name: string): { baseSeq: number; kind: 'seg' | 'ack' } | undefined {
  const m = NAME.exec(name);
  if (!m) return undefined;
  const baseSeq = Number(m[1]);
  return Number.isSafeInteger(baseSeq) ? { baseSeq, kind: m[2] as 'seg' | 'ack' } : undefined;
}

export class Segment {
  readonly path: string;
  readonly ackPath: string;
  /** Bytes in the file: header and records written so far. */
  size = SEGMENT_HEADER_BYTES;
  /** Records in the file. */
  records = 0;
  /** Records not released. */
  live = 0;
  /** Seq of the last record, or baseSeq - 1. */
  lastSeq: number;
  /** Open for appending while this is the newest segment. */
  fh: FileHandle | undefined;
  /** Written since the last fdatasync. */
  unsynced = false;
  /** Open once the first ack for this segment is written. */
  ackFh: FileHandle | undefined;
  /** Releases not yet written to the ack file: [first, count, ...]. */
  ackRuns: number[] = [];
  /** Its bytes were given back to the capacity gate (it is dead, or retired). */
  freed = false;

  constructor(
    readonly dir: string,
    readonly baseSeq: number,
  ) {
    this.path = join(dir, segmentFileName(baseSeq));
    this.ackPath = join(dir, ackFileName(baseSeq));
    this.lastSeq = baseSeq - 1;
  }

  /** Remembers the release of `seq`, merging it with the last run when adjacent. */
  noteRelease(seq: number): void {
    const n = this.ackRuns.length;
    if (n > 0 && this.ackRuns[n - 2]! + this.ackRuns[n - 1]! === seq && this.ackRuns[n - 1]! < 0xffff_ffff) {
      this.ackRuns[n - 1]!++;
    } else {
      this.ackRuns.push(seq, 1);
    }
  }

  async closeHandles(): Promise<void> {
    const handles = [this.fh, this.ackFh];
    this.fh = undefined;
    this.ackFh = undefined;
    for (const h of handles) await h?.close();
  }
}

/**
 * Creates a segment durably before any record goes into it: header written
 * and fdatasync'd, then the directory fsync'd so the file itself survives a
 * power cut. Recovery can then treat damage in any older segment as
 * corruption and only the newest one's tail as a torn write. `beforeHeader`
 * runs once the empty file is durable: on a full disk, the fully released
 * segment before it is deleted there, so the header has room.
 */
export async function createSegment(dir: string, baseSeq: number, counter: SyncCounter, beforeHeader?: () => Promise<void>): Promise<Segment> {
  const s = new Segment(dir, baseSeq);
  // 'wx': never overwrite; a name is used once since seqs are never reused.
  const fh = await open(s.path, 'wx');
  try {
    if (beforeHeader) {
      // The empty file's name already keeps seqs from being reused (recovery recreates a newest
      // segment of at most a header's bytes at the same base), so an older segment can go first.
      await fsyncDirectory(dir, counter);
      await beforeHeader();
    }
    await fh.write(encodeSegmentHeader(baseSeq), 0, SEGMENT_HEADER_BYTES, 0);
    await datasync(fh, counter);
    await fsyncDirectory(dir, counter);
  } catch (e) {
    await fh.close();
    throw e;
  }
  s.fh = fh;
  return s;
}

/**
 * Deletes released segments: segment file first, then its ack file, so a
 * crash in between leaves at worst an orphan ack file (recovery removes it),
 * never a segment without its acks (which would only re-send, but needlessly).
 * One directory fsync for them all makes the deletions durable.
 */
export async function deleteSegments(dir: string, segments: readonly Segment[], counter: SyncCounter): Promise<void> {
  if (segments.length === 0) return;
  for (const s of segments) {
    await s.closeHandles();
    await unlinkIfPresent(s.path);
    await unlinkIfPresent(s.ackPath);
  }
  await fsyncDirectory(dir, counter);
}

export async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}
