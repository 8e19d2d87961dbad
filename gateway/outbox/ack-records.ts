/**
 * Writing acknowledgements to the segments' ack files: each segment's
 * pending runs of released seqs are appended to its ack file, without an
 * fsync of their own (README.md, "Acks"). On a full disk a torn record is
 * cut off (a later record after it would be misaligned) and the runs not
 * written go back to their segments for the next try; losing them would
 * only mean re-sending stored batches.
 */
import { open } from 'node:fs/promises';
import { diskStallCode } from './disk-full.js';
import { encodeAckRecords } from './record-format.js';
import type { Segment } from './segment.js';

export interface AckRecordHooks {
  /** Whether the segment is still part of the outbox (a deleted one's acks no longer matter). */
  isLive(seg: Segment): boolean;
  /** The segment has runs left to write at the next try. */
  putBack(seg: Segment): void;
  /** The outbox cannot go on (a failed truncate): the error to throw. */
  fail(e: unknown): Error;
}

/** Appends the pending ack runs of `segs`. Throws the write error on a full disk, after putting the runs back. */
export async function appendAckRecords(segs: readonly Segment[], hooks: AckRecordHooks): Promise<void> {
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const runs = seg.ackRuns;
    seg.ackRuns = [];
    if (runs.length === 0) continue;
    let size = -1;
    try {
      seg.ackFh ??= await open(seg.ackPath, 'a');
      size = (await seg.ackFh.stat()).size;
      await seg.ackFh.appendFile(encodeAckRecords(runs));
    } catch (e) {
      if (diskStallCode(e) === undefined) throw e;
      try {
        if (size >= 0) await seg.ackFh!.truncate(size);
      } catch (cleanup) {
        throw hooks.fail(cleanup);
      }
      // Still live segments only: a dead one's acks no longer matter.
      for (const s of segs.slice(i)) {
        if (!hooks.isLive(s)) continue;
        if (s === seg) s.ackRuns = runs.concat(s.ackRuns);
        if (s.ackRuns.length > 0) hooks.putBack(s);
      }
      throw e;
    }
  }
}
