import { normalQuantile } from '../spc/normal.js';

/**
 * A two-sided confidence interval for Cpk by Bissell's normal approximation:
 * SE(Cpk) ~ sqrt(1 / (9 n) + Cpk^2 / (2 (n - 1))) (A. F. Bissell, "How
 * reliable is your capability index?", Applied Statistics 39, 1990). With
 * few samples the interval is wide, so a low Cpk from 50 samples counts as
 * less certain than one from 36,000.
 */
export function cpkInterval(cpk: number, n: number, confidence = 0.95): { low: number; high: number } | null {
  if (!Number.isFinite(cpk) || n < 2) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const se = Math.sqrt(1 / (9 * n) + (cpk * cpk) / (2 * (n - 1)));
  return { low: cpk - z * se, high: cpk + z * se };
}
