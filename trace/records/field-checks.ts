/**
 * The checks of one field of a trace record, each returning the clean value
 * or a problem that reads after the field's path ("expected ..., got ...").
 * They never throw: a form, the API and a CSV row all get every problem.
 */
import { isCalendarDay } from '../../supervision/calendar-day.js';

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

/** Record ids: the register's UUIDs or a spreadsheet's own, any short text without ';' (lists hold ids). */
const RECORD_ID = /^[^;\s][^;]{0,199}$/;
/**
 * A reel id as gateways report it: protocol/ids.ts REEL_ID_PATTERN_SOURCE,
 * copied because trace/ sits below protocol/ (a unit test keeps the two equal).
 */
export const REEL_ID_PATTERN_SOURCE = '^[A-Za-z0-9_.-]{1,64}$';
const REEL_ID = new RegExp(REEL_ID_PATTERN_SOURCE);
/** ISO 8601 UTC with or without milliseconds, as `Date.toISOString()` writes it ('Z' only: no other zone). */
const INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?Z$/;

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (problem: string): Checked<never> => ({ ok: false, problem });

export function text(v: unknown): Checked<string> {
  if (v === undefined || v === null) return bad('required');
  if (typeof v !== 'string' || v.trim() === '') return bad(`expected non-empty text, got ${describe(v)}`);
  return ok(v.trim());
}

/** Text that may be empty; missing means ''. */
export function note(v: unknown): Checked<string> {
  if (v === undefined || v === null) return ok('');
  if (typeof v !== 'string') return bad(`expected text, got ${describe(v)}`);
  return ok(v.trim());
}

export function recordId(v: unknown): Checked<string> {
  const t = text(v);
  if (!t.ok) return t;
  return RECORD_ID.test(t.value) ? t : bad(`expected an id of 1 to 200 characters without ';', got ${describe(v)}`);
}

export function reelId(v: unknown): Checked<string> {
  if (v === undefined || v === null) return bad('required');
  if (typeof v !== 'string' || !REEL_ID.test(v.trim())) return bad(`expected a reel id of 1 to 64 letters, digits, '.', '_' or '-', got ${describe(v)}`);
  return ok(v.trim());
}

export function day(v: unknown): Checked<string> {
  if (v === undefined || v === null) return bad('required');
  if (typeof v !== 'string' || !isCalendarDay(v.trim())) return bad(`expected a date YYYY-MM-DD that exists, got ${describe(v)}`);
  return ok(v.trim());
}

export function instant(v: unknown): Checked<string> {
  if (v === undefined || v === null) return bad('required');
  const m = typeof v === 'string' ? INSTANT.exec(v.trim()) : null;
  if (m === null || !isCalendarDay(m[1])) return bad(`expected an instant in ISO 8601 UTC ('2026-03-04T08:15:00Z'), got ${describe(v)}`);
  return ok((v as string).trim());
}

export function oneOfWords<const W extends string>(words: readonly W[], v: unknown): Checked<W> {
  if (v === undefined || v === null) return bad('required');
  if (typeof v !== 'string' || !(words as readonly string[]).includes(v.trim())) return bad(`expected ${oneOf(words)}, got ${describe(v)}`);
  return ok(v.trim() as W);
}

/** A finite number, or null when absent. */
export function optionalNumber(v: unknown): Checked<number | null> {
  if (v === undefined || v === null) return ok(null);
  if (typeof v !== 'number' || !Number.isFinite(v)) return bad(`expected a number or nothing, got ${describe(v)}`);
  return ok(v);
}

/**
 * A list whose items each pass `item`; `min` items at least. Problems name
 * the item's index; ';' separates a list's items in a CSV cell, which the
 * item checks already refuse.
 */
export function list<T>(v: unknown, item: (x: unknown) => Checked<T>, min: number): { readonly value: T[]; readonly problems: { path: string; problem: string }[] } {
  if (v === undefined || v === null) return { value: [], problems: min > 0 ? [{ path: '', problem: 'required' }] : [] };
  if (!Array.isArray(v)) return { value: [], problems: [{ path: '', problem: `expected a list, got ${describe(v)}` }] };
  const problems: { path: string; problem: string }[] = [];
  const value: T[] = [];
  const seen = new Set<T>();
  v.forEach((x, i) => {
    const c = item(x);
    if (!c.ok) problems.push({ path: `[${i}]`, problem: c.problem });
    else if (seen.has(c.value)) problems.push({ path: `[${i}]`, problem: `${describe(c.value)} is listed twice` });
    else {
      seen.add(c.value);
      value.push(c.value);
    }
  });
  if (problems.length === 0 && value.length < min) problems.push({ path: '', problem: `expected at least ${min} item(s), got none` });
  return { value, problems };
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 'a, b or c'. */
export function oneOf(values: readonly string[]): string {
  return values.length === 1 ? `'${values[0]}'` : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}
