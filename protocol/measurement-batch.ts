/**
 * The measurement batch a gateway publishes on
 * `linewatch/v1/<enterprise>/<gateway>/measurements`:
 *
 *   { "v": 1, "epoch": "3f2a...", "seq": 42,
 *     "points": [ { "line": "L1", "characteristic": "conductor_resistance", "ts": 1718000000000, "value": 12.04 } ] }
 *
 * An entry of `points` with a `reel` field is a reel mark, the start or end
 * of a reel on a line (batch-reel-marks.ts), not a reading.
 *
 * A point may also say which product the line made (`product`, a product id
 * of the configuration: from that point on the series is charted against
 * that product's limits), where on the line's length it was read
 * (`positionM`, metres) and that its source flagged it as late
 * (`historical: true`, e.g. Sparkplug's is_historical: stored, never charted
 * live). Gateways that know none of these leave them out.
 *
 * `epoch` (optional, outbox-epoch.ts) names the gateway's outbox; `seq` is
 * unique within it. A batch without one (an older gateway) is in the epoch ''.
 *
 * Decoding never throws. A payload whose envelope is wrong (not JSON, wrong
 * version, bad seq, no points array, too big) is rejected whole with one
 * reason; a point that is wrong (unknown characteristic, value null or "NaN",
 * negative, implausible, a timestamp in seconds) is rejected alone with its
 * own reason, and the rest of the batch goes through.
 */
import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { CHARACTERISTICS, CHARACTERISTIC_NAMES, isCharacteristicName, type CharacteristicName } from '../domain/characteristics.js';
import { classifyNumber, classifyRawValue } from '../domain/sample-value.js';
import { ID_PATTERN_SOURCE, ID_SYNTAX_TEXT, PRODUCT_ID_PATTERN_SOURCE, PRODUCT_ID_SYNTAX_TEXT } from './ids.js';
import { parseJsonPayload } from './json-payload.js';
import { EPOCH_PATTERN_SOURCE, EPOCH_SYNTAX_TEXT, isValidEpoch } from './outbox-epoch.js';
import { ProtocolError } from './protocol-error.js';
import { describeValue, problemText, schemaProblems, type SchemaProblem } from './schema-problems.js';
import { withDefaults } from '../domain/with-defaults.js';
import { isReelMarkEntry, readReelMarkEntry, type AcceptedReelMark } from './batch-reel-marks.js';

export const MEASUREMENT_BATCH_VERSION = 1;

export const DEFAULT_MEASUREMENT_BATCH_OPTIONS = Object.freeze({
  /** Largest payload accepted, in bytes of UTF-8 JSON (1 MiB; about 10,000 points). */
  maxBytes: 1_048_576,
  /** Most points in one batch. */
  maxPoints: 10_000,
  /**
   * Earliest timestamp accepted, in ms UTC (2000-01-01). A timestamp in
   * seconds (about 1.7e9 today) falls before it, which is the usual mistake.
   */
  minTimestampMs: Date.UTC(2000, 0, 1),
  /** How far ahead of the receiver's clock a point may be stamped, in ms (gateway clock skew). */
  maxFutureMs: 5 * 60_000,
  /**
   * A point stamped more than this before the receiver's clock is historical,
   * in ms: backlog a gateway sends after an outage, not a live reading. It is
   * accepted and stored like any other, but never charted live (no alert is
   * raised from it). Two minutes: far above the pipeline's normal delay (a
   * batch waits at most 50 ms at the gateway), well below an outage worth
   * calling one.
   */
  historicalAfterMs: 2 * 60_000,
});

export interface MeasurementBatchOptions {
  readonly maxBytes?: number;
  readonly maxPoints?: number;
  readonly minTimestampMs?: number;
  readonly maxFutureMs?: number;
  readonly historicalAfterMs?: number;
}

export const MeasurementPointSchema = Type.Object({
  line: Type.String({ pattern: ID_PATTERN_SOURCE, errorMessage: ID_SYNTAX_TEXT }),
  characteristic: Type.Enum([...CHARACTERISTIC_NAMES], { errorMessage: `a characteristic name (${CHARACTERISTIC_NAMES.join(', ')})` }),
  /** Milliseconds since 1970-01-01 UTC. */
  ts: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  value: Type.Number(),
  /** The product the line made (a product id of the configuration); absent: the line's configured product, or the last one it reported. */
  product: Type.Optional(Type.String({ pattern: PRODUCT_ID_PATTERN_SOURCE, errorMessage: PRODUCT_ID_SYNTAX_TEXT })),
  /** Where on the line's length the reading was taken, in metres. */
  positionM: Type.Optional(Type.Number({ minimum: 0, maximum: 1e9, errorMessage: 'a position in metres, 0 to 1e9' })),
  /** The source flagged the reading as late: stored, never charted live. */
  historical: Type.Optional(Type.Boolean()),
});

