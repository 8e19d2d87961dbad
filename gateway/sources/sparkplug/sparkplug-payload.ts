/**
 * A Sparkplug B payload as plain numbers: decoded with Eclipse Tahu's
 * protobuf codec (the `sparkplug-payload` package's generated reader), then
 * each metric's value read from its oneof field with its datatype. The
 * datatype comes from the metric, or, for NDATA/DDATA metrics that leave it
 * out as the specification recommends, from the birth that defined the
 * metric (`typeOf`); the package's own `decodePayload` loses such values.
 *
 * 64-bit fields (timestamps, seq, bdSeq, Int64/UInt64 values) come back from
 * protobufjs as `Long` objects and are converted here, once. Never throws:
 * a buffer that is not a Sparkplug payload is an `{ ok: false }` with a reason.
 */
import type { org } from 'sparkplug-payload/lib/sparkplugPayloadProto.js';

type ProtoPayload = org.eclipse.tahu.protobuf.Payload;
type ProtoMetric = org.eclipse.tahu.protobuf.Payload.IMetric & { value?: string };
type PayloadReader = { decode(buf: Uint8Array): ProtoPayload };

/** Sparkplug 3.0 datatypes (section 6.4.16) this host reads as a single value. */
export const DATATYPES = Object.freeze({
  Int8: 1,
  Int16: 2,
  Int32: 3,
  Int64: 4,
  UInt8: 5,
  UInt16: 6,
  UInt32: 7,
  UInt64: 8,
  Float: 9,
  Double: 10,
  Boolean: 11,
  String: 12,
  DateTime: 13,
  Text: 14,
  UUID: 15,
} as const);

/** A metric's value: a number, text, a boolean, null (`is_null`), or a kind no reading can hold (a DataSet, a Template, bytes). */
export type MetricValue = number | string | boolean | null | { readonly unsupported: string };

export interface DecodedMetric {
  readonly name?: string;
  readonly alias?: number;
  /** The datatype number, when the metric carries one. */
  readonly datatype?: number;
  readonly value: MetricValue;
  /** ms UTC. */
  readonly timestamp?: number;
  readonly historical: boolean;
  readonly transient: boolean;
}

export interface DecodedPayload {
  /** ms UTC. */
  readonly timestamp?: number;
  readonly seq?: number;
  readonly metrics: readonly DecodedMetric[];
}

export type DecodeResult = { readonly ok: true; readonly payload: DecodedPayload } | { readonly ok: false; readonly reason: string };

/** Where a metric without a datatype of its own finds the one its birth gave it. */
export type TypeLookup = (metric: { readonly name?: string; readonly alias?: number }) => number | undefined;

/** The `sparkplug-payload` package's Payload reader, loaded once, lazily (`await import`) by the source. */
export async function loadPayloadReader(): Promise<PayloadReader> {
  const proto = (await import('sparkplug-payload/lib/sparkplugPayloadProto.js')) as unknown as { default?: { org: typeof org }; org?: typeof org };
  const root = proto.org ?? proto.default?.org;
  if (root === undefined) throw new Error('sparkplug-payload: no org.eclipse.tahu.protobuf.Payload in lib/sparkplugPayloadProto.js');
  return root.eclipse.tahu.protobuf.Payload;
}

export function decodeSparkplugPayload(reader: PayloadReader, buf: Uint8Array, typeOf: TypeLookup = () => undefined): DecodeResult {
  let raw: ProtoPayload;
  try {
    raw = reader.decode(buf);
  } catch (err) {
    return { ok: false, reason: `not a Sparkplug B payload: ${(err as Error).message}` };
  }
  const metrics: DecodedMetric[] = [];
  for (const m of raw.metrics as ProtoMetric[]) {
    const name = has(m, 'name') ? (m.name as string) : undefined;
    const alias = has(m, 'alias') ? toNumber(m.alias) : undefined;
    const own = has(m, 'datatype') ? (m.datatype as number) : undefined;
    const datatype = own ?? typeOf({ ...(name !== undefined ? { name } : {}), ...(alias !== undefined ? { alias } : {}) });
    metrics.push({
      ...(name !== undefined ? { name } : {}),
      ...(alias !== undefined ? { alias } : {}),
      ...(own !== undefined ? { datatype: own } : {}),
      value: has(m, 'isNull') && m.isNull === true ? null : metricValue(m, datatype),
      ...(has(m, 'timestamp') ? { timestamp: toNumber(m.timestamp) } : {}),
      historical: has(m, 'isHistorical') && m.isHistorical === true,
      transient: has(m, 'isTransient') && m.isTransient === true,
    });
  }
  return {
    ok: true,
    payload: {
      ...(has(raw, 'timestamp') ? { timestamp: toNumber(raw.timestamp) } : {}),
      ...(has(raw, 'seq') ? { seq: toNumber(raw.seq) } : {}),
      metrics,
    },
  };
}

/** A protobufjs Long (or a plain number) as a number; exact up to 2^53, which covers every ms timestamp and counter here. */
export function toNumber(v: unknown, signed = false): number {
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'toNumber' in v) {
    const long = v as { toNumber(): number; toSigned(): { toNumber(): number } };
    return signed ? long.toSigned().toNumber() : long.toNumber();
  }
  return Number.NaN;
}

function metricValue(m: ProtoMetric, datatype: number | undefined): MetricValue {
  switch (m.value) {
    case 'intValue': {
      // Int8/16/32 travel as uint32 two's complement (Sparkplug 3.0, 6.4.16).
      const v = m.intValue as number;
      if (datatype === DATATYPES.Int8) return (v << 24) >> 24;
      if (datatype === DATATYPES.Int16) return (v << 16) >> 16;
      if (datatype === DATATYPES.Int32) return v | 0;
      return v >>> 0;
    }
    case 'longValue':
      return toNumber(m.longValue, datatype === DATATYPES.Int64);
    case 'floatValue':
      return shortestFloat(m.floatValue as number);
    case 'doubleValue':
      return m.doubleValue as number;
    case 'booleanValue':
      return m.booleanValue === true;
    case 'stringValue':
      return m.stringValue as string;
    case undefined:
      return { unsupported: 'no value' };
    default:
      return { unsupported: m.value.replace(/Value$/, '') };
  }
}

/**
 * A Float (32-bit) as the shortest decimal that is the same float: a gauge's
 * 0.7 arrives as 0.699999988079071 otherwise, a precision it never had.
 */
export function shortestFloat(v: number): number {
  if (!Number.isFinite(v)) return v;
  for (let digits = 1; digits <= 9; digits++) {
    const d = Number(v.toPrecision(digits));
    if (Math.fround(d) === v) return d;
  }
  return v;
}

function has(o: object, key: string): boolean {
  return Object.hasOwn(o, key);
}
