/**
 * An enterprise's signed monthly reviews as the classification reads them
 * (supervision/routine-condition.ts), from its routine reports in the
 * register (kind `trace.routine`, trace/records/trace-records.ts). Only what
 * the condition needs is read: the month and the day it was signed.
 */
import type { Register } from '../register/port.js';
import { isCalendarDay } from '../supervision/calendar-day.js';
import type { SignedMonthlyReview } from '../supervision/routine-condition.js';

export async function signedMonthlyReviews(register: Register, enterprise: string): Promise<SignedMonthlyReview[]> {
  const stored = await register.listRecords({ enterprise, kind: 'trace.routine' });
  const reviews: SignedMonthlyReview[] = [];
  for (const r of stored) {
    const { period, periodStart, signedAt } = r.body;
    if (period !== 'monthly' || typeof periodStart !== 'string' || !isCalendarDay(periodStart) || typeof signedAt !== 'string') continue;
    const signedOn = signedAt.slice(0, 10);
    if (isCalendarDay(signedOn)) reviews.push({ id: r.id, enterprise: r.enterprise, month: periodStart, signedOn });
  }
  return reviews;
}
