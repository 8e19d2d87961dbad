/**
 * Timestamps of measurement CSV (docs/spc-conventions.md: `ts` is ISO 8601
 * UTC) as milliseconds since 1970-01-01 UTC.
 *
 * Nearly every timestamp a gauge or `linewatch simulate` writes has the form
 * `YYYY-MM-DDTHH:MM:SS(.sss)Z`; that form is read digit by digit here, with
 * no regular expression and no Date.parse, because a replay reads millions
 * of them. Every other ISO 8601 form goes to Date.parse, which defines the
 * result (test/unit/domain/iso-timestamp.test.ts checks that the two agree).
 *
 * What is refused, as a stable reason for a rejected row:
 * - a date-time without a zone (`2026-01-01T08:00:00`): Date.parse would read
 *   it as local time, a different instant on each machine (as the HTTP API
 *   refuses it, dashboard/README.md);
 * - a date that does not exist (`2026-02-30`): Date.parse rolls it over into
 *   March instead of refusing it;
 * - anything that is not ISO 8601 (Date.parse takes `1` for 2001).
 * A date alone (`2026-01-01`) is midnight UTC, as in ECMAScript.
 */
export type TimestampReason = 'invalid timestamp' | 'timestamp without a time zone';

const DATE = String.raw`([+-]\d{6}|\d{4})-(\d{2})-(\d{2})`;
const TIME = String.raw`[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?`;
const ZONED = new RegExp(`^${DATE}(?:${TIME}(?:[Zz]|[+-]\\d{2}:?\\d{2}))?$`);
const UNZONED = new RegExp(`^${DATE}${TIME}$`);

/** Milliseconds since the epoch, or why the text is no timestamp. */
export function parseTimestamp(text: string): number | TimestampReason {
  const fast = fastTimestamp(text);
  return Number.isNaN(fast) ? slowTimestamp(text) : fast; // fast is NaN when the text is not in the common form
}

/**
 * The same for the bytes `[start, end)` of a buffer (ASCII or UTF-8): the
 * common form is read without making a string.
 */
export function parseTimestampBytes(buf: Buffer, start: number, end: number): number | TimestampReason {
  const fast = fastTimestampBytes(buf, start, end);
  return Number.isNaN(fast) ? slowTimestamp(buf.toString('utf8', start, end)) : fast;
}

function slowTimestamp(raw: string): number | TimestampReason {
  const text = raw.trim();
  const m = ZONED.exec(text);
  if (m === null) return UNZONED.test(text) ? 'timestamp without a time zone' : 'invalid timestamp';
  const ms = Date.parse(text);
  if (!Number.isSafeInteger(ms)) return 'invalid timestamp';
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month))) return 'invalid timestamp';
  return ms;
}

/** `YYYY-MM-DDTHH:MM:SS(.s to .sssssssss)Z` from a string's char codes, else NaN. */
function fastTimestamp(s: string): number {
  const n = s.length;
  if (n !== 20 && !(n >= 22 && n <= 30)) return NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58 || s.charCodeAt(n - 1) !== 90) return NaN;
  const year = digit(s.charCodeAt(0)) * 1000 + digit(s.charCodeAt(1)) * 100 + digit(s.charCodeAt(2)) * 10 + digit(s.charCodeAt(3));
  const month = digit(s.charCodeAt(5)) * 10 + digit(s.charCodeAt(6));
  const day = digit(s.charCodeAt(8)) * 10 + digit(s.charCodeAt(9));
  const hour = digit(s.charCodeAt(11)) * 10 + digit(s.charCodeAt(12));
  const minute = digit(s.charCodeAt(14)) * 10 + digit(s.charCodeAt(15));
  const second = digit(s.charCodeAt(17)) * 10 + digit(s.charCodeAt(18));
  let ms = 0;
  if (n > 20) {
    if (s.charCodeAt(19) !== 46) return NaN;
    // Date.parse keeps the first three digits of the fraction and drops the rest (it does not round).
    for (let i = 20, scale = 100; i < n - 1; i++, scale /= 10) {
      const d = digit(s.charCodeAt(i));
      if (i < 23) ms += d * scale;
      else if (Number.isNaN(d)) return NaN;
    }
  }
  return assemble(year, month, day, hour, minute, second, ms);
}

/**
 * fastTimestamp over bytes, in integer arithmetic (a bad digit makes its
 * field negative). A stream's timestamps mostly share their minute with the
 * one before, so the instant of that minute is kept and only the seconds
 * and the fraction are read again.
 */
function fastTimestampBytes(b: Uint8Array, at: number, end: number): number {
  const n = end - at;
  if (n !== 20 && !(n >= 22 && n <= 30)) return NaN;
  if (b[at + 4] !== 45 || b[at + 7] !== 45 || b[at + 10] !== 84 || b[at + 13] !== 58 || b[at + 16] !== 58 || b[end - 1] !== 90) return NaN;
  let minuteMs: number;
  if (samePrefix(b, at)) {
    minuteMs = prefixMs;
  } else {
    const century = two(b, at);
    const year = century * 100 + two(b, at + 2);
    const month = two(b, at + 5);
    const day = two(b, at + 8);
    const hour = two(b, at + 11);
    const minute = two(b, at + 14);
    if (!(century >= 0 && year >= century * 100 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) return NaN;
    if (day > 28 && day > daysInMonth(year, month)) return NaN;
    minuteMs = ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute) * 60_000;
    for (let i = 0; i < 16; i++) prefix[i] = b[at + i];
    prefixMs = minuteMs;
  }
  const second = two(b, at + 17);
  if (!(second >= 0 && second <= 59)) return NaN;
  let ms = 0;
  if (n > 20) {
    if (b[at + 19] !== 46) return NaN;
    // Date.parse keeps the first three digits of the fraction and drops the rest (it does not round).
    for (let i = at + 20, scale = 100; i < end - 1; i++, scale = (scale / 10) | 0) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) return NaN;
      ms += d * scale;
    }
  }
  return minuteMs + second * 1000 + ms;
}

/** `YYYY-MM-DDTHH:MM:` of the last timestamp read from bytes, and its instant. */
const prefix = new Uint8Array(16).fill(255);
let prefixMs = 0;

function samePrefix(b: Uint8Array, at: number): boolean {
  // The minute's digits change most often: compare from the end.
  for (let i = 15; i >= 0; i--) if (b[at + i] !== prefix[i]) return false;
  return true;
}

/** Two digits' value, or a negative number when either is no digit. */
function two(b: Uint8Array, i: number): number {
  const x = b[i] - 48;
  const y = b[i + 1] - 48;
  return x >= 0 && x <= 9 && y >= 0 && y <= 9 ? x * 10 + y : -1000;
}

/** A digit's value, or NaN (which then makes the whole sum NaN). */
function digit(code: number): number {
  const d = code - 48;
  return d >= 0 && d <= 9 ? d : NaN;
}

/** The instant, or NaN when a field is out of range (left to the slow path, which refuses it). */
function assemble(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  // Each field is NaN if a character was no digit; every comparison with NaN is false.
  if (!(month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 && ms >= 0)) return NaN;
  if (day > 28 && day > daysInMonth(year, month)) return NaN;
  return (daysFromCivil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + ms;
}

let cachedDate = -1;
let cachedDays = 0;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); consecutive readings share a date, so the last one is kept. */
function daysFromCivil(year: number, month: number, day: number): number {
  const key = (year * 100 + month) * 100 + day;
  if (key === cachedDate) return cachedDays;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  cachedDate = key;
  cachedDays = era * 146_097 + doe - 719_468;
  return cachedDays;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
