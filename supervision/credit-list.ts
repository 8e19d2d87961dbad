/**
 * The serious-violation (credit) list: an entry is listed from `listedOn`
 * to `until` (inclusive; open-ended when null), and comes off early on the
 * day its credit is repaired.
 */
import type { CalendarDay } from './calendar-day.js';
import type { CreditRecord } from './records.js';

export type CreditState = 'not-yet' | 'listed' | 'expired' | 'repaired';

export function creditState(entry: CreditRecord, day: CalendarDay): CreditState {
  if (day < entry.listedOn) return 'not-yet';
  if (entry.repairedOn !== null && day >= entry.repairedOn) return 'repaired';
  if (entry.until !== null && day > entry.until) return 'expired';
  return 'listed';
}

/** The entries in force on a day. */
export function listedOn(entries: readonly CreditRecord[], day: CalendarDay): CreditRecord[] {
  return entries.filter((e) => creditState(e, day) === 'listed');
}

/** Whether an enterprise is on the list on a day. */
export function isListed(entries: readonly CreditRecord[], enterprise: string, day: CalendarDay): boolean {
  return entries.some((e) => e.enterprise === enterprise && creditState(e, day) === 'listed');
}
