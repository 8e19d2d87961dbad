/**
 * Argument checks shared by both adapters, so a bad call fails the same way
 * on each, before any SQL runs, with one line naming the field.
 */
import { parseTimestamp } from '../domain/iso-timestamp.js';
import { RegisterError } from './errors.js';
import type { AuditEntity, JsonObject, JsonValue, ProposalStatus, RegisteredClass } from './port.js';

const MAX_ID = 128;
const MAX_TEXT = 2_000;
/** One record's JSON; a register entry is a form, not a file. */
export const MAX_BODY_BYTES = 256 * 1024;
// Control characters (\p{Cc}: U+0000-U+001F, U+007F-U+009F) break CSV export
// and logs; ids must round-trip everywhere.
const CONTROL = /\p{Cc}/u;

export const AUDIT_ENTITIES: readonly AuditEntity[] = ['record', 'class', 'proposal', 'draw'];
export const PROPOSAL_STATUSES: readonly ProposalStatus[] = ['pending', 'accepted', 'rejected', 'withdrawn', 'superseded'];

export function invalid(message: string, row?: number): never {
  throw new RegisterError('LW_REGISTER_INVALID', row === undefined ? message : `row ${row}: ${message}`, row === undefined ? undefined : { row });
}

export function checkId(value: unknown, what: string, row?: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID || CONTROL.test(value) || value.trim() !== value) {
    invalid(`${what} must be 1 to ${MAX_ID} characters without control characters or surrounding spaces, got ${JSON.stringify(value)}`, row);
  }
  return value;
}

export function checkText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > MAX_TEXT) invalid(`${what} must be non-empty text of at most ${MAX_TEXT} characters`);
  return value;
}

export function checkUser(value: unknown): string {
  return checkId(value, 'user');
}

export function checkVersion(value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) invalid(`expectedVersion must be a positive integer, got ${JSON.stringify(value)}`);
  return value as number;
}

export function checkClass(value: unknown, what: string): RegisteredClass {
  if (value !== 'A' && value !== 'B' && value !== 'C') invalid(`${what} must be A, B or C, got ${JSON.stringify(value)}`);
  return value;
}

/** A calendar date YYYY-MM-DD that exists. */
export function checkDate(value: unknown, what: string): string {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value) return value;
  }
  return invalid(`${what} must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

export function checkTimestamp(value: unknown, what: string): number {
  const ms = typeof value === 'string' ? parseTimestamp(value) : 'invalid timestamp';
  if (typeof ms !== 'number') invalid(`${what} must be an ISO 8601 time with a zone, got ${JSON.stringify(value)} (${ms})`);
  return ms;
}

/** The JSON text of a value that must be a plain JSON object. */
export function jsonObjectText(value: unknown, what: string, row?: number): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(`${what} must be a JSON object`, row);
  return jsonText(value as JsonObject, what, row);
}

/** The JSON text of any JSON value; refuses what JSON cannot hold faithfully (NaN, functions, cycles, big). */
export function jsonText(value: JsonValue, what: string, row?: number): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, (key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error('a number that is not finite');
      // PostgreSQL's JSONB cannot hold U+0000; refusing it on both backends keeps them alike.
      if ((typeof v === 'string' && v.includes('\u0000')) || key.includes('\u0000')) throw new Error('a NUL character');
      if (typeof v === 'bigint' || typeof v === 'function' || typeof v === 'symbol' || v === undefined) throw new Error(`a ${typeof v}`);
      return v;
    });
  } catch (error) {
    invalid(`${what} is not valid JSON: it holds ${error instanceof Error ? error.message : String(error)}`, row);
  }
  if (text === undefined) invalid(`${what} is not valid JSON`, row);
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) invalid(`${what} is larger than ${MAX_BODY_BYTES} bytes of JSON`, row);
  return text;
}

export function checkLimit(value: unknown, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > max) invalid(`limit must be an integer from 1 to ${max}, got ${JSON.stringify(value)}`);
  return value as number;
}
