/**
 * "The enterprise keeps its quality routine": where the county requires it
 * (`routineRequiredFrom`), every month from then needs a monthly review
 * signed by the quality-safety officer or director (trace/routine/); a
 * missing one is evidence against A. Not required: the condition is not
 * judged at all, so a suggestion for such an enterprise is unchanged.
 */
import { addDays, addMonths, type CalendarDay } from './calendar-day.js';
import type { ClassificationOptions } from './classification-options.js';
import type { ConditionResult } from './condition-result.js';

/** A signed monthly review, as the register holds it (kind `trace.routine`, period monthly). */
export interface SignedMonthlyReview {
  readonly id: string;
  readonly enterprise: string;
  /** The month's first day. */
  readonly month: CalendarDay;
  /** The day it was signed. */
  readonly signedOn: CalendarDay;
}

const TEXT = 'The quality routine is kept: a signed monthly review for every month';

/** The months a review is required for on `asOf`: each starting on or after `from` whose grace after its end has passed. */
export function requiredReviewMonths(from: CalendarDay, asOf: CalendarDay, graceDays: number): CalendarDay[] {
  const months: CalendarDay[] = [];
  let month = from.endsWith('-01') ? from : addMonths(`${from.slice(0, 7)}-01`, 1);
  while (addDays(addDays(addMonths(month, 1), -1), graceDays) < asOf) {
    months.push(month);
    month = addMonths(month, 1);
  }
  return months;
}

/** null when the routine is not required (`routineRequiredFrom` null). */
export function aRoutine(asOf: CalendarDay, reviews: readonly SignedMonthlyReview[], options: ClassificationOptions): ConditionResult | null {
  const from = options.routineRequiredFrom;
  if (from === null) return null;
  const result = (status: ConditionResult['status'], evidence: string, records: readonly string[]): ConditionResult => ({ id: 'a.routine', class: 'A', text: TEXT, status, evidence, records });
  const months = requiredReviewMonths(from, asOf, options.routineReviewGraceDays);
  if (months.length === 0) return result('met', `routine required from ${from}; no month's review due yet on ${asOf}`, []);
  const signed = new Map<string, SignedMonthlyReview>();
  for (const r of reviews) if (r.signedOn <= asOf && months.includes(r.month) && !signed.has(r.month)) signed.set(r.month, r);
  const missing = months.filter((m) => !signed.has(m));
  const ids = months.flatMap((m) => (signed.has(m) ? [signed.get(m)!.id] : []));
  const label = (m: CalendarDay) => m.slice(0, 7);
  if (missing.length > 0) return result('failed', `no signed monthly review for ${missing.map(label).join(', ')} (required from ${from}; ${ids.length} of ${months.length} signed)`, ids);
  return result('met', `signed monthly reviews for all ${months.length} months ${label(months[0])} to ${label(months.at(-1)!)}`, ids);
}