const EpochSchema = Type.String({ pattern: EPOCH_PATTERN_SOURCE, errorMessage: EPOCH_SYNTAX_TEXT });

/** The whole contract, for documentation and for encoders; the decoder checks the envelope and each point apart. */
export const MeasurementBatchSchema = Type.Object({
  v: Type.Literal(MEASUREMENT_BATCH_VERSION),
  /** The sender's outbox (outbox-epoch.ts); absent from older gateways. */
  epoch: Type.Optional(EpochSchema),
  /** Per-gateway sequence number: (enterprise, gateway, seq) names a batch, so a resend is recognised. */
  seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  points: Type.Array(MeasurementPointSchema, { minItems: 1, maxItems: DEFAULT_MEASUREMENT_BATCH_OPTIONS.maxPoints }),
});

export interface MeasurementPoint {
  readonly line: string;
  readonly characteristic: CharacteristicName;
  readonly ts: number;
  readonly value: number;
  readonly product?: string;
  readonly positionM?: number;
}

export interface MeasurementBatch {
  readonly v: typeof MEASUREMENT_BATCH_VERSION;
  readonly epoch?: string;
  readonly seq: number;
  readonly points: readonly MeasurementPoint[];
}

/** A point that passed, with its position in the batch. */
export interface AcceptedPoint extends MeasurementPoint {
  readonly index: number;
  /**
   * Stamped more than `historicalAfterMs` before the receiver's clock (known
   * only when the decoder was given `now`), or flagged late by its source.
   */
  readonly historical: boolean;
  /** Its source flagged it late (`historical: true` on the wire): never charted live, whatever its age. */
  readonly flaggedLate: boolean;
}

/** A point that did not pass: its position, the point as received, and why (with its path). */
export interface RejectedPoint {
  readonly index: number;
  readonly point: unknown;
  readonly reason: string;
}

export type BatchDecode =
  | {
      readonly ok: true;
      /** The sender's outbox epoch; '' when the batch carries none (an older gateway). */
      readonly epoch: string;
      readonly seq: number;
      readonly points: readonly AcceptedPoint[];
      /** The reel marks among the entries (batch-reel-marks.ts), in the batch's order; empty for most batches. */
      readonly reels: readonly AcceptedReelMark[];
      readonly rejected: readonly RejectedPoint[];
    }
  | { readonly ok: false; readonly reason: string };

export type MeasurementBatchDecoder = (payload: Uint8Array | string, now?: number) => BatchDecode;

/**
 * Builds a decoder with its limits checked and its validators compiled once.
 * `now` (ms UTC, the receiver's clock) enables the future-timestamp check
 * and marks historical points; without it neither is done, so the decoder
 * stays a pure function.
 */
export function createMeasurementBatchDecoder(options: MeasurementBatchOptions = {}): MeasurementBatchDecoder {
  const limits = resolveOptions(options);
  const envelopeSchema = Type.Object({
    v: Type.Literal(MEASUREMENT_BATCH_VERSION),
    epoch: Type.Optional(EpochSchema),
    seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    // Points are checked one by one below, so one bad point does not sink the batch.
    points: Type.Array(Type.Unknown(), { minItems: 1, maxItems: limits.maxPoints }),
  });
  const envelope = Compile(envelopeSchema);
  const point = Compile(MeasurementPointSchema);
  const plain = plainPointReader(limits);

  return function decodeMeasurementBatch(payload, now) {
    const parsed = parseJsonPayload(payload, limits.maxBytes);
    if (!parsed.ok) return parsed;
    const body = parsed.value;
    if (!envelope.Check(body)) {
      return { ok: false, reason: schemaProblems(envelopeSchema, body, envelope.Errors(body)).map(problemText).join('; ') };
    }
    const points: AcceptedPoint[] = [];
    const rejected: RejectedPoint[] = [];
    let reels: AcceptedReelMark[] | null = null; // allocated only for a batch that has marks
    const at = (index: number, path: string) => (path === '' ? `points[${index}]` : path.startsWith('[') ? `points[${index}]${path}` : `points[${index}].${path}`);
    body.points.forEach((raw, index) => {
      const accepted = plain(raw, index, now);
      if (accepted !== null) {
        points.push(accepted);
        return;
      }
      if (isReelMarkEntry(raw)) {
        const mark = readReelMarkEntry(raw, index, limits, now);
        if (Array.isArray(mark)) rejected.push({ index, point: raw, reason: mark.map((p) => `${at(index, p.path)}: ${p.message}`).join('; ') });
        else (reels ??= []).push(mark);
        return;
      }
      const schemaFailures = point.Check(raw) ? [] : schemaProblems(MeasurementPointSchema, raw, point.Errors(raw));
      const problems = pointProblems(raw, schemaFailures, limits, now);
      if (problems.length === 0) {
        const p = raw as MeasurementPoint;
        // classifyNumber also turns -0 into 0.
        const value = (classifyNumber(p.value) as { value: number }).value;
        const flaggedLate = (raw as { historical?: boolean }).historical === true;
        const historical = flaggedLate || (now !== undefined && p.ts < now - limits.historicalAfterMs);
        points.push({ index, line: p.line, characteristic: p.characteristic, ts: p.ts, value, historical, flaggedLate, product: p.product, positionM: p.positionM });
      } else {
        rejected.push({ index, point: raw, reason: problems.map((p) => `${at(index, p.path)}: ${p.message}`).join('; ') });
      }
    });
    return { ok: true, epoch: body.epoch ?? '', seq: body.seq, points, reels: reels ?? NO_MARKS, rejected };
  };
}

