/**
 * The start or the end of a reel on a line, as a gateway reports it: from a
 * source tag (a reel-id tag that changes) or from an event sent over the
 * gateway's protocol (the measurement batch's `reels`, protocol/measurement-batch.ts).
 * Marks travel in the same batches, through the same disk outbox, as the
 * readings, and the analytics service stores them before it acknowledges the
 * batch, so a reel's boundaries are as safe as its readings.
 *
 * A reel holds the readings of its line with sample time in
 * [start.ts, end.ts): a reading stamped exactly at the end belongs to the
 * next reel, never to two.
 */
export interface ReelMark {
  readonly line: string;
  /** The reel (or lot) id, unique within the enterprise. */
  readonly reel: string;
  readonly event: 'start' | 'end';
  /** Sample time, ms UTC. */
  readonly ts: number;
  /** The product wound on the reel, where the source says it (a start usually does). */
  readonly product?: string;
  /** The line's length counter at the mark, metres, where it is read. */
  readonly metres?: number;
}
