/**
 * Every number of the classification, in one object with defaults.
 * supervision/README.md says where each comes from: the county's written
 * standard, or a judgement (and then why).
 */
import type { CharacteristicName } from '../domain/characteristics.js';
import { isCalendarDay, type CalendarDay } from './calendar-day.js';
import type { CheckLevel } from './records.js';
import { withDefaults } from '../domain/with-defaults.js';

export interface ClassificationOptions {
  /** CNY a year; tax below it is a C condition. Standard. */
  readonly cTaxBelowCny: number;
  /** CNY a year; tax at or above it is an A condition ("about 1M"). Standard. */
  readonly aTaxAtLeastCny: number;
  /** Years a failed spot check counts. Standard (3). */
  readonly spotCheckLookbackYears: number;
  /** Levels at which a failed spot check is a C condition. Standard (provincial and above). */
  readonly spotCheckFailLevels: readonly CheckLevel[];
  /** Years a refused spot check counts. Judgement: the standard names no period; the spot check's 3 years. */
  readonly refusalLookbackYears: number;
  /** Years a quality penalty counts. Judgement, as above. */
  readonly penaltyLookbackYears: number;
  /** Years a verified exposure or complaint counts. Judgement, as above. */
  readonly exposureLookbackYears: number;
  /** Days of sample time, ending at `asOf`, that "continuously stable and qualified" looks at. Judgement. */
  readonly qualityHorizonDays: number;
  /** Fewest days with data in the horizon (per safety-critical series, and overall) to judge it. Judgement. */
  readonly qualityMinDays: number;
  /** Minutes at high risk in one day above which the day is "sustained high risk". Judgement. */
  readonly highRiskMinutesPerDay: number;
  /** Out-of-spec readings allowed in the horizon ("qualified": none). Standard. */
  readonly maxOutOfSpec: number;
  /** Characteristics whose capability A requires. Issue 14 (resistance, insulation). */
  readonly safetyCriticalCharacteristics: readonly CharacteristicName[];
  /** Ppk the lower confidence bound must reach. Judgement: the usual capability requirement (1.33). */
  readonly minPpk: number;
  /** z of the one-sided lower bound of Ppk: 1.645 = 95% confidence. Judgement. */
  readonly ppkConfidenceZ: number;
  /**
   * Independent readings a day is worth in the Ppk bound (n = days x this).
   * Judgement: 1, each day one unit, because 10 Hz readings are strongly
   * autocorrelated and a process moves between shifts and reels; see README.
   */
  readonly effectiveReadingsPerDay: number;
  /**
   * The day the enterprise's own quality routine (daily log, weekly check,
   * monthly review) is required from; from then every month needs a signed
   * monthly review (a.routine). null: not required, and a.routine is not
   * judged. National rules; the county decides from when.
   */
  readonly routineRequiredFrom: CalendarDay | null;
  /** Days after a month's end its review may still be signed before it counts as missing. Judgement: the first half of the next month. */
  readonly routineReviewGraceDays: number;
}

export const DEFAULT_CLASSIFICATION_OPTIONS: ClassificationOptions = Object.freeze({
  cTaxBelowCny: 100_000,
  aTaxAtLeastCny: 1_000_000,
  spotCheckLookbackYears: 3,
  spotCheckFailLevels: Object.freeze(['provincial', 'national'] as CheckLevel[]),
  refusalLookbackYears: 3,
  penaltyLookbackYears: 3,
  exposureLookbackYears: 3,
  qualityHorizonDays: 90,
  qualityMinDays: 30,
  highRiskMinutesPerDay: 60,
  maxOutOfSpec: 0,
  safetyCriticalCharacteristics: Object.freeze(['conductor_resistance', 'insulation_thickness'] as CharacteristicName[]),
  minPpk: 1.33,
  ppkConfidenceZ: 1.645,
  effectiveReadingsPerDay: 1,
  routineRequiredFrom: null,
  routineReviewGraceDays: 15,
});

/** The defaults with some replaced; refuses numbers that make no sense, naming the option. */
export function classificationOptions(overrides: Partial<ClassificationOptions> = {}): ClassificationOptions {
  const o = withDefaults(DEFAULT_CLASSIFICATION_OPTIONS, overrides);
  const positive: (keyof ClassificationOptions)[] = ['aTaxAtLeastCny', 'qualityHorizonDays', 'qualityMinDays', 'ppkConfidenceZ', 'effectiveReadingsPerDay', 'minPpk'];
  const nonNegative: (keyof ClassificationOptions)[] = [
    'cTaxBelowCny',
    'spotCheckLookbackYears',
    'refusalLookbackYears',
    'penaltyLookbackYears',
    'exposureLookbackYears',
    'highRiskMinutesPerDay',
    'maxOutOfSpec',
    'routineReviewGraceDays',
  ];
  for (const k of positive) if (!(typeof o[k] === 'number' && Number.isFinite(o[k]) && (o[k] as number) > 0)) throw new RangeError(`classification.${k}: expected a number > 0, got ${String(o[k])}`);
  for (const k of nonNegative)
    if (!(typeof o[k] === 'number' && Number.isFinite(o[k]) && (o[k] as number) >= 0)) throw new RangeError(`classification.${k}: expected a number >= 0, got ${String(o[k])}`);
  if (o.routineRequiredFrom !== null && !(typeof o.routineRequiredFrom === 'string' && isCalendarDay(o.routineRequiredFrom)))
    throw new RangeError(`classification.routineRequiredFrom: expected a day YYYY-MM-DD or null, got ${JSON.stringify(o.routineRequiredFrom)}`);
  if (o.qualityMinDays > o.qualityHorizonDays) throw new RangeError(`classification.qualityMinDays: ${o.qualityMinDays} is more than qualityHorizonDays ${o.qualityHorizonDays}`);
  if (o.cTaxBelowCny > o.aTaxAtLeastCny) throw new RangeError(`classification.cTaxBelowCny: ${o.cTaxBelowCny} is above aTaxAtLeastCny ${o.aTaxAtLeastCny}`);
  return Object.freeze(o);
}
