import { normalQuantile } from '../spc/normal.js';

/**
 * A two-sided confidence interval for Cpk by Bissell's normal approximation
 * (A. F. Bissell, "How reliable is your capability index?", Applied
 * Statistics 39, 1990):
 *
 *   SE(Cpk) ~ sqrt(1 / (9 nEff) + Cpk^2 / (2 df))
 *
 * The first term is the uncertainty of the mean (Var(level) / (9 sigma^2)),
 * the second that of sigma (Var(sigma^) / sigma^2 = 1 / (2 df)). Bissell
 * wrote both with the n of one independent sample: nEff = n, df = n - 1.
 * Here they are the sizes the estimates actually rest on (see
 * `intervalSizes`): the level is an EWMA of the newest readings and sigma
 * within comes from the moving ranges, and neither sees n independent
 * readings when the gauges are autocorrelated.
 */
export function cpkInterval(cpk: number, nEff: number, df: number, confidence = 0.95): { low: number; high: number } | null {
  if (!Number.isFinite(cpk) || !(nEff > 0) || !(df > 0)) return null;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const se = Math.sqrt(1 / (9 * nEff) + (cpk * cpk) / (2 * df));
  return { low: cpk - z * se, high: cpk + z * se };
}

/**
 * The one-sided lower confidence bound of Cpk on the same standard error:
 * "Cpk is at least this, with `confidence`" (z = 1.645 at 95%). It is what
 * a capability claim needs (a process is judged capable when this bound
 * reaches 1.33), and what the capability score uses; the two-sided
 * interval above is what the breakdown shows.
 */
export function cpkLowerBound(cpk: number, nEff: number, df: number, confidence = 0.95): number | null {
  if (!Number.isFinite(cpk) || !(nEff > 0) || !(df > 0)) return null;
  return cpk - normalQuantile(confidence) * Math.sqrt(1 / (9 * nEff) + (cpk * cpk) / (2 * df));
}

/** The autocorrelation the sizes allow for: negative counts as none (conservative), near 1 is held at 0.99. */
export const MAX_LAG1 = 0.99;

export interface IntervalSizes {
  /** The n of Bissell's mean term, in units of sigma within. */
  nEff: number;
  /** The degrees of freedom of sigma within (Bissell's n - 1). */
  dfWithin: number;
}

/**
 * The sample sizes behind the Cpk interval, for readings that follow an
 * AR(1) with lag-1 autocorrelation `lag1` (clamped to [0, MAX_LAG1]; NaN
 * counts as 0).
 *
 * The mean term. The level is an exponentially weighted mean with weights
 * w_i; for independent readings Var(level) = sigma_x^2 sum(w_i^2), so its
 * sample size is levelN = 1 / sum(w_i^2) ((2 - lambda) / lambda, about 99,
 * once the EWMA has filled). Under AR(1) the EWMA's variance grows by
 * (1 + a) / (1 - a) with a = r (1 - lambda) (C. M. Zhang, "A statistical
 * control chart for stationary process data", Technometrics 40, 1998, the
 * variance of the EWMAST statistic; for a plain mean, lambda -> 0, this is
 * the n (1 - r) / (1 + r) of Bayley & Hammersley, "The 'effective' number of
 * independent observations in an autocorrelated time series", JRSS Suppl. 8,
 * 1946). That variance is in units of the marginal sigma_x, but Cpk divides
 * by sigma within, and the moving ranges estimate sigma_w^2 = E[MR^2] / 2 =
 * sigma_x^2 (1 - r): the level's error in sigma-within units is larger by
 * 1 / (1 - r). Together:
 *
 *   nEff = levelN (1 - a) / (1 + a) (1 - r),   a = r (1 - lambda)
 *
 * (about 99 for independent readings, 17 at r = 0.5, 2.4 at r = 0.8).
 *
 * The spread term. MRbar / d2 averages |d_t|, d_t = x_t - x_(t-1). For a
 * normal d, Var|d| / E|d|^2 = pi/2 - 1, and two normals of correlation rho
 * have corr(|X|, |Y|) = g(rho) = (rho asin(rho) + sqrt(1 - rho^2) - 1) /
 * (pi/2 - 1). Under AR(1) successive differences correlate as rho_k =
 * -r^(k-1) (1 - r) / 2, so
 *
 *   Var(sigma^) / sigma^2 = (pi/2 - 1) (1 + 2 sum_k g(rho_k)) / m = 1 / (2 dfWithin)
 *
 * over m moving ranges. For independent readings this gives dfWithin =
 * 0.605 m (the "about 0.62 (n - 1)" usually quoted for MRbar). Positive
 * autocorrelation makes the differences less correlated than white noise's
 * (rho_1 = -1/2), so the moving ranges carry more information, not less:
 * 0.76 m at r = 0.5, 0.84 m at r = 0.8 (simulated AR(1) windows of 60 to
 * 3,600 readings: 0.76-0.80 and 0.83-0.88).
 * The term is small beside the mean term unless the window is short.
 */
export function intervalSizes(levelN: number, movingRanges: number, lag1: number, levelWeight: number): IntervalSizes {
  const r = Number.isNaN(lag1) ? 0 : Math.min(MAX_LAG1, Math.max(0, lag1));
  const a = r * (1 - levelWeight);
  const nEff = (levelN * (1 - a) * (1 - r)) / (1 + a);
  return { nEff, dfWithin: movingRanges / (2 * movingRangeRelativeVariance(r)) };
}

const HALF_PI_LESS_1 = Math.PI / 2 - 1;

/** corr(|X|, |Y|) for a standard bivariate normal pair of correlation rho. */
function absCorrelation(rho: number): number {
  return (rho * Math.asin(rho) + Math.sqrt(1 - rho * rho) - 1) / HALF_PI_LESS_1;
}

/**
 * m Var(MRbar) / E(MRbar)^2 for AR(1) readings of lag-1 autocorrelation r.
 * The first difference correlation exactly; the rest (|rho_k| <= r (1 - r) / 2 <= 1/8)
 * by g(rho) = (rho^2 / 2 + rho^4 / 24) / (pi/2 - 1) + O(rho^6), summed in closed form.
 */
function movingRangeRelativeVariance(r: number): number {
  const rho1 = -(1 - r) / 2;
  const r2 = r * r;
  const sum2 = ((1 - r) * (1 - r) * r2) / (4 * (1 - r2)); // sum_{k>=2} rho_k^2
  const sum4 = ((1 - r) ** 4 * r2 * r2) / (16 * (1 - r2 * r2)); // sum_{k>=2} rho_k^4
  const rest = (sum2 / 2 + sum4 / 24) / HALF_PI_LESS_1;
  return HALF_PI_LESS_1 * (1 + 2 * (absCorrelation(rho1) + rest));
}
