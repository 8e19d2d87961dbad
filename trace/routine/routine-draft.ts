/**
 * The drafts linewatch makes of the enterprise's routine reports: the daily
 * control log, the weekly check report (an ISO week, Monday to Sunday) and
 * the monthly review, each from the data of its period in UTC calendar days:
 * the episodes with their causes, the nonconforming reels, the gateways that
 * were down and the calibrations due. The week and the month add one line per
 * day, so a reader sees which day it happened on.
 *
 * Pure: the caller gathers the inputs of one enterprise (routine-inputs.ts).
 * The draft is plain JSON: it is frozen into the signed record.
 */
import type { CalendarDay } from '../../supervision/calendar-day.js';
import { addDays } from '../../supervision/calendar-day.js';
import type { RoutinePeriod } from '../records/trace-records.js';
import { calibrationDue, episodesIn, gatewaysIn, reelsIn, type DraftCalibration, type EpisodesPart, type GatewaysPart, type ReelsPart } from './draft-parts.js';
import { DEFAULT_ROUTINE_DRAFT_OPTIONS, type RoutineDraftOptions, type RoutineInputs } from './routine-inputs.js';
import { periodBounds, type PeriodBounds } from './routine-period.js';

/** One day of a week or month, in figures. */
export interface DraftDay {
  readonly day: CalendarDay;
  readonly episodes: number;
  readonly nonconformingReels: number;
  readonly gatewayMinutesDown: number;
}

export interface RoutineDraft {
  readonly period: RoutinePeriod;
  readonly periodStart: CalendarDay;
  /** The last day, inclusive. */
  readonly periodEnd: CalendarDay;
  /** What the draft knew up to (ms UTC), when the caller said; null otherwise. */
  readonly asOf: string | null;
  readonly episodes: EpisodesPart;
  readonly reels: ReelsPart;
  readonly gateways: GatewaysPart;
  readonly calibration: { readonly dueDays: number; readonly gauges: readonly DraftCalibration[] };
  /** Per day, for a week or a month; empty for a day. */
  readonly days: readonly DraftDay[];
}

export function routineDraft(period: RoutinePeriod, periodStart: CalendarDay, inputs: RoutineInputs, options: RoutineDraftOptions = DEFAULT_ROUTINE_DRAFT_OPTIONS): RoutineDraft {
  const dueDays = options.calibrationDueDays;
  if (!Number.isInteger(dueDays) || dueDays < 0) throw new RangeError(`calibrationDueDays: expected a whole number >= 0, got ${String(dueDays)}`);
  const b = periodBounds(period, periodStart);
  const nowMs = inputs.nowMs ?? null;
  return {
    period,
    periodStart: b.start,
    periodEnd: b.end,
    asOf: nowMs === null ? null : new Date(nowMs).toISOString(),
    episodes: episodesIn(b, inputs.alerts),
    reels: reelsIn(b, inputs.reels),
    gateways: gatewaysIn(b, inputs.gatewayDowns, nowMs),
    calibration: { dueDays, gauges: calibrationDue(b, inputs.calibrations, dueDays) },
    days: period === 'daily' ? [] : daysOf(b).map((d) => dayLine(d, inputs, nowMs)),
  };
}

function daysOf(b: PeriodBounds): PeriodBounds[] {
  const out: PeriodBounds[] = [];
  for (let day = b.start; day <= b.end; day = addDays(day, 1)) out.push(periodBounds('daily', day));
  return out;
}

function dayLine(d: PeriodBounds, inputs: RoutineInputs, nowMs: number | null): DraftDay {
  return {
    day: d.start,
    episodes: episodesIn(d, inputs.alerts).count,
    nonconformingReels: reelsIn(d, inputs.reels).nonconforming,
    gatewayMinutesDown: gatewaysIn(d, inputs.gatewayDowns, nowMs).minutesDown,
  };
}

/** The daily control log of `day`. */
export const dailyDraft = (day: CalendarDay, inputs: RoutineInputs, options?: RoutineDraftOptions) => routineDraft('daily', day, inputs, options);
/** The weekly check report of the ISO week starting on `monday`. */
export const weeklyDraft = (monday: CalendarDay, inputs: RoutineInputs, options?: RoutineDraftOptions) => routineDraft('weekly', monday, inputs, options);
/** The monthly review of the month starting on `month` ('2026-03-01'; 'YYYY-MM' is taken as its first day). */
export const monthlyDraft = (month: CalendarDay, inputs: RoutineInputs, options?: RoutineDraftOptions) => routineDraft('monthly', /^\d{4}-\d{2}$/.test(month) ? `${month}-01` : month, inputs, options);
