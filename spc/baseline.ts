import { D2_MOVING_RANGE } from './constants.js';

/** Phase I estimates, then treated as known (docs/spc-conventions.md). */
export interface Baseline {
  /** Number of samples in the window. */
  readonly n: number;
  /** mu0: the mean of the window. */
  readonly mean: number;
  /** sigma0 = MRbar / d2(2) over the window's n - 1 moving ranges. */
  readonly sigma: number;
}

/**
 * Estimates mu0 and sigma0 from the first `n` samples of `samples`.
 * Two passes over the window with a compensated sum keep the mean exact to
 * the last bits even for long windows of large, nearly equal values.
 */
export function estimateBaseline(samples: ArrayLike<number>, n: number): Baseline {
  if (n < 2 || n > samples.length) throw new RangeError(`a baseline needs 2 to ${samples.length} samples, got ${n}`);
  let sum = 0;
  let compensation = 0;
  let mrSum = 0;
  let mrCompensation = 0;
  for (let i = 0; i < n; i++) {
    // Neumaier summation for the values and for the moving ranges.
    const x = samples[i];
    const t = sum + x;
    compensation += Math.abs(sum) >= Math.abs(x) ? sum - t + x : x - t + sum;
    sum = t;
    if (i > 0) {
      const mr = Math.abs(x - samples[i - 1]);
      const u = mrSum + mr;
      mrCompensation += mrSum >= mr ? mrSum - u + mr : mr - u + mrSum;
      mrSum = u;
    }
  }
  const mean = (sum + compensation) / n;
  const mrBar = (mrSum + mrCompensation) / (n - 1);
  return Object.freeze({ n, mean, sigma: mrBar / D2_MOVING_RANGE });
}
