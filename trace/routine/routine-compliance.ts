/**
 * Whether an enterprise keeps its routine over a range of days: for each
 * daily log, weekly report and monthly review due in it, signed, drafted but
 * unsigned, or missing. A period is due when its last day lies in the range
 * and has passed (before `today`): a report is written after its period.
 */
import type { CalendarDay } from '../../supervision/calendar-day.js';
import { ROUTINE_PERIODS, type RoutinePeriod, type RoutineRecord } from '../records/trace-records.js';
import { addDays } from '../../supervision/calendar-day.js';
import { periodsEndingIn } from './routine-period.js';

export type RoutineState = 'signed' | 'unsigned' | 'missing';

export interface RoutinePeriodState {
  readonly periodStart: CalendarDay;
  readonly periodEnd: CalendarDay;
  readonly state: RoutineState;
  /** The record, when there is one. */
  readonly record: string | null;
}

export interface RoutineTally {
  readonly due: number;
  readonly signed: number;
  readonly unsigned: number;
  readonly missing: number;
  readonly periods: readonly RoutinePeriodState[];
}

export interface RoutineCompliance {
  readonly enterprise: string;
  readonly from: CalendarDay;
  readonly to: CalendarDay;
  readonly daily: RoutineTally;
  readonly weekly: RoutineTally;
  readonly monthly: RoutineTally;
}

/**
 * `records` may hold other enterprises' reports (ignored). Two records of one
 * period: a signed one wins.
 */
export function routineCompliance(enterprise: string, from: CalendarDay, to: CalendarDay, today: CalendarDay, records: readonly RoutineRecord[]): RoutineCompliance {
  const last = to < today ? to : addDays(today, -1);
  const own = records.filter((r) => r.enterprise === enterprise);
  const tally = (period: RoutinePeriod): RoutineTally => {
    const periods = periodsEndingIn(period, from, last).map((b): RoutinePeriodState => {
      const of = own.filter((r) => r.period === period && r.periodStart === b.start);
      const signed = of.find((r) => r.signedBy !== null);
      const found = signed ?? of[0];
      return { periodStart: b.start, periodEnd: b.end, state: signed ? 'signed' : found ? 'unsigned' : 'missing', record: found?.id ?? null };
    });
    const count = (s: RoutineState) => periods.filter((p) => p.state === s).length;
    return { due: periods.length, signed: count('signed'), unsigned: count('unsigned'), missing: count('missing'), periods };
  };
  const [daily, weekly, monthly] = ROUTINE_PERIODS.map(tally);
  return { enterprise, from, to, daily, weekly, monthly };
}
