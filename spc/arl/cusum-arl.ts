import { ArlOptionError, requireNumber } from './arl-option-error.js';
import { convergeByRefinement, startingNodes } from './convergence.js';
import { upperCusumArl } from './cusum-one-sided.js';
import type { ArlPoint, ArlPrecision, CusumDesign } from './design.js';

/** Checks a CUSUM design; returns it frozen, with `sided` filled in. */
export function validateCusumDesign(design: CusumDesign): Required<CusumDesign> {
  requireNumber('k', design.k, 'a number of at least 0', (v) => v >= 0);
  requireNumber('h', design.h, 'a number above 0', (v) => v > 0);
  const sided = design.sided ?? 'two';
  if (sided !== 'two' && sided !== 'upper') throw new ArlOptionError('sided', design.sided, "'two' or 'upper'");
  return Object.freeze({ chart: 'cusum', k: design.k, h: design.h, sided });
}

/**
 * Zero-state ARL of the tabular CUSUM at a mean shift (in sigma).
 *
 * Two-sided: 1/ARL = 1/ARL+ + 1/ARL-, the combination of the two one-sided
 * charts (Kemp 1961; Lucas & Crosier 1982), which is what Knoth's R package
 * `spc` (xcusum.arl, sided = "two") reports and the published tables use.
 * It is exact when C+ and C- cannot both be positive (h <= 2k) and otherwise
 * a very close approximation.
 */
export function cusumArl(design: CusumDesign, shift: number, precision: ArlPrecision = {}): ArlPoint {
  const { k, h, sided } = validateCusumDesign(design);
  requireNumber('shift', shift, 'a finite number', () => true);
  // The increment density has standard deviation 1: h of its widths span (0, h].
  const first = startingNodes(h);
  const what = `CUSUM k ${k}, h ${h}, shift ${shift}`;
  const atNodes = (n: number): number => {
    const upper = upperCusumArl(k, h, shift, n);
    if (sided === 'upper') return upper;
    // The lower chart at shift mu is the upper chart at -mu (symmetry).
    const lower = shift === 0 ? upper : upperCusumArl(k, h, -shift, n);
    return twoSided(upper, lower);
  };
  const { value, nodes } = convergeByRefinement(atNodes, first, what, precision.relativeTolerance);
  return { shift, arl: value, nodes };
}

/**
 * Combines the one-sided ARLs. A side whose ARL is beyond double precision
 * (its system is singular to working accuracy, so the solve returns a value
 * that is not finite, or below 1) contributes a rate of 0: its true rate is
 * below about 1e-15 per sample, negligible next to the other side.
 */
function twoSided(upper: number, lower: number): number {
  const rate = (arl: number): number => (Number.isFinite(arl) && arl >= 1 ? 1 / arl : 0);
  return 1 / (rate(upper) + rate(lower));
}
