import { ArlOptionError, requireNumber } from './arl-option-error.js';
import { convergeByRefinement, startingNodes } from './convergence.js';
import type { ArlPoint, ArlPrecision, EwmaDesign } from './design.js';
import { ewmaExactLimitArl } from './ewma-exact-limits.js';
import { ewmaFixedLimitArl } from './ewma-fixed-limits.js';

/**
 * Smallest lambda computed, by kind of limits. The nodes needed grow like
 * 1 / sqrt(lambda) (the kernel narrows faster than the limits), and the exact
 * limits' walk also takes about ln(1e-12) / (2 ln(1 - lambda)) samples of n^2
 * work each: at these floors one shift takes about a second (in-control, the
 * slowest); below them it would take minutes. Published designs use
 * lambda >= 0.03 (Lucas & Saccucci 1990).
 */
export const MIN_EXACT_LIMITS_LAMBDA = 0.005;
export const MIN_ASYMPTOTIC_LIMITS_LAMBDA = 0.001;

/** Checks an EWMA design; returns it frozen. */
export function validateEwmaDesign(design: EwmaDesign): EwmaDesign {
  requireNumber('lambda', design.lambda, 'a number in (0, 1]', (v) => v > 0 && v <= 1);
  requireNumber('L', design.L, 'a number above 0', (v) => v > 0);
  if (design.limits !== 'exact' && design.limits !== 'asymptotic') {
    throw new ArlOptionError('limits', design.limits, "'exact' or 'asymptotic'");
  }
  if (design.limits === 'exact' && design.lambda < MIN_EXACT_LIMITS_LAMBDA) {
    throw new ArlOptionError('lambda', design.lambda, `at least ${MIN_EXACT_LIMITS_LAMBDA} with exact limits (asymptotic limits allow down to ${MIN_ASYMPTOTIC_LIMITS_LAMBDA})`);
  }
  if (design.lambda < MIN_ASYMPTOTIC_LIMITS_LAMBDA) {
    throw new ArlOptionError('lambda', design.lambda, `at least ${MIN_ASYMPTOTIC_LIMITS_LAMBDA}`);
  }
  return Object.freeze({ chart: 'ewma', lambda: design.lambda, L: design.L, limits: design.limits });
}

/** Zero-state ARL of a two-sided EWMA chart at a mean shift (in sigma). */
export function ewmaArl(design: EwmaDesign, shift: number, precision: ArlPrecision = {}): ArlPoint {
  const { lambda, L, limits } = validateEwmaDesign(design);
  requireNumber('shift', shift, 'a finite number', () => true);
  const c = L * Math.sqrt(lambda / (2 - lambda));
  // The transition density has standard deviation lambda: 2c / lambda of its
  // widths span the continuation region.
  const first = startingNodes((2 * c) / lambda);
  const what = `EWMA lambda ${lambda}, L ${L}, ${limits} limits, shift ${shift}`;
  const { value, nodes } =
    limits === 'exact'
      ? convergeByRefinement((n) => ewmaExactLimitArl(lambda, L, shift, n), first, what, precision.relativeTolerance)
      : convergeByRefinement((n) => ewmaFixedLimitArl(lambda, c, shift, n), first, what, precision.relativeTolerance);
  return { shift, arl: value, nodes };
}
