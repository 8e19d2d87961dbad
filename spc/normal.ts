/**
 * The standard normal distribution with accurate tails.
 *
 * Expected ppm beyond a spec limit lives far in the tail (a Cpk of 2 is 6
 * sigma), where `1 - Phi(x)` computed naively loses every digit. Both methods
 * below return the smaller tail directly as exp(-x^2/2) times a rational
 * function, so the error stays relative to the tail itself:
 * - |x| < 5: Hart's double-precision rational approximation, as given by
 *   G. West, "Better approximations to cumulative normal functions", Wilmott
 *   Magazine (2005); relative error below 1e-12 there.
 * - |x| >= 5: the Laplace continued fraction Q(x) = phi(x) / (x + 1/(x + 2/(x + ...))),
 *   40 terms evaluated backwards, relative error near 1e-15 (Hart's own
 *   5-term fraction is only good to about 1e-8 here).
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Standard normal density phi(x). */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** P(Z > |x|): the smaller tail, with full relative accuracy. */
function smallerTail(x: number): number {
  const a = Math.abs(x);
  if (a > 38.5) return 0; // exp(-x^2/2) underflows beyond here
  const e = Math.exp(-0.5 * a * a);
  if (a < 5) {
    let num = 3.52624965998911e-2 * a + 0.700383064443688;
    num = num * a + 6.37396220353165;
    num = num * a + 33.912866078383;
    num = num * a + 112.079291497871;
    num = num * a + 221.213596169931;
    num = num * a + 220.206867912376;
    let den = 8.83883476483184e-2 * a + 1.75566716318264;
    den = den * a + 16.064177579207;
    den = den * a + 86.7807322029461;
    den = den * a + 296.564248779674;
    den = den * a + 637.333633378831;
    den = den * a + 793.826512519948;
    den = den * a + 440.413735824752;
    return (e * num) / den;
  }
  let cf = a;
  for (let k = 40; k >= 1; k--) cf = a + k / cf;
  return e / cf / SQRT_2PI;
}

/** Phi(x) = P(Z <= x). Accurate relative to the value for x < 0. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const tail = smallerTail(x);
  return x > 0 ? 1 - tail : tail;
}

/** 1 - Phi(x) = P(Z > x). Accurate relative to the value for x > 0. */
export function normalUpperTail(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const tail = smallerTail(x);
  return x > 0 ? tail : 1 - tail;
}

/**
 * The quantile Phi^-1(p), by P. J. Acklam's rational approximation
 * (relative error 1.15e-9) refined by one Halley step on the accurate cdf,
 * which brings it to near machine precision.
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step; the error is measured on the smaller tail for accuracy.
  const e = x < 0 ? normalCdf(x) - p : 1 - p - normalUpperTail(x);
  // Newton's correction (F(x) - p) / phi(x), applied in Halley's form.
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + (x * u) / 2);
}
