/**
 * What a gateway source reports, before the gateway stamps and batches it.
 * A source (OPC UA, Modbus, telegrams, Sparkplug B, a file) turns what it
 * reads into these events and nothing else, so every source feeds the same
 * line context and the same disk outbox (gateway/sources/README.md).
 *
 * - `reading`: a gauge's value of one characteristic of one line. `ts` is the
 *   source's own timestamp where it has one (an OPC UA source timestamp, a
 *   Sparkplug metric timestamp), else the time it was read. `value` is passed
 *   on as read (text, null, NaN) so the analytics service rejects it with a
 *   reason; a source judges only what it alone can (a bad status code, a
 *   telegram it cannot split).
 * - `product`: the line makes this product from `ts` on (a source tag or an
 *   explicit changeover event).
 * - `length`: the line's length counter, in metres (where the reel is).
 * - `speed`: the line speed, in metres per minute (the position is integrated
 *   from it where no length counter is read).
 * - `reel`: a reel starts or ends on the line (a reel-id tag that changed, an
 *   MES event); the gateway sends it as a reel mark with the line's length
 *   counter at that moment (protocol/batch-reel-marks.ts).
 *
 * `historical` marks a reading the source itself says is late (Sparkplug's
 * `is_historical`): stored like any other, never charted live.
 */
export type SourceEvent = SourceReading | ProductEvent | LengthEvent | SpeedEvent | ReelEvent;

export interface SourceReading {
  readonly kind: 'reading';
  readonly line: string;
  readonly characteristic: string;
  /** ms UTC, or the text as read when it is not a time. */
  readonly ts: number | string;
  readonly value: number | string | null;
  readonly historical?: boolean;
}

export interface ProductEvent {
  readonly kind: 'product';
  readonly line: string;
  readonly ts: number;
  readonly product: string;
}

export interface LengthEvent {
  readonly kind: 'length';
  readonly line: string;
  readonly ts: number;
  /** Metres produced on the line's length counter. */
  readonly metres: number;
}

export interface SpeedEvent {
  readonly kind: 'speed';
  readonly line: string;
  readonly ts: number;
  /** Line speed, m/min. */
  readonly metresPerMinute: number;
}

export interface ReelEvent {
  readonly kind: 'reel';
  readonly line: string;
  readonly ts: number;
  readonly reel: string;
  readonly event: 'start' | 'end';
  /** The product wound on the reel, where the source says it: the line makes it from then on. */
  readonly product?: string;
}
