/**
 * Ppk from a pooled summary of many days, and its approximate lower
 * confidence bound.
 *
 * Ppk uses the overall standard deviation (every reading of the horizon about
 * the horizon's mean), so day-to-day shifts count against capability, as the
 * product a customer receives sees them.
 *
 * The bound is Bissell's (A. F. Bissell, "How reliable is your capability
 * index?", Applied Statistics 39, 1990), one-sided:
 *     Ppk - z * sqrt( 1 / (9 n) + Ppk^2 / (2 (n - 1)) )
 * where n is the number of independent readings. Readings of a 10 Hz gauge
 * are not independent, and their count would make the bound meaninglessly
 * tight, so the caller passes an effective n (classification: days with data
 * x effectiveReadingsPerDay; supervision/README.md).
 */

/** Ppk against whichever limits exist; null when there is no limit or no spread. */
export function ppkOf(mean: number, sd: number, lsl: number | null, usl: number | null): number | null {
  if (!(sd > 0) || (lsl === null && usl === null)) return null;
  const upper = usl === null ? Infinity : (usl - mean) / (3 * sd);
  const lower = lsl === null ? Infinity : (mean - lsl) / (3 * sd);
  return Math.min(upper, lower);
}

/** The one-sided lower bound of Ppk at effective size nEff (> 1) and normal quantile z. */
export function ppkLowerBound(ppk: number, nEff: number, z: number): number {
  if (!(nEff > 1)) throw new RangeError(`ppkLowerBound: effective n must exceed 1, got ${nEff}`);
  return ppk - z * Math.sqrt(1 / (9 * nEff) + (ppk * ppk) / (2 * (nEff - 1)));
}
