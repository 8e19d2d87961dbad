/**
 * The capability figures a series card shows: one family, from one source,
 * so the card, its table and the risk breakdown agree.
 *
 *   Cp / Cpk (within)  with sigma within, MRbar / 1.128 (short-term spread)
 *   Pp / Ppk (overall) with the overall sample standard deviation
 *
 * The source is the risk model's assessment of the series' rolling window
 * (GET /api/enterprises/:id/risk): its indices are taken about the level,
 * where the process stands now, and Cpk comes with its 95% interval. Only
 * while the risk model has no indices for a series does the card compute
 * them from the points in view, about their mean, with the same formulas as
 * `linewatch analyze` (spc/capability.ts), and say so.
 */
import { estimateBaseline } from '../../spc/baseline.js';
import { capabilityIndices, expectedPpm } from '../../spc/capability.js';
import type { SpecLimits } from './chart-model.js';

/**
 * A series' rolling window as the risk model assessed it: the `window` of a
 * series in GET /api/enterprises/:id/risk (RiskSeries, risk-types.ts). Kept
 * here, free of the DOM, so the unit tests can compile it. Cp/Cpk use sigma
 * within (MRbar/1.128), Pp/Ppk the overall sd, all about the level (where
 * the process stands now); cpkLow..cpkHigh is Cpk's 95% interval.
 */
export interface RiskWindow {
  readonly from?: number | null;
  readonly to?: number | null;
  readonly n?: number;
  readonly mean?: number | null;
  readonly level?: number | null;
  readonly sigmaWithin?: number | null;
  readonly sigmaOverall?: number | null;
  readonly cp?: number | null;
  readonly cpk?: number | null;
  readonly cpkLow?: number | null;
  readonly cpkHigh?: number | null;
  readonly pp?: number | null;
  readonly ppk?: number | null;
  readonly ppm?: number | null;
  readonly outOfSpec?: number;
}

export interface CapabilityFigures {
  /** 'risk': the risk model's window; 'view': the points in view (no risk assessment yet). */
  readonly source: 'risk' | 'view';
  readonly n: number;
  /** Sample times of the first and last point, ms; null when not known. */
  readonly from: number | null;
  readonly to: number | null;
  /** Where the process stands now (risk only): the indices are taken about it. */
  readonly level: number | null;
  readonly mean: number | null;
  /** MRbar / 1.128. */
  readonly sigmaWithin: number | null;
  /** Sample standard deviation (n - 1). */
  readonly sigmaOverall: number | null;
  readonly cp: number | null;
  readonly cpk: number | null;
  /** Cpk's 95% interval (risk only). */
  readonly cpkLow: number | null;
  readonly cpkHigh: number | null;
  readonly pp: number | null;
  readonly ppk: number | null;
  /** Expected nonconforming parts per million, as the source computes it. */
  readonly ppm: number | null;
  readonly outOfSpec: number;
}

const numOrNull = (x: number | null | undefined): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

/** The risk model's figures of a series, or null when it has no capability index for it (too few samples, no spec limit). */
export function capabilityOfRisk(w: RiskWindow | null | undefined): CapabilityFigures | null {
  if (!w) return null;
  const cpk = numOrNull(w.cpk);
  const ppk = numOrNull(w.ppk);
  if (cpk === null && ppk === null) return null;
  return {
    source: 'risk',
    n: w.n ?? 0,
    from: numOrNull(w.from),
    to: numOrNull(w.to),
    level: numOrNull(w.level),
    mean: numOrNull(w.mean),
    sigmaWithin: numOrNull(w.sigmaWithin),
    sigmaOverall: numOrNull(w.sigmaOverall),
    cp: numOrNull(w.cp),
    cpk,
    cpkLow: numOrNull(w.cpkLow),
    cpkHigh: numOrNull(w.cpkHigh),
    pp: numOrNull(w.pp),
    ppk,
    ppm: numOrNull(w.ppm),
    outOfSpec: w.outOfSpec ?? 0,
  };
}

/** The same family from the points in view, about their mean; null below two points. */
export function capabilityOfValues(values: readonly number[], spec: SpecLimits): CapabilityFigures | null {
  const n = values.length;
  if (n < 2) return null;
  const within = estimateBaseline(values, n);
  let ss = 0;
  let outOfSpec = 0;
  for (const v of values) {
    ss += (v - within.mean) ** 2;
    if ((spec.lsl !== null && v < spec.lsl) || (spec.usl !== null && v > spec.usl)) outOfSpec += 1;
  }
  const sd = Math.sqrt(ss / (n - 1));
  const limits = { lsl: spec.lsl, usl: spec.usl };
  const c = capabilityIndices(within.mean, within.sigma, sd, limits);
  return {
    source: 'view',
    n,
    from: null,
    to: null,
    level: null,
    mean: within.mean,
    sigmaWithin: c.sigmaWithin,
    sigmaOverall: numOrNull(sd),
    cp: c.cp,
    cpk: c.cpk,
    cpkLow: null,
    cpkHigh: null,
    pp: c.pp,
    ppk: c.ppk,
    ppm: expectedPpm(within.mean, sd, limits).total,
    outOfSpec,
  };
}

export type Verdict = 'capable' | 'marginal' | 'not capable';

export interface CapabilityVerdict {
  readonly verdict: Verdict;
  /** Which index the verdict rests on. */
  readonly index: 'Cpk' | 'Ppk';
  readonly value: number;
  /** The window holds a shift or drift: the overall spread is well above the short-term one. */
  readonly unstable: boolean;
}

/** An index's name with the sigma it uses, as the page labels it everywhere. */
export const INDEX_LABELS = Object.freeze({ Cpk: 'Cpk (within)', Ppk: 'Ppk (overall)' });

/**
 * The usual reading (at least 1.33 capable, 1.00 to 1.33 marginal, below
 * 1.00 not capable) of the lower of Cpk and Ppk. Cpk alone uses the
 * short-term spread and calls a process that shifted during the window
 * capable; what a regulator needs is how the product actually came out.
 */
export function verdictOf(c: Pick<CapabilityFigures, 'cpk' | 'ppk'>): CapabilityVerdict | null {
  if (c.cpk === null && c.ppk === null) return null;
  const usePpk = c.ppk !== null && (c.cpk === null || c.ppk < c.cpk);
  const value = (usePpk ? c.ppk : c.cpk) as number;
  const verdict: Verdict = value >= 1.33 ? 'capable' : value >= 1 ? 'marginal' : 'not capable';
  return { verdict, index: usePpk ? 'Ppk' : 'Cpk', value, unstable: c.cpk !== null && c.ppk !== null && c.ppk < 0.75 * c.cpk };
}
