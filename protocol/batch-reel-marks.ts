/**
 * Reel marks inside a measurement batch. A gateway reports the start and the
 * end of each reel (trace/reels/reel-mark.ts) as entries of the batch's
 * `points` array, in the order it read them among the readings:
 *
 *   { "line": "L1", "reel": "R26-0301-017", "event": "start", "ts": 1718000000000, "product": "BV-2.5", "metres": 0 }
 *
 * An entry with a `reel` field is a mark, any other a reading. Riding in
 * `points` keeps marks in the same batches, the same disk outbox and the
 * same acknowledgement as the readings (zero loss, no second path), and in
 * their order. An analytics service older than marks refuses such an entry
 * as a reading without a characteristic, with its reason on the dead
 * letter: never silently.
 */
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { ReelMark } from '../trace/reels/reel-mark.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT, PRODUCT_ID_PATTERN_SOURCE, PRODUCT_ID_SYNTAX_TEXT, REEL_ID_PATTERN_SOURCE, REEL_ID_SYNTAX_TEXT } from './ids.js';
import { schemaProblems, type SchemaProblem } from './schema-problems.js';

export const ReelMarkEntrySchema = Type.Object(
  {
    line: Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT }),
    reel: Type.String({ pattern: REEL_ID_PATTERN_SOURCE, errorMessage: REEL_ID_SYNTAX_TEXT }),
    event: Type.Union([Type.Literal('start'), Type.Literal('end')], { errorMessage: "'start' or 'end'" }),
    /** Milliseconds since 1970-01-01 UTC. */
    ts: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    product: Type.Optional(Type.String({ pattern: PRODUCT_ID_PATTERN_SOURCE, errorMessage: PRODUCT_ID_SYNTAX_TEXT })),
    /** The line's length counter at the mark, metres. */
    metres: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9, errorMessage: 'a length in metres, 0 to 1e9' })),
  },
  { additionalProperties: false },
);

/** A mark that passed, with its position in the batch. */
export interface AcceptedReelMark extends ReelMark {
  readonly index: number;
}

/** A mark as a sender has it. */
export type OutgoingReelMark = ReelMark;

/** True for a `points` entry that is a reel mark rather than a reading. */
export function isReelMarkEntry(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && (raw as { reel?: unknown }).reel !== undefined;
}

const check = Compile(ReelMarkEntrySchema);

/** The limits a mark's time is held to: those of the readings. */
export interface MarkTimeLimits {
  readonly minTimestampMs: number;
  readonly maxFutureMs: number;
}

/** A mark entry judged: the mark, or its problems with paths relative to the entry. */
export function readReelMarkEntry(raw: unknown, index: number, limits: MarkTimeLimits, now: number | undefined): AcceptedReelMark | SchemaProblem[] {
  if (!check.Check(raw)) {
    return schemaProblems(ReelMarkEntrySchema, raw, check.Errors(raw)).map((p) =>
      p.message === 'unknown property' ? { path: p.path, message: 'unknown property (a reel mark carries line, reel, event, ts, product and metres only)' } : p,
    );
  }
  const m = raw as ReelMark;
  if (m.ts < limits.minTimestampMs)
    return [{ path: 'ts', message: `${m.ts} is before ${new Date(limits.minTimestampMs).toISOString()}; timestamps are milliseconds since 1970 UTC (was it sent in seconds?)` }];
  if (now !== undefined && m.ts > now + limits.maxFutureMs)
    return [{ path: 'ts', message: `${new Date(m.ts).toISOString()} is more than ${limits.maxFutureMs / 1000} s ahead of the receiver's clock` }];
  return {
    index,
    line: m.line,
    reel: m.reel,
    event: m.event,
    ts: m.ts,
    ...(m.product !== undefined ? { product: m.product } : {}),
    ...(m.metres !== undefined ? { metres: m.metres } : {}),
  };
}

/** The JSON of one mark, fields in the schema's order (JSON.stringify's bytes). */
export function encodeReelMarkEntry(m: OutgoingReelMark): string {
  return JSON.stringify({
    line: m.line,
    reel: m.reel,
    event: m.event,
    ts: m.ts,
    ...(m.product !== undefined ? { product: m.product } : {}),
    ...(m.metres !== undefined ? { metres: m.metres } : {}),
  });
}
