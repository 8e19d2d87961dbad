/**
 * The periods of the enterprise's routine in UTC calendar days: a day, an
 * ISO week (Monday to Sunday) or a calendar month, each named by its first
 * day. A period covers [start 00:00, day after its last day 00:00) UTC.
 */
import { addDays, addMonths, isCalendarDay, type CalendarDay } from '../../supervision/calendar-day.js';
import { ROUTINE_PERIODS, type RoutinePeriod } from '../records/trace-records.js';

export interface PeriodBounds {
  readonly period: RoutinePeriod;
  /** The first day: the day itself, the week's Monday, the month's 1st. */
  readonly start: CalendarDay;
  /** The last day, inclusive. */
  readonly end: CalendarDay;
  /** ms UTC of the first instant, and of the first instant after the period. */
  readonly fromMs: number;
  readonly untilMs: number;
}

export function isRoutinePeriod(text: unknown): text is RoutinePeriod {
  return typeof text === 'string' && (ROUTINE_PERIODS as readonly string[]).includes(text);
}

export function dayMs(day: CalendarDay): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function dayOf(ms: number): CalendarDay {
  return new Date(ms).toISOString().slice(0, 10);
}

/** 0 = Monday ... 6 = Sunday. */
function weekdayIndex(day: CalendarDay): number {
  return (new Date(dayMs(day)).getUTCDay() + 6) % 7;
}

/** The Monday of the ISO week the day is in. */
export function mondayOf(day: CalendarDay): CalendarDay {
  return addDays(day, -weekdayIndex(day));
}

export function monthStartOf(day: CalendarDay): CalendarDay {
  return `${day.slice(0, 7)}-01`;
}

/** The first day of the period of this kind the day falls in. */
export function periodStartOf(period: RoutinePeriod, day: CalendarDay): CalendarDay {
  return period === 'daily' ? day : period === 'weekly' ? mondayOf(day) : monthStartOf(day);
}

/**
 * Why `periodStart` cannot start a period of this kind, or null when it can:
 * a day that exists; for a week its Monday, for a month its first day.
 */
export function periodStartProblem(period: RoutinePeriod, periodStart: unknown): string | null {
  if (typeof periodStart !== 'string' || !isCalendarDay(periodStart)) return `periodStart: expected a day YYYY-MM-DD, got ${JSON.stringify(periodStart)}`;
  if (period === 'weekly' && weekdayIndex(periodStart) !== 0) return `periodStart: a weekly report starts on a Monday; ${periodStart} is not one (its week starts ${mondayOf(periodStart)})`;
  if (period === 'monthly' && !periodStart.endsWith('-01')) return `periodStart: a monthly review starts on the month's first day; got ${periodStart} (use ${monthStartOf(periodStart)})`;
  return null;
}

/** The bounds of a period; throws a RangeError naming periodStart when it cannot start one. */
export function periodBounds(period: RoutinePeriod, periodStart: CalendarDay): PeriodBounds {
  const problem = periodStartProblem(period, periodStart);
  if (problem) throw new RangeError(problem);
  const next = period === 'daily' ? addDays(periodStart, 1) : period === 'weekly' ? addDays(periodStart, 7) : addMonths(periodStart, 1);
  return { period, start: periodStart, end: addDays(next, -1), fromMs: dayMs(periodStart), untilMs: dayMs(next) };
}

/** Every period of this kind whose last day lies in [from, to], oldest first. */
export function periodsEndingIn(period: RoutinePeriod, from: CalendarDay, to: CalendarDay): PeriodBounds[] {
  const out: PeriodBounds[] = [];
  if (to < from) return out;
  for (let b = periodBounds(period, periodStartOf(period, from)); b.start <= to; b = periodBounds(period, addDays(b.end, 1))) {
    if (b.end >= from && b.end <= to) out.push(b);
  }
  return out;
}
