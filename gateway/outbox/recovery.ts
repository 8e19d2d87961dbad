/**
 * Opening a file outbox: rebuild the unacknowledged set from the directory.
 * 1. list `<baseSeq>.seg` files in seq order (none: create the first segment);
 * 2. scan each, verifying every record's CRC;
 *    - in the newest segment, damage is a torn tail from a crash before its
 *      fsync (never reported durable): truncate it and fdatasync;
 *    - in an older one it is corruption (that segment was fsync'd before a
 *      newer one was created): keep the intact prefix, report the rest; a bad
 *      header makes the whole file unusable: rename it `.corrupt`, report it,
 *      and skip every seq it could have held;
 * 3. apply each segment's `.ack` file (truncating a torn last ack record, so
 *    later ones stay aligned);
 * 4. delete older segments that are fully released, and orphan ack files;
 * 5. the next seq is past every seq and every segment name seen.
 */
import { mkdir, open, readdir, rename, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { datasync, fsyncDirectory, type SyncCounter } from './fsync.js';
import type { ResolvedFileOutboxOptions } from './options.js';
import { RECORD_HEADER_BYTES, SEGMENT_HEADER_BYTES } from './record-format.js';
import { createSegment, deleteSegments, parseFileName, Segment, unlinkIfPresent } from './segment.js';
import { scanAckFile, scanSegment } from './segment-scan.js';
import { SeqWindow } from './seq-window.js';

/** Where a batch is: its record starts at `offset` in its segment. */
export interface RecordLocation {
  readonly offset: number;
  readonly length: number;
}

/** Damage found in the outbox directory: what was lost and why. */
export interface DamageReport {
  readonly file: string;
  /** Where the unreadable bytes start. */
  readonly offset: number;
  readonly bytes: number;
  readonly reason: string;
}

export interface RecoveryReport {
  /** Segment files found. */
  readonly segments: number;
  /** Intact batch records found. */
  readonly records: number;
  /** Of those, not released by an ack record. */
  readonly unacknowledged: number;
  /** Torn tail cut from the newest segment (and torn ack records). */
  readonly truncatedBytes: number;
  /** Fully released segments deleted. */
  readonly deletedSegments: number;
  /** Corruption outside the torn tail: data that could not be read back. */
  readonly damaged: readonly DamageReport[];
}

export interface RecoveredOutbox {
  /** In seq order; the last one is open for appending. */
  readonly segments: Segment[];
  readonly window: SeqWindow<RecordLocation>;
  /** Payload bytes of the unreleased records. */
  readonly heldBytes: number;
  readonly nextSeq: number;
  /**
   * The lowest seq this directory can have issued: `firstSeq` for a new one.
   * An existing one keeps its own first seq, which is not on disk and may lie
   * below its oldest segment, so 1 there (never the firstSeq of this open:
   * it is ignored for an existing directory, and a later clock-derived one is
   * above every seq the directory holds).
   */
  readonly lowestSeq: number;
  readonly report: RecoveryReport;
}

export async function recoverOutbox(dir: string, o: ResolvedFileOutboxOptions, sync: SyncCounter): Promise<RecoveredOutbox> {
  const bases: number[] = [];
  const ackBases = new Set<number>();
  for (const name of await readdir(dir)) {
    const f = parseFileName(name);
    if (f?.kind === 'seg') bases.push(f.baseSeq);
    else if (f?.kind === 'ack') ackBases.add(f.baseSeq);
  }
  bases.sort((a, b) => a - b);

  const window = new SeqWindow<RecordLocation>();
  const segments: Segment[] = [];
  const damaged: DamageReport[] = [];
  let records = 0;
  let truncatedBytes = 0;
  let heldBytes = 0;
  // firstSeq is for a new directory only: jumping an existing one forward (say to a clock-derived seq at every
  // restart) would stretch the window of unacknowledged seqs across the gap (seq-window.ts).
  let nextSeq = bases.length === 0 ? o.firstSeq : 1;

  let minSeq = 0; // seqs only ever increase, across segments too
  for (let i = 0; i < bases.length; i++) {
    const base = bases[i]!;
    const newest = i === bases.length - 1;
    const seg = new Segment(dir, base);
    nextSeq = Math.max(nextSeq, base);
    const found: number[] = []; // [seq, offset, length, ...] of this segment
    const fh = await open(seg.path, newest ? 'r+' : 'r');
    let headerError: string | undefined;
    let fileBytes = 0;
    try {
      const scan = await scanSegment(fh, base, minSeq, o.maxBatchBytes, (seq, offset, length) => {
        found.push(seq, offset, length);
      });
      headerError = scan.headerError;
      fileBytes = scan.fileBytes;
      if (headerError === undefined && scan.damage !== undefined) {
        const lost = scan.fileBytes - scan.validBytes;
        if (newest) {
          await fh.truncate(scan.validBytes);
          await datasync(fh, sync);
          truncatedBytes += lost;
        } else {
          damaged.push({ file: seg.path, offset: scan.validBytes, bytes: lost, reason: scan.damage });
        }
      }
      seg.size = newest ? scan.validBytes : scan.fileBytes;
    } finally {
      await fh.close();
    }
    if (headerError !== undefined) {
      if (newest && fileBytes <= SEGMENT_HEADER_BYTES) {
        // A crash while creating it, before its header was synced: no record was ever in it.
        truncatedBytes += fileBytes;
        await unlinkIfPresent(seg.path);
        await unlinkIfPresent(seg.ackPath);
        segments.push(await createSegment(dir, base, sync));
      } else {
        damaged.push({ file: seg.path, offset: 0, bytes: fileBytes, reason: headerError });
        // Kept for a person to look at, out of the way of the outbox.
        await rename(seg.path, `${seg.path}.corrupt`);
        // Its records are unreadable, but their seqs were issued: skip past every one it could hold.
        nextSeq = Math.max(nextSeq, base + Math.ceil(fileBytes / RECORD_HEADER_BYTES));
        // Never append to an older segment: the newest must be the only one with a torn tail.
        if (newest) segments.push(await createSegment(dir, nextSeq, sync));
      }
      continue;
    }
    for (let k = 0; k < found.length; k += 3) {
      window.push(found[k]!, { offset: found[k + 1]!, length: found[k + 2]! });
      heldBytes += found[k + 2]!;
    }
    seg.records = found.length / 3;
    seg.live = seg.records;
    if (seg.records > 0) seg.lastSeq = found[found.length - 3]!;
    records += seg.records;
    nextSeq = Math.max(nextSeq, seg.lastSeq + 1);
    minSeq = seg.lastSeq + 1;

    const acks = await scanAckFile(seg.ackPath, (first, count) => {
      // Only this segment's seqs: an ack file speaks for its own segment.
      const from = Math.max(first, seg.baseSeq);
      const to = Math.min(first + count - 1, seg.lastSeq);
      for (let s = from; s <= to; s++) {
        const loc = window.release(s);
        if (loc) {
          seg.live--;
          heldBytes -= loc.length;
        }
      }
    });
    if (acks && acks.validBytes < acks.fileBytes) {
      await truncate(seg.ackPath, acks.validBytes);
      truncatedBytes += acks.fileBytes - acks.validBytes;
    }
    segments.push(seg);
  }

  if (segments.length === 0) segments.push(await createSegment(dir, nextSeq, sync));

  // Compaction: older segments with nothing left to send, and ack files without a segment.
  const released = segments.slice(0, -1).filter((s) => s.live === 0);
  await deleteSegments(dir, released, sync);
  const kept = segments.filter((s) => !released.includes(s));
  const keptBases = new Set(kept.map((s) => s.baseSeq));
  const orphans = [...ackBases].filter((b) => !keptBases.has(b) && !released.some((s) => s.baseSeq === b));
  for (const b of orphans) await unlinkIfPresent(new Segment(dir, b).ackPath);
  if (orphans.length > 0) await fsyncDirectory(dir, sync);

  const active = kept[kept.length - 1]!;
  active.fh ??= await open(active.path, 'r+');

  return {
    segments: kept,
    window,
    heldBytes,
    nextSeq,
    lowestSeq: bases.length === 0 ? o.firstSeq : 1,
    report: {
      segments: bases.length,
      records,
      unacknowledged: window.live,
      truncatedBytes,
      deletedSegments: released.length,
      damaged,
    },
  };
}

/**
 * Creates the outbox directory if needed, and makes its entry durable: a new
 * directory is only as durable as its parent's fsync (fsync(2)).
 */
export async function ensureDirectory(dir: string, sync: SyncCounter): Promise<void> {
  const created = await mkdir(dir, { recursive: true });
  if (created === undefined) return;
  // Every level from the first one created down to `dir` is a new entry in its parent.
  for (let d = dir; ; d = dirname(d)) {
    await fsyncDirectory(dirname(d), sync);
    if (d === created || dirname(d) === d) break;
  }
}
