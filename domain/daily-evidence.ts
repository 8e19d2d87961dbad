/**
 * A day of one series' production, summarised in sample time: the unit of
 * evidence behind "product quality continuously stable and qualified" in the
 * county's class A conditions. The live stack (risk/) and the offline
 * assessment build these from readings; the classification (supervision/)
 * merges the days of its horizon. Days merge exactly (Chan et al.'s pairwise
 * update of the mean and the sum of squared deviations), so a quarter of
 * data gives the same mean and spread whether it is merged day by day or
 * read at once.
 */
import type { CharacteristicName } from './characteristics.js';

export interface SeriesDay {
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: CharacteristicName;
  /** The product made, where the line reports changeovers (absent: the line's configured product). A day of two products is two records. */
  readonly product?: string;
  /** The UTC calendar day of the readings' timestamps (sample time), YYYY-MM-DD. */
  readonly day: string;
  /** Readings that day. */
  readonly n: number;
  readonly mean: number;
  /** Sum of squared deviations from the mean (Welford's M2). */
  readonly m2: number;
  readonly min: number;
  readonly max: number;
  /** Readings outside the product's specification limits. */
  readonly outOfSpec: number;
}

/** A day of one enterprise's risk, in sample time. */
export interface EnterpriseDay {
  readonly enterprise: string;
  readonly day: string;
  /** Minutes of sample time the enterprise's risk level was `high`. */
  readonly highRiskMinutes: number;
  /** Highest risk score reached that day (0..100). */
  readonly maxScore: number;
}

/** The UTC day (YYYY-MM-DD) a timestamp (ms) falls on. */
export function utcDay(ts: number): string {
  return new Date(ts).toISOString().slice(0, 10);
}

/** Pools two summaries of the same series (days, or a horizon built from days) exactly. */
export function mergeSeriesDays(
  a: Pick<SeriesDay, 'n' | 'mean' | 'm2' | 'min' | 'max' | 'outOfSpec'>,
  b: Pick<SeriesDay, 'n' | 'mean' | 'm2' | 'min' | 'max' | 'outOfSpec'>,
): Pick<SeriesDay, 'n' | 'mean' | 'm2' | 'min' | 'max' | 'outOfSpec'> {
  if (a.n === 0) return b;
  if (b.n === 0) return a;
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return {
    n,
    mean: a.mean + (delta * b.n) / n,
    m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    outOfSpec: a.outOfSpec + b.outOfSpec,
  };
}
