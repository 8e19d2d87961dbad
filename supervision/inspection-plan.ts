/**
 * When an enterprise is next due for inspection: the last inspection plus
 * the interval of its registered class (the county's standard: A yearly, B
 * half-yearly, C quarterly). Never inspected: due from its registration day.
 */
import { addMonths, daysBetween, type CalendarDay } from './calendar-day.js';
import type { SupervisionClass } from './records.js';

export type InspectionIntervals = Readonly<Record<SupervisionClass, number>>;

/** Months between inspections per class. Standard. */
export const DEFAULT_INSPECTION_MONTHS: InspectionIntervals = Object.freeze({ A: 12, B: 6, C: 3 });

export interface InspectionDue {
  readonly due: CalendarDay;
  /** Days past due on `asOf` (0 when not yet due). */
  readonly daysOverdue: number;
  readonly overdue: boolean;
}

/**
 * The next due day. `lastInspection` null means never inspected: due on
 * `registeredOn` (the class applies from then).
 */
export function inspectionDue(
  cls: SupervisionClass,
  lastInspection: CalendarDay | null,
  registeredOn: CalendarDay,
  asOf: CalendarDay,
  months: InspectionIntervals = DEFAULT_INSPECTION_MONTHS,
): InspectionDue {
  const due = lastInspection === null ? registeredOn : addMonths(lastInspection, months[cls]);
  const late = daysBetween(due, asOf);
  return { due, daysOverdue: Math.max(0, late), overdue: late > 0 };
}

/** The latest of some inspection days, or null. */
export function lastInspectionOf(days: readonly CalendarDay[]): CalendarDay | null {
  let last: CalendarDay | null = null;
  for (const d of days) if (last === null || d > last) last = d;
  return last;
}
