/**
 * Default chart designs for ARL computation, in standardised units: the
 * in-control process has mean 0 and standard deviation 1 (sigma), and a shift
 * is a step change of the mean measured in sigma.
 */
import type { CusumDesign, EwmaDesign, ShewhartDesign } from './design.js';

export interface ArlDefaults {
  readonly ewma: Omit<EwmaDesign, 'chart'>;
  readonly cusum: Pick<CusumDesign, 'k' | 'h'>;
  readonly shewhart: Omit<ShewhartDesign, 'chart'>;
  readonly shifts: readonly number[];
}

export const DEFAULT_ARL_OPTIONS: ArlDefaults = Object.freeze({
  ewma: Object.freeze({
    lambda: 0.2, // weight of the newest sample, in (0, 1]
    L: 3, // limit width, in standard deviations of the EWMA statistic
    limits: 'exact' as const, // time-varying limits, as the chart is usually run
  }),
  cusum: Object.freeze({
    k: 0.5, // reference value, sigma
    h: 5, // decision interval, sigma
  }),
  shewhart: Object.freeze({
    L: 3, // limit width, sigma
  }),
  shifts: Object.freeze([0, 0.5, 1, 1.5, 2, 3]), // sigma
});

/**
 * Accuracy targets of the numerical methods. The published tables quote ARLs
 * to 3-4 significant figures; these targets are far below that, so the
 * discretisation never shows in a reported value.
 */
export const ARL_NUMERICS = Object.freeze({
  /** Relative change between n and 2n quadrature nodes accepted as converged. */
  relativeTolerance: 1e-8,
  /** Fewest nodes of a first attempt; doubled until converged. */
  minNodes: 16,
  /** Most nodes tried; a dense 1024 x 1024 LU takes about a second. */
  maxNodes: 1024,
  /**
   * Exact EWMA limits are followed step by step until they are within this
   * relative distance of the asymptotic limits (1e-12 as suggested by the
   * issue; the remaining difference cannot change a quoted digit).
   */
  limitTolerance: 1e-12,
  /**
   * Exact EWMA limits: the step-by-step walk also stops once the runs not yet
   * signalled can change the ARL by less than this fraction.
   */
  negligibleTail: 1e-12,
});
