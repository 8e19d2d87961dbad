import { normalCdf, normalUpperTail } from './normal.js';

/** Specification limits; either may be missing (one-sided specs). */
export interface SpecLimits {
  readonly lsl: number | null;
  readonly usl: number | null;
}

export interface CapabilityIndices {
  sigmaWithin: number | null;
  cp: number | null;
  cpl: number | null;
  cpu: number | null;
  cpk: number | null;
  pp: number | null;
  ppl: number | null;
  ppu: number | null;
  ppk: number | null;
}

export interface ExpectedPpm {
  belowLsl: number | null;
  aboveUsl: number | null;
  total: number | null;
}

/** A statistic that does not exist (missing limit, zero sigma) is null, not NaN or Infinity. */
function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

interface Indices {
  p: number | null;
  lower: number | null;
  upper: number | null;
  k: number | null;
}

/** Cp/Cpl/Cpu/Cpk for one sigma; with one limit the index is its one side. */
function indices(mean: number, sigma: number, spec: SpecLimits): Indices {
  const lower = spec.lsl === null ? null : finiteOrNull((mean - spec.lsl) / (3 * sigma));
  const upper = spec.usl === null ? null : finiteOrNull((spec.usl - mean) / (3 * sigma));
  const p = spec.lsl === null || spec.usl === null ? null : finiteOrNull((spec.usl - spec.lsl) / (6 * sigma));
  const k = lower === null ? upper : upper === null ? lower : Math.min(lower, upper);
  return { p, lower, upper, k };
}

/**
 * Capability indices (docs/spc-conventions.md): the C indices with the within-subgroup
 * sigma, the P indices with the overall sample sd.
 */
export function capabilityIndices(mean: number, sigmaWithin: number, sd: number, spec: SpecLimits): CapabilityIndices {
  const c = indices(mean, sigmaWithin, spec);
  const p = indices(mean, sd, spec);
  return {
    sigmaWithin: finiteOrNull(sigmaWithin),
    cp: c.p,
    cpl: c.lower,
    cpu: c.upper,
    cpk: c.k,
    pp: p.p,
    ppl: p.lower,
    ppu: p.upper,
    ppk: p.k,
  };
}

/**
 * Expected nonconforming parts per million under N(mean, sd^2), using the
 * accurate normal tails so that a 6-sigma process still gets its 0.001 ppm
 * rather than 0 or noise.
 */
export function expectedPpm(mean: number, sd: number, spec: SpecLimits): ExpectedPpm {
  const belowLsl = spec.lsl === null ? null : finiteOrNull(1e6 * normalCdf((spec.lsl - mean) / sd));
  const aboveUsl = spec.usl === null ? null : finiteOrNull(1e6 * normalUpperTail((spec.usl - mean) / sd));
  const total = belowLsl === null && aboveUsl === null ? null : (belowLsl ?? 0) + (aboveUsl ?? 0);
  return { belowLsl, aboveUsl, total };
}
