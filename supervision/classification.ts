/**
 * The class suggestion as the county's standard says: any C condition gives
 * C by itself, naming the record; A needs every A condition, including
 * months of stable, capable production in sample time (quality-evidence.ts);
 * B otherwise. Every condition is listed with its status and evidence, so the
 * suggestion can be checked and argued with.
 *
 * Pure: the caller passes the enterprise's records, its days of evidence
 * (domain/daily-evidence.ts) and the spec limits; `asOf` is a day of sample
 * time (the last day of data, in an offline assessment).
 */
import type { EnterpriseDay, SeriesDay } from '../domain/daily-evidence.js';
import { aCalibration, aEnvironmental, aLicence, aQms, aQualityResponsibility, aSafety, aTax } from './a-conditions.js';
import { C_CONDITIONS, type ConditionContext } from './c-conditions.js';
import { isCalendarDay, type CalendarDay } from './calendar-day.js';
import { CalibrationCoverage } from './calibration-coverage.js';
import { DEFAULT_CLASSIFICATION_OPTIONS, type ClassificationOptions } from './classification-options.js';
import type { ConditionResult } from './condition-result.js';
import { horizonStart, judgeQuality, type SeriesCapability, type SeriesSpec } from './quality-evidence.js';
import { aRoutine, type SignedMonthlyReview } from './routine-condition.js';
import { recordsOfKind, type SupervisionClass, type SupervisionRecord } from './records.js';

export interface ClassificationInput {
  readonly enterprise: string;
  /** The day (sample time) the suggestion is for; records dated later are ignored. */
  readonly asOf: CalendarDay;
  /** Register records; those of other enterprises are ignored. */
  readonly records: readonly SupervisionRecord[];
  readonly seriesDays?: readonly SeriesDay[];
  readonly enterpriseDays?: readonly EnterpriseDay[];
  /** Spec limits per line and characteristic (line '*' applies to every line). */
  readonly specs?: readonly SeriesSpec[];
  /** Signed monthly reviews of the enterprise's routine (register kind trace.routine); read only when the routine is required (options.routineRequiredFrom). */
  readonly routineReviews?: readonly SignedMonthlyReview[];
}

export interface ClassSuggestion {
  readonly enterprise: string;
  readonly asOf: CalendarDay;
  readonly suggested: SupervisionClass;
  /** Every C condition, then every A condition. */
  readonly conditions: readonly ConditionResult[];
  /** One line: why this class. */
  readonly summary: string;
  /** The safety-critical series' capability behind a.quality. */
  readonly capability: readonly SeriesCapability[];
  /** Series-days dropped from the evidence as measured outside calibration. */
  readonly excludedDays: number;
}

export function classify(input: ClassificationInput, options: ClassificationOptions = DEFAULT_CLASSIFICATION_OPTIONS): ClassSuggestion {
  if (!isCalendarDay(input.asOf)) throw new RangeError(`classify: asOf must be a day YYYY-MM-DD, got '${input.asOf}'`);
  const records = input.records.filter((r) => r.enterprise === input.enterprise);
  const seriesDays = (input.seriesDays ?? []).filter((d) => d.enterprise === input.enterprise);
  const enterpriseDays = (input.enterpriseDays ?? []).filter((d) => d.enterprise === input.enterprise);
  const coverage = new CalibrationCoverage(recordsOfKind(records, 'calibration'));
  const x: ConditionContext = { asOf: input.asOf, records, seriesDays, coverage, options };
  const cConditions = C_CONDITIONS.map((f) => f(x));
  const quality = judgeQuality({ asOf: input.asOf, seriesDays, enterpriseDays, specs: input.specs ?? [], coverage, options });
  const routine = aRoutine(
    input.asOf,
    (input.routineReviews ?? []).filter((r) => r.enterprise === input.enterprise),
    options,
  );
  const aConditions = [
    aTax(x),
    aQualityResponsibility(x),
    aQms(x),
    aLicence(x),
    aCalibration(x, horizonStart(input.asOf, options)),
    aSafety(x),
    aEnvironmental(x),
    quality.condition,
    ...(routine ? [routine] : []),
  ];
  const present = cConditions.filter((c) => c.status === 'failed');
  const notMet = aConditions.filter((c) => c.status !== 'met');
  const suggested: SupervisionClass = present.length > 0 ? 'C' : notMet.length === 0 ? 'A' : 'B';
  const summary =
    suggested === 'C'
      ? `C: ${present.map((c) => `${c.id} (${c.records.join(', ') || 'no record'})`).join(', ')}`
      : suggested === 'A'
        ? 'A: no C condition and every A condition met'
        : `B: no C condition; not met for A: ${notMet.map((c) => `${c.id} ${c.status}`).join(', ')}`;
  return { enterprise: input.enterprise, asOf: input.asOf, suggested, conditions: [...cConditions, ...aConditions], summary, capability: quality.capability, excludedDays: quality.excludedDays };
}
