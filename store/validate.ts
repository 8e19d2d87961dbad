/**
 * Structural checks shared by both adapters, so a batch gets the same answer
 * whichever database is behind the port. They decide only what can be stored
 * safely and read back unchanged; whether a reading is plausible for a gauge
 * is the ingest pipeline's business, not the store's.
 */
import { isCharacteristicName } from '../domain/characteristics.js';
import type { PointRejectionCode } from './errors.js';
import type { Measurement, PointRejection } from './port.js';

/** Longest enterprise or line id, UTF-16 code units. Ids are short codes from configuration. */
export const MAX_TAG_LENGTH = 256;

/** Largest timestamp InfluxDB can hold: int64 nanoseconds, 2262-04-11. ms */
export const MAX_TIMESTAMP_MS = 9_223_372_036_854;

/**
 * Control characters cannot be escaped in line-protocol tags (a newline ends
 * the point), and a backslash before a space, comma or equals sign would be
 * read as an escape. Both are rejected rather than silently altered.
 * Comma, space, equals and quotes are fine: the encoder escapes them.
 * \p{Cc} is every control character: U+0000-U+001F and U+007F-U+009F.
 */
const UNSAFE_TAG = /[\p{Cc}\\]/u;

/** Why `value` cannot be an enterprise or line id, or undefined when it can. */
export function tagProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${name} must be a string, got ${typeof value}`;
  if (value.length === 0) return `${name} is empty`;
  if (value.length > MAX_TAG_LENGTH) return `${name} is longer than ${MAX_TAG_LENGTH} characters`;
  const bad = UNSAFE_TAG.exec(value);
  if (bad) return `${name} contains ${describeChar(bad[0])}, which cannot be stored safely`;
  return undefined;
}

export function timestampProblem(name: string, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) return `${name} must be an integer number of ms, got ${String(value)}`;
  if (value < 0 || value > MAX_TIMESTAMP_MS) return `${name} ${value} is outside 1970-01-01 .. 2262-04-11`;
  return undefined;
}

export interface PartitionedBatch {
  readonly valid: Measurement[];
  readonly rejected: PointRejection[];
}

/** Splits a batch into storable points and rejections with reasons; never throws. */
export function partitionBatch(batch: readonly Measurement[]): PartitionedBatch {
  const valid: Measurement[] = [];
  const rejected: PointRejection[] = [];
  // Consecutive points usually share enterprise and line: remember the last
  // string that passed so the check runs once per run of equal ids.
  let lastGoodEnterprise: unknown;
  let lastGoodLine: unknown;
  const reject = (index: number, code: PointRejectionCode, reason: string): void => {
    rejected.push({ index, code, reason });
  };
  for (let index = 0; index < batch.length; index++) {
    const point = batch[index] as Partial<Measurement> | null | undefined;
    if (typeof point !== 'object' || point === null) {
      reject(index, 'LW_POINT_SHAPE', `point is ${point === null ? 'null' : typeof point}, not an object`);
      continue;
    }
    if (point.enterprise !== lastGoodEnterprise) {
      const problem = tagProblem('enterprise', point.enterprise);
      if (problem) {
        reject(index, 'LW_POINT_TAG', problem);
        continue;
      }
      lastGoodEnterprise = point.enterprise;
    }
    if (point.line !== lastGoodLine) {
      const problem = tagProblem('line', point.line);
      if (problem) {
        reject(index, 'LW_POINT_TAG', problem);
        continue;
      }
      lastGoodLine = point.line;
    }
    if (typeof point.characteristic !== 'string' || !isCharacteristicName(point.characteristic)) {
      reject(index, 'LW_POINT_CHARACTERISTIC', `unknown characteristic ${JSON.stringify(point.characteristic)}`);
      continue;
    }
    if (typeof point.value !== 'number' || !Number.isFinite(point.value)) {
      reject(index, 'LW_POINT_VALUE', `value must be a finite number, got ${String(point.value)}`);
      continue;
    }
    const tsProblem = timestampProblem('ts', point.ts);
    if (tsProblem) {
      reject(index, 'LW_POINT_TIMESTAMP', tsProblem);
      continue;
    }
    valid.push(point as Measurement);
  }
  return { valid, rejected };
}

function describeChar(char: string): string {
  if (char === '\\') return 'a backslash';
  if (char === '\n') return 'a newline';
  return `control character U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}
