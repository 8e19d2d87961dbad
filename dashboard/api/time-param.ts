/**
 * Times in query strings: milliseconds since the epoch, or ISO 8601. The
 * schema (schemas.ts TimeText) has already checked the shape; this refuses
 * what has the shape but is no instant (2024-02-30) or lies outside what the
 * store can hold.
 */
import { MAX_TIMESTAMP_MS } from '../../store/validate.js';
import { badRequest } from './errors.js';

export function parseTime(field: string, text: string): number {
  // Digits only are ms; anything else is ISO 8601, whose zone the schema made explicit.
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(ms) || !isRealDate(text) || ms < 0 || ms > MAX_TIMESTAMP_MS) {
    throw badRequest(field, `query parameter '${field}' is not a time between 1970-01-01 and 2262-04-11: ${JSON.stringify(text)}`);
  }
  return ms;
}

/** Date.parse rolls 2024-02-30 over to March instead of refusing it. */
function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return true;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d;
}