const NO_MARKS: readonly AcceptedReelMark[] = Object.freeze([]);

let defaultDecoder: MeasurementBatchDecoder | undefined;

/** Decodes with the default limits (the decoder is compiled on first use). */
export function decodeMeasurementBatch(payload: Uint8Array | string, now?: number): BatchDecode {
  defaultDecoder ??= createMeasurementBatchDecoder();
  return defaultDecoder(payload, now);
}

/**
 * A point as a sender has it before any judgement: a gauge or a file may
 * deliver NaN, text or nothing, and the point is sent as it is so that the
 * receiver rejects it with a reason (a `MeasurementPoint` is one of these).
 */
export interface OutgoingPoint {
  readonly line: string;
  readonly characteristic: string;
  readonly ts: number | string;
  readonly value: number | string | null;
  readonly product?: string;
  readonly positionM?: number;
  readonly historical?: boolean;
}

/*
 * The one encoder of the batch envelope and its points. It builds the JSON
 * text by concatenation, field by field in the order JSON.stringify would
 * write them for `{ v, epoch, seq, points: [{ line, characteristic, ts, value, product?, positionM?, historical? }] }`,
 * so its bytes are those of JSON.stringify of that object (NaN and infinite
 * numbers become null), at a fraction of the cost for a gateway that sends
 * thousands of batches a second. Every sender uses these functions: the
 * gateway (point by point as a batch fills, the envelope once the outbox has
 * given the batch its seq), the county benchmark and the tests.
 */

/** The JSON of one point: the four fields, then product, positionM and historical where given (any other field is left out). */
export function encodeMeasurementPoint(p: OutgoingPoint): string {
  const head = `{"line":${json(p.line)},"characteristic":${json(p.characteristic)},"ts":${json(p.ts)},"value":${json(p.value)}`;
  if (p.product === undefined && p.positionM === undefined && p.historical === undefined) return `${head}}`;
  const product = p.product === undefined ? '' : `,"product":${json(p.product)}`;
  const position = p.positionM === undefined ? '' : `,"positionM":${json(p.positionM)}`;
  const historical = p.historical === undefined ? '' : `,"historical":${json(p.historical)}`;
  return `${head}${product}${position}${historical}}`;
}

/**
 * The point encoder of one series, its `line` and `characteristic` written
 * once: `(ts, valueJson)` gives the point's JSON. `valueJson` is the reading
 * as JSON number text (for example a pool of readings formatted in advance),
 * or `null`.
 */
export function seriesPointEncoder(line: string, characteristic: string): (ts: number, valueJson: string) => string {
  const head = `{"line":${json(line)},"characteristic":${json(characteristic)},"ts":`;
  return (ts, valueJson) => `${head}${json(ts)},"value":${valueJson}}`;
}

/** The JSON array of points, as `encodeBatchEnvelope` takes it. */
export function encodeMeasurementPoints(points: readonly OutgoingPoint[]): string {
  let text = '[';
  for (let i = 0; i < points.length; i++) text += (i === 0 ? '' : ',') + encodeMeasurementPoint(points[i]);
  return `${text}]`;
}

