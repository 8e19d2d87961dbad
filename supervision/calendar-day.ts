/**
 * Calendar days as the register writes them, 'YYYY-MM-DD' (UTC, no time):
 * the unit of every date in supervision/. Day strings compare in calendar
 * order as plain strings, so the rest of the folder compares them with < and >.
 */

/** A calendar day, 'YYYY-MM-DD'. */
export type CalendarDay = string;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a day that exists ('2026-02-30' does not). */
export function isCalendarDay(text: string): boolean {
  const m = DAY.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(day: CalendarDay): [number, number, number] {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day (YYYY-MM-DD): '${day}'`);
  return [Number(day.slice(0, 4)), Number(day.slice(5, 7)), Number(day.slice(8, 10))];
}

function format(ms: number): CalendarDay {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The day `n` days after `day` (n may be negative). */
export function addDays(day: CalendarDay, n: number): CalendarDay {
  const [y, m, d] = parts(day);
  return format(Date.UTC(y, m - 1, d + n));
}

/**
 * The same day `n` months later (n may be negative); the month's last day
 * when it has fewer days (31 Aug + 6 months = 28/29 Feb), as calendars of
 * inspection intervals do.
 */
export function addMonths(day: CalendarDay, n: number): CalendarDay {
  const [y, m, d] = parts(day);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = daysInMonth(first.getUTCFullYear(), first.getUTCMonth() + 1);
  return format(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: CalendarDay, to: CalendarDay): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000);
}

/** The year of a day. */
export function yearOf(day: CalendarDay): number {
  return parts(day)[0];
}
