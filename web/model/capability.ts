/**
 * Capability of the points in view, with the same formulas as
 * `linewatch analyze` (spc/capability.ts): C indices with sigma within
 * (MRbar/1.128), P indices with the overall sd, expected ppm under a normal
 * model, and the points actually out of spec.
 */
import { estimateBaseline } from '../../spc/baseline.js';
import { capabilityIndices, expectedPpm, type CapabilityIndices } from '../../spc/capability.js';
import type { SpecLimits } from './chart-model.js';

export interface CapabilitySummary extends CapabilityIndices {
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ppm: number | null;
  readonly outOfSpec: number;
}

export function capabilitySummary(values: readonly number[], spec: SpecLimits): CapabilitySummary | null {
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
  return { n, mean: within.mean, sd, ...capabilityIndices(within.mean, within.sigma, sd, limits), ppm: expectedPpm(within.mean, sd, limits).total, outOfSpec };
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

/**
 * The usual reading (at least 1.33 capable, 1.00 to 1.33 marginal, below
 * 1.00 not capable) of the lower of Cpk and Ppk. Cpk alone uses the
 * short-term spread and calls a process that shifted during the window
 * capable; what a regulator needs is how the product actually came out.
 */
export function verdictOf(c: Pick<CapabilitySummary, 'cpk' | 'ppk'>): CapabilityVerdict | null {
  if (c.cpk === null && c.ppk === null) return null;
  const usePpk = c.ppk !== null && (c.cpk === null || c.ppk < c.cpk);
  const value = (usePpk ? c.ppk : c.cpk) as number;
  const verdict: Verdict = value >= 1.33 ? 'capable' : value >= 1 ? 'marginal' : 'not capable';
  return { verdict, index: usePpk ? 'Ppk' : 'Cpk', value, unstable: c.cpk !== null && c.ppk !== null && c.ppk < 0.75 * c.cpk };
}