/**
 * The batch around points already encoded (`pointsJson`: a JSON array, as
 * `encodeMeasurementPoints` writes it or a gateway's outbox stored it).
 * Without `epoch` the batch is in the epoch '' (as from an older gateway).
 * Throws a ProtocolError for a seq or an epoch the decoder would refuse.
 */
export function encodeBatchEnvelope(seq: number, pointsJson: string, epoch?: string): string {
  if (!Number.isSafeInteger(seq) || seq < 0) throw new ProtocolError('LW_PROTOCOL_BAD_MESSAGE', `seq must be a non-negative safe integer, got ${seq}`);
  if (epoch === undefined) return `{"v":${MEASUREMENT_BATCH_VERSION},"seq":${seq},"points":${pointsJson}}`;
  if (!isValidEpoch(epoch)) throw new ProtocolError('LW_PROTOCOL_BAD_MESSAGE', `epoch must be ${EPOCH_SYNTAX_TEXT}, got ${JSON.stringify(String(epoch).slice(0, 80))}`);
  // The epoch's syntax (letters, digits, '-') needs no escaping.
  return `{"v":${MEASUREMENT_BATCH_VERSION},"epoch":"${epoch}","seq":${seq},"points":${pointsJson}}`;
}

/**
 * The JSON a gateway sends. NaN and infinite values become null, as
 * JSON.stringify does; the decoder then rejects those points with a reason,
 * so a gateway may pass readings through without filtering them. Without
 * `epoch` the batch is in the epoch '' (as from an older gateway).
 */
export function encodeMeasurementBatch(seq: number, points: readonly OutgoingPoint[], epoch?: string): string {
  return encodeBatchEnvelope(seq, encodeMeasurementPoints(points), epoch);
}

