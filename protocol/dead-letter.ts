/**
 * What the analytics service publishes on
 * `linewatch/v1/<enterprise>/<gateway>/deadletter` for input it refused, so
 * people can see what was wrong without access to the server's logs:
 *
 * - some points of a batch refused (the rest was stored):
 *   `{ "seq": 42, "enterprise": "E", "gateway": "G", "rejected": [ { "index": 3, "point": {...}, "reason": "points[3].value: NaN ..." } ] }`
 * - the whole message refused (it could not be read as a batch at all):
 *   `{ "enterprise": "E", "gateway": "G", "reason": "not valid JSON: ...", "payloadPreview": "{\"v\":1,...", "payloadBytes": 5120 }`
 *
 * The echoed point is a bounded, shallow copy: a hostile point (a string of a
 * megabyte, an array nested a million deep) must not make the dead letter
 * bigger than what caused it, nor crash JSON.stringify.
 */
import Type from 'typebox';
import { createJsonDecoder, type Decoded } from './json-decoder.js';
import { payloadPreview } from './json-payload.js';
import type { RejectedPoint } from './measurement-batch.js';

export const DEAD_LETTER_LIMITS = Object.freeze({
  /** Bytes of a refused payload quoted in a whole-message dead letter. */
  previewBytes: 256,
  /** Characters of one string field of an echoed point. */
  maxStringLength: 128,
  /** Fields of an echoed point. */
  maxFields: 16,
});

export const PointsDeadLetterSchema = Type.Object({
  seq: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  enterprise: Type.String(),
  gateway: Type.String(),
  rejected: Type.Array(Type.Object({ index: Type.Integer({ minimum: 0 }), point: Type.Unknown(), reason: Type.String() })),
});

export const MessageDeadLetterSchema = Type.Object({
  enterprise: Type.String(),
  gateway: Type.String(),
  reason: Type.String(),
  payloadPreview: Type.String(),
  payloadBytes: Type.Integer({ minimum: 0 }),
});

export const DeadLetterSchema = Type.Union([PointsDeadLetterSchema, MessageDeadLetterSchema]);

export type PointsDeadLetter = Type.Static<typeof PointsDeadLetterSchema>;
export type MessageDeadLetter = Type.Static<typeof MessageDeadLetterSchema>;
export type DeadLetter = PointsDeadLetter | MessageDeadLetter;

export function isPointsDeadLetter(letter: DeadLetter): letter is PointsDeadLetter {
  return 'rejected' in letter;
}

export function pointsDeadLetter(enterprise: string, gateway: string, seq: number, rejected: readonly RejectedPoint[]): PointsDeadLetter {
  return { seq, enterprise, gateway, rejected: rejected.map((r) => ({ index: r.index, point: boundedCopy(r.point), reason: r.reason })) };
}

export function messageDeadLetter(enterprise: string, gateway: string, reason: string, payload: Uint8Array | string): MessageDeadLetter {
  const payloadBytes = typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.byteLength;
  return { enterprise, gateway, reason, payloadPreview: payloadPreview(payload, DEAD_LETTER_LIMITS.previewBytes), payloadBytes };
}

export function encodeDeadLetter(letter: DeadLetter): string {
  return JSON.stringify(letter);
}

const decoder = createJsonDecoder(DeadLetterSchema);

export function decodeDeadLetter(payload: Uint8Array | string): Decoded<DeadLetter> {
  return decoder(payload);
}

/** A JSON-safe copy one level deep: long strings cut, nested values named rather than copied. */
export function boundedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return boundedScalar(value);
  if (Array.isArray(value)) return `[an array of ${value.length}]`;
  const out: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (const key of keys.slice(0, DEAD_LETTER_LIMITS.maxFields)) {
    const v = (value as Record<string, unknown>)[key];
    out[cut(key)] = v !== null && typeof v === 'object' ? (Array.isArray(v) ? `[an array of ${v.length}]` : '[an object]') : boundedScalar(v);
  }
  if (keys.length > DEAD_LETTER_LIMITS.maxFields) out['...'] = `${keys.length - DEAD_LETTER_LIMITS.maxFields} more fields`;
  return out;
}

function boundedScalar(value: unknown): unknown {
  if (typeof value === 'string') return cut(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value === undefined ? null : value;
}

function cut(text: string): string {
  const max = DEAD_LETTER_LIMITS.maxStringLength;
  return text.length > max ? `${text.slice(0, max)}... (${text.length} characters)` : text;
}
