/**
 * What crosses the MessagePort between a shard's store proxy and the main
 * thread's store server: a request with an id, the answer with the same id.
 * Measurements go as columns (a series table and three typed arrays whose
 * buffers are transferred, not copied), because the write path carries every
 * reading; the other calls are rare and go as structured clones.
 */
import { STORE_ERRORS, StoreError, type StoreErrorCode } from '../../store/errors.js';
import type { Measurement, TimeSeriesStore } from '../../store/port.js';

/** The port's calls, `adapter` aside (a field the proxy knows from the start). */
export type StoreMethod = Exclude<keyof TimeSeriesStore, 'adapter'>;

/** A batch of measurements as columns: point i is series `seriesOf[i]` of `series` (enterprise, line, characteristic), at `ts[i]`, `value[i]`. */
export interface MeasurementColumns {
  readonly series: readonly (readonly [string, string, string])[];
  readonly seriesOf: Uint32Array;
  readonly ts: Float64Array;
  readonly value: Float64Array;
}

export type StoreRequest =
  | { readonly id: number; readonly method: 'writeColumns'; readonly columns: MeasurementColumns }
  | { readonly id: number; readonly method: StoreMethod; readonly args: readonly unknown[] };

/** A thrown error as data: a StoreError keeps its code (and retry delay), so the caller branches on it as on the real store's. */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
  readonly retryAfterMs?: number;
}

export type StoreReply = { readonly id: number; readonly value: unknown } | { readonly id: number; readonly error: WireError };

/**
 * Columns of a batch whose every point is a well-formed Measurement (string
 * tags, number ts and value), else null: a malformed point goes as it is, so
 * the store refuses it with the same reason as in one thread. Numbers keep
 * every bit in a Float64Array (NaN, fractions, -0), so the store sees the
 * same values either way.
 */
export function toColumns(batch: readonly Measurement[]): MeasurementColumns | null {
  const n = batch.length;
  const seriesOf = new Uint32Array(n);
  const ts = new Float64Array(n);
  const value = new Float64Array(n);
  const series: [string, string, string][] = [];
  const index = new Map<string, number>();
  let last: Measurement | null = null;
  let lastIndex = -1;
  for (let i = 0; i < n; i++) {
    const p = batch[i];
    if (!wellFormed(p)) return null;
    // A batch is mostly runs of one series: compare with the point before before any look-up.
    if (last === null || p.enterprise !== last.enterprise || p.line !== last.line || p.characteristic !== last.characteristic) {
      const key = `${p.enterprise}\u0000${p.line}\u0000${p.characteristic}`;
      let at = index.get(key);
      if (at === undefined) {
        at = series.length;
        series.push([p.enterprise, p.line, p.characteristic]);
        index.set(key, at);
      }
      lastIndex = at;
      last = p;
    }
    seriesOf[i] = lastIndex;
    ts[i] = p.ts;
    value[i] = p.value;
  }
  return { series, seriesOf, ts, value };
}

/** The batch the columns carry, in its order (so rejections' indexes are the caller's). */
export function fromColumns(columns: MeasurementColumns): Measurement[] {
  const { series, seriesOf, ts, value } = columns;
  const out = new Array<Measurement>(ts.length);
  for (let i = 0; i < ts.length; i++) {
    const [enterprise, line, characteristic] = series[seriesOf[i]];
    out[i] = { enterprise, line, characteristic: characteristic as Measurement['characteristic'], ts: ts[i], value: value[i] };
  }
  return out;
}

/** The buffers to transfer with the columns (they are the sender's no more). */
export function columnBuffers(columns: MeasurementColumns): ArrayBuffer[] {
  return [columns.seriesOf.buffer, columns.ts.buffer, columns.value.buffer] as ArrayBuffer[];
}

export function toWireError(err: unknown): WireError {
  if (err instanceof StoreError) return { name: err.name, message: err.message, code: err.code, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) };
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: 'Error', message: String(err) };
}

/** The error as the caller would have seen it in one thread: a StoreError with its code, or an Error with the name and message. */
export function fromWireError(wire: WireError): Error {
  if (wire.code !== undefined && Object.hasOwn(STORE_ERRORS, wire.code)) {
    return new StoreError(wire.code as StoreErrorCode, wire.message, wire.retryAfterMs !== undefined ? { retryAfterMs: wire.retryAfterMs } : undefined);
  }
  const error = new Error(wire.message);
  error.name = wire.name;
  return error;
}

function wellFormed(p: Measurement): boolean {
  return (
    typeof p === 'object' &&
    p !== null &&
    typeof p.enterprise === 'string' &&
    typeof p.line === 'string' &&
    typeof p.characteristic === 'string' &&
    typeof p.ts === 'number' &&
    typeof p.value === 'number'
  );
}
