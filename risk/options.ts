import type { CharacteristicName } from '../domain/characteristics.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';
import { withDefaults } from '../domain/with-defaults.js';

export type RiskLevel = 'low' | 'medium' | 'high' | 'critical';
export type SupervisionClass = 'A' | 'B' | 'C';

/**
 * Every parameter of the risk model, with its default and unit. The model is
 * described for regulators in risk/README.md; a site may override any of these
 * in the configuration's `risk` section.
 */
export interface RiskOptions {
  /** The rolling window the series statistics cover, in sample time. ms */
  readonly windowMs: number;
  /** Width of the window's buckets: the window moves a bucket at a time. ms */
  readonly bucketMs: number;
  /** Fewer samples than this in the window: too little to judge ('no data'). samples */
  readonly minSamples: number;
  /** No sample received for this long: the series (its gateway) is silent ('no data'). ms, wall clock */
  readonly silenceMs: number;
  /** Drift: the trend's t-statistic at least this (high: 10 Hz data are many, and not independent). */
  readonly driftMinT: number;
  /** Drift: the trend moves the mean by at least this many sigma (within) across the window. */
  readonly driftMinSigmas: number;
  /** Unstable: the window's sigma (overall or within) at least this multiple of the baseline sigma. */
  readonly unstableSigmaRatio: number;
  /** Off-centre: Cpk below this while the spread is fine; also the Cp below which a centred process is incapable. */
  readonly capableIndex: number;
  /** Out of spec: at least this many samples of the window beyond a limit ... */
  readonly outOfSpecMinCount: number;
  /** ... and at least this fraction of them. */
  readonly outOfSpecMinFraction: number;
  /** How much each characteristic counts: safety-critical ones (current-carrying and insulating) most. */
  readonly weights: Readonly<Record<CharacteristicName, number>>;
  /** Enterprise score = maxShare x the worst weighted series + (1 - maxShare) x their weighted mean. */
  readonly maxShare: number;
  /** Lowest score of each level above 'low'. */
  readonly levels: Readonly<{ medium: number; high: number; critical: number }>;
  /** Smoothed score from which class B, and class C, is suggested. */
  readonly classBoundaries: Readonly<{ B: number; C: number }>;
  /** The smoothed score must pass a boundary by this much before the suggested class changes. points */
  readonly classHysteresis: number;
  /** Half-life of the smoothed score that drives the class suggestion, in sample time. ms */
  readonly classHalfLifeMs: number;
  /** A class the smoothed score points to is suggested once it has held this long, in sample time. ms */
  readonly classSustainMs: number;
  /** Days of daily evidence (SeriesDay, EnterpriseDay) kept in memory per series and enterprise. */
  readonly evidenceDays: number;
  /** A finding for the regulator (drift, off-centre, silent gateway) opens once its condition has held this long, and closes once gone as long. ms */
  readonly findingSustainMs: number;
  /** A new risk level is reported once it has held this long (scores settle while series gather evidence). ms */
  readonly levelSustainMs: number;
  /** Inspection interval by class. months */
  readonly inspectionMonths: Readonly<Record<SupervisionClass, number>>;
}

export const DEFAULT_RISK_OPTIONS: RiskOptions = Object.freeze({
  windowMs: 3_600_000, // 1 hour
  bucketMs: 60_000, // 1 minute
  minSamples: 30,
  silenceMs: 30_000,
  driftMinT: 8,
  driftMinSigmas: 1,
  unstableSigmaRatio: 1.5,
  capableIndex: 1.33,
  outOfSpecMinCount: 3,
  outOfSpecMinFraction: 0.001,
  weights: Object.freeze({
    conductor_resistance: 1.0, // too thin a conductor overheats
    insulation_thickness: 1.0, // too thin an insulation breaks down
    sheath_thickness: 0.7,
    conductor_diameter: 0.6, // resistance is the direct measure of the same risk
    eccentricity: 0.5,
    spark_faults: 0.8,
  }),
  maxShare: 0.7,
  levels: Object.freeze({ medium: 25, high: 50, critical: 75 }),
  classBoundaries: Object.freeze({ B: 25, C: 50 }),
  classHysteresis: 5,
  classHalfLifeMs: 6 * 3_600_000, // 6 hours of sample time
  classSustainMs: 24 * 3_600_000, // a day of sample time
  evidenceDays: 400, // a year and a month: a yearly review's horizon with room
  findingSustainMs: 60_000, // ms
  levelSustainMs: 120_000, // ms
  inspectionMonths: Object.freeze({ A: 12, B: 6, C: 3 }),
});

export class RiskOptionsError extends LinewatchError<'LW_RISK_OPTIONS'> {
  constructor(message: string) {
    super('LW_RISK_OPTIONS', message);
    this.name = 'RiskOptionsError';
  }
}

/** Defaults with overrides, checked once and frozen. */
export function resolveRiskOptions(overrides: Partial<RiskOptions> = {}): RiskOptions {
  const o: RiskOptions = withDefaults(DEFAULT_RISK_OPTIONS, overrides);
  const positive = ['windowMs', 'bucketMs', 'minSamples', 'silenceMs', 'driftMinT', 'unstableSigmaRatio', 'capableIndex', 'classHalfLifeMs'] as const;
  for (const k of positive) if (!(o[k] > 0 && Number.isFinite(o[k]))) throw new RiskOptionsError(`risk.${k} must be a positive number, got ${o[k]}`);
  if (!(Number.isInteger(o.evidenceDays) && o.evidenceDays >= 1)) throw new RiskOptionsError(`risk.evidenceDays must be a whole number of days, at least 1, got ${o.evidenceDays}`);
  for (const k of ['findingSustainMs', 'levelSustainMs', 'classSustainMs'] as const)
    if (!(o[k] >= 0 && Number.isFinite(o[k]))) throw new RiskOptionsError(`risk.${k} must be zero or a positive number, got ${o[k]}`);
  if (o.windowMs % o.bucketMs !== 0 || o.windowMs / o.bucketMs > 1440) throw new RiskOptionsError(`risk.windowMs must be a whole number of buckets (at most 1440), got ${o.windowMs} / ${o.bucketMs}`);
  if (!(o.maxShare >= 0 && o.maxShare <= 1)) throw new RiskOptionsError(`risk.maxShare must be in [0, 1], got ${o.maxShare}`);
  if (!(o.levels.medium < o.levels.high && o.levels.high < o.levels.critical)) throw new RiskOptionsError('risk.levels must rise: medium < high < critical');
  if (!(o.classBoundaries.B < o.classBoundaries.C)) throw new RiskOptionsError('risk.classBoundaries.B must be below C');
  return Object.freeze({ ...o, weights: withDefaults(DEFAULT_RISK_OPTIONS.weights, o.weights) });
}

export function levelOf(score: number, levels: RiskOptions['levels']): RiskLevel {
  return score >= levels.critical ? 'critical' : score >= levels.high ? 'high' : score >= levels.medium ? 'medium' : 'low';
}