/** JSON.stringify of one field's value; a missing one is written as null rather than as invalid JSON. */
function json(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

type Limits = Required<MeasurementBatchOptions>;

function resolveOptions(options: MeasurementBatchOptions): Limits {
  const limits: Limits = withDefaults<Limits>(DEFAULT_MEASUREMENT_BATCH_OPTIONS, options);
  for (const name of ['maxBytes', 'maxPoints'] as const) {
    if (!Number.isSafeInteger(limits[name]) || limits[name] < 1) {
      throw new ProtocolError('LW_PROTOCOL_BAD_OPTION', `${name} must be a positive whole number, got ${limits[name]}`);
    }
  }
  if (!Number.isFinite(limits.minTimestampMs)) throw new ProtocolError('LW_PROTOCOL_BAD_OPTION', `minTimestampMs must be a finite number, got ${limits.minTimestampMs}`);
  if (!(limits.maxFutureMs >= 0)) throw new ProtocolError('LW_PROTOCOL_BAD_OPTION', `maxFutureMs must be zero or positive, got ${limits.maxFutureMs}`);
  if (!(limits.historicalAfterMs > 0)) throw new ProtocolError('LW_PROTOCOL_BAD_OPTION', `historicalAfterMs must be positive, got ${limits.historicalAfterMs}`);
  return Object.freeze(limits);
}

const ID = new RegExp(ID_PATTERN_SOURCE);
const PRODUCT_ID = new RegExp(PRODUCT_ID_PATTERN_SOURCE);
/** Line ids remembered as valid per decoder: a county sends a handful of distinct ones. */
const MAX_KNOWN_LINES = 4096;

/**
 * The fast path for a point with nothing wrong, the usual case: each field
 * checked by hand, in the same terms as the schema and `pointProblems`, and
 * line ids already seen valid taken from a set instead of the pattern. Null
 * when anything is off; the full check then runs and says what.
 */
function plainPointReader(limits: Limits): (raw: unknown, index: number, now: number | undefined) => AcceptedPoint | null {
  const knownLines = new Set<string>();
  const knownProducts = new Set<string>();
  const knownProduct = (product: string): boolean => {
    if (knownProducts.has(product)) return true;
    if (!PRODUCT_ID.test(product)) return false;
    if (knownProducts.size >= MAX_KNOWN_LINES) knownProducts.clear();
    knownProducts.add(product);
    return true;
  };
  return (raw, index, now) => {
    if (typeof raw !== 'object' || raw === null) return null;
    const { line, characteristic, ts, value, product, positionM, historical } = raw as Record<string, unknown>;
    if (typeof line !== 'string' || typeof characteristic !== 'string' || typeof ts !== 'number' || typeof value !== 'number') return null;
    if (product !== undefined && (typeof product !== 'string' || !knownProduct(product))) return null;
    if (positionM !== undefined && (typeof positionM !== 'number' || !(positionM >= 0 && positionM <= 1e9))) return null;
    if (historical !== undefined && typeof historical !== 'boolean') return null;
    if (!isCharacteristicName(characteristic)) return null;
    if (!Number.isSafeInteger(ts) || ts < 0 || ts < limits.minTimestampMs || (now !== undefined && ts > now + limits.maxFutureMs)) return null;
    if (!Number.isFinite(value) || value < 0) return null;
    const { plausible } = CHARACTERISTICS[characteristic];
    const v = value === 0 ? 0 : value; // -0 is a zero reading
    if (v < plausible.min || v > plausible.max) return null;
    if (!knownLines.has(line)) {
      if (!ID.test(line)) return null;
      if (knownLines.size >= MAX_KNOWN_LINES) knownLines.clear();
      knownLines.add(line);
    }
    const flaggedLate = historical === true;
    // One shape for every point (product and positionM undefined when absent), so the engine keeps one hidden class.
    return {
      index,
      line,
      characteristic,
      ts,
      value: v,
      historical: flaggedLate || (now !== undefined && ts < now - limits.historicalAfterMs),
      flaggedLate,
      product: product as string | undefined,
      positionM: positionM as number | undefined,
    };
  };
}

/**
 * Every problem of one point, with paths relative to the point. The value is
 * judged here rather than by the schema, so that a null or "NaN" says what it
 * probably was.
 */
function pointProblems(raw: unknown, schemaFailures: SchemaProblem[], limits: Limits, now: number | undefined): SchemaProblem[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [{ path: '', message: `expected an object, got ${describeValue(raw)}` }];
  const problems = schemaFailures.filter((p) => p.path !== 'value');
  const fields = raw as Record<string, unknown>;
  const valueProblem = judgeValue(fields.value, typeof fields.characteristic === 'string' ? fields.characteristic : undefined);
  if (valueProblem) problems.push({ path: 'value', message: valueProblem });
  const ts = fields.ts;
  if (typeof ts === 'number' && Number.isSafeInteger(ts) && ts >= 0) {
    if (ts < limits.minTimestampMs) {
      problems.push({ path: 'ts', message: `${ts} is before ${new Date(limits.minTimestampMs).toISOString()}; timestamps are milliseconds since 1970 UTC (was it sent in seconds?)` });
    } else if (now !== undefined && ts > now + limits.maxFutureMs) {
      problems.push({ path: 'ts', message: `${new Date(ts).toISOString()} is more than ${limits.maxFutureMs / 1000} s ahead of the receiver's clock` });
    }
  }
  return problems;
}

function judgeValue(value: unknown, characteristic: string | undefined): string | null {
  if (value === undefined) return 'is required';
  if (value === null) return 'expected a number, got null (JSON cannot carry NaN or infinity: a missing or invalid reading?)';
  if (typeof value === 'string') {
    const verdict = classifyRawValue(value);
    if (!verdict.ok && (verdict.reason === 'NaN' || verdict.reason === 'infinite')) return `${verdict.reason} (sent as the string ${describeValue(value)})`;
    return `expected a number, got the string ${describeValue(value)}`;
  }
  if (typeof value !== 'number') return `expected a number, got ${describeValue(value)}`;
  const verdict = classifyNumber(value);
  if (!verdict.ok) return `${verdict.reason} (${value})`;
  if (characteristic !== undefined && isCharacteristicName(characteristic)) {
    const info = CHARACTERISTICS[characteristic];
    if (verdict.value < info.plausible.min || verdict.value > info.plausible.max) {
      return `${verdict.value} ${info.unit} is outside the plausible range of ${characteristic} (${info.plausible.min} to ${info.plausible.max} ${info.unit}); no working gauge reads that`;
    }
  }
  return null;
}

/**
 * The seq (and epoch) of a batch the decoder refused, if they can be read,
 * so it can still be acknowledged as refused; null and '' when not. Never throws.
 */
export function salvageBatchName(payload: Uint8Array | string): { seq: number | null; epoch: string } {
  try {
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    if (text.length > 16 * 1024 * 1024) return { seq: null, epoch: '' };
    const { seq, epoch } = JSON.parse(text) as { seq?: unknown; epoch?: unknown };
    return { seq: typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? seq : null, epoch: isValidEpoch(epoch) ? epoch : '' };
  } catch {
    return { seq: null, epoch: '' };
  }
}
