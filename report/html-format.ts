/**
 * Numbers and times as the printed report shows them: units always, and a
 * precision that matches what the figure can support (a Ppk to 2 decimals, a
 * mean to 4 significant digits, a ppm to 3), with an en dash for "no value".
 * The JSON keeps full precision.
 */
import { formatDuration } from '../domain/duration.js';

export const NONE = '\u2013';

/** Significant digits, without exponent notation for the magnitudes gauges produce. */
export function sig(x: number | null, digits = 4): string {
  if (x === null || !Number.isFinite(x)) return NONE;
  if (x === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(x)));
  const decimals = Math.max(0, Math.min(10, digits - 1 - magnitude));
  return x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: Math.abs(x) >= 10_000 });
}

export function withUnit(x: number | null, unit: string, digits = 4): string {
  const text = sig(x, digits);
  return text === NONE || unit === '' ? text : `${text} ${unit}`;
}

/** A difference, always signed so "+0.012 mm" cannot be misread as a level. */
export function signed(x: number | null, unit = '', digits = 3): string {
  if (x === null || !Number.isFinite(x)) return NONE;
  const text = `${x > 0 ? '+' : x < 0 ? '\u2212' : '\u00b1'}${sig(Math.abs(x), digits)}`;
  return unit === '' ? text : `${text} ${unit}`;
}

export function fixed(x: number | null, decimals: number): string {
  if (x === null || !Number.isFinite(x)) return NONE;
  return x.toFixed(decimals);
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Expected ppm: tiny values as a bound, since the tail model means nothing to 5 decimals. */
export function ppm(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return NONE;
  if (x < 0.01) return '< 0.01 ppm';
  return `${x >= 1000 ? count(Math.round(x)) : sig(x, 3)} ppm`;
}

/** "about 4 min", "about 3 days": the same words as the dashboard and the risk summaries. */
export function duration(ms: number | null): string {
  return ms === null || !Number.isFinite(ms) ? NONE : formatDuration(ms);
}

/** 2026-01-31 23:55 UTC */
export function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "January 2026" for 2026-01. */
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}
