/**
 * The month a report covers: a calendar month in UTC, as the half-open range
 * [first day 00:00, first day of the next month 00:00) that the store's reads
 * take, and the month before it for the month-over-month comparison.
 */
import { ReportError } from './report-error.js';
import type { ReportPeriod } from './report-types.js';

const DAY_MS = 86_400_000;
/** The store holds ms timestamps from 1970 up to InfluxDB's int64 ns limit (2262-04-11). */
const FIRST_YEAR = 1970;
const LAST_YEAR = 2261;

/** Whether the store can hold times of this period at all (the month before 1970-01 it cannot). */
export function isStorable(period: ReportPeriod): boolean {
  return period.from >= 0;
}

export interface ReportMonths {
  readonly period: ReportPeriod;
  readonly previous: ReportPeriod;
}

/** The `count` calendar months ending with `period` (included), oldest first; those before 1970 left out (the store holds nothing then). */
export function monthsEnding(period: ReportPeriod, count: number): ReportPeriod[] {
  const end = new Date(period.from);
  const out: ReportPeriod[] = [];
  for (let k = count - 1; k >= 0; k--) {
    const p = periodOf(end.getUTCFullYear(), end.getUTCMonth() - k);
    if (isStorable(p)) out.push(p);
  }
  return out;
}

/** The calendar month (UTC) that holds `at`. */
export function monthOf(at: number): ReportPeriod {
  const d = new Date(at);
  return periodOf(d.getUTCFullYear(), d.getUTCMonth());
}

function periodOf(year: number, monthIndex: number): ReportPeriod {
  const from = Date.UTC(year, monthIndex, 1);
  const to = Date.UTC(year, monthIndex + 1, 1);
  const start = new Date(from);
  const month = `${String(start.getUTCFullYear()).padStart(4, '0')}-${String(start.getUTCMonth() + 1).padStart(2, '0')}`;
  return { month, from, to, days: Math.round((to - from) / DAY_MS) };
}

/**
 * The month `text` (YYYY-MM) names, refused when it is malformed or has not
 * begun at `now`: a report of a month with no data yet would read like
 * evidence of a silent cluster. A month under way is allowed (the report
 * says it is incomplete).
 */
export function parseMonth(text: string, now: number): ReportMonths {
  const m = /^(\d{4})-(\d{2})$/.exec(text);
  const year = m ? Number(m[1]) : NaN;
  const month = m ? Number(m[2]) : NaN;
  if (!m || month < 1 || month > 12 || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new ReportError('LW_REPORT_MONTH', `month must be a calendar month YYYY-MM from ${FIRST_YEAR}-01 to ${LAST_YEAR}-12, got ${JSON.stringify(text)}`);
  }
  const period = periodOf(year, month - 1);
  if (period.from > now) {
    throw new ReportError('LW_REPORT_MONTH', `month ${period.month} has not begun yet (now ${new Date(now).toISOString().slice(0, 10)})`);
  }
  // Before 1970-01 the store holds nothing (negative times): readers skip such a period.
  return { period, previous: periodOf(year, month - 2) };
}
