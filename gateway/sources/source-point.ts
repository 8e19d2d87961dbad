import type { OutgoingReelMark } from '../../protocol/batch-reel-marks.js';

/**
 * A reading as a gateway takes it from its source, before any judgement:
 * a gauge or a file may deliver NaN, an empty field or text, and the gateway
 * forwards it unchanged so the analytics service rejects it with a reason on
 * the dead-letter topic (docs/design.md, "Principles": bad input is kept and
 * answered, never silently dropped at the edge).
 */
export interface SourcePoint {
  readonly line: string;
  readonly characteristic: string;
  /** ms UTC, or the text as read when it is not a time. */
  readonly ts: number | string;
  /** The reading, or the text as read when it is not a number (null when empty). */
  readonly value: number | string | null;
  /** The product the line made when this was read, when the gateway knows it (else the line's configured one applies). */
  readonly product?: string;
  /** Where on the line's length this was read, in metres, when a length counter or line speed is read. */
  readonly positionM?: number;
  /** The source says this reading is late (stored, never charted live). */
  readonly historical?: boolean;
}

/** What the gateway batches: a reading, or a reel's start or end mark (told apart by its `reel` field). */
export type GatewayEntry = SourcePoint | OutgoingReelMark;
