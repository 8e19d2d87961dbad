import { ARL_NUMERICS } from './defaults.js';
import { ewmaFixedLimitArlFunction, ewmaTransitionDensity } from './ewma-fixed-limits.js';
import { gaussLegendreOn } from './gauss-legendre.js';

/**
 * Zero-state ARL of the two-sided EWMA chart with exact (time-varying) limits
 *   c_i = L sqrt(lambda / (2 - lambda) (1 - (1 - lambda)^(2(i+1)))),  i = 0, 1, ...
 * and Z_{-1} = 0.
 *
 * The limits widen towards the asymptotic c, so the chain is not homogeneous
 * and the fixed-limit integral equation does not apply directly (Knoth 2003,
 * "EWMA schemes with non-homogeneous transition kernels", Sequential Analysis
 * 22, 241-255). Instead the sub-density g_i of Z_i on the runs that have not
 * signalled by sample i is carried forward sample by sample,
 *   g_0(z) = phi(z / lambda - shift) / lambda,                 |z| < c_0,
 *   g_i(z) = integral_{-c_{i-1}}^{c_{i-1}} g_{i-1}(y) k(y, z) dy, |z| < c_i,
 * each integral by Gauss-Legendre on the current interval, until c_m equals c
 * to ARL_NUMERICS.limitTolerance. P(T > i + 1) is the mass of g_i and, with
 * T counting the signalling sample,
 *   E T = 1 + sum_{i=0}^{m} mass(g_i) + integral g_m(z) (L(z) - 1) dz,
 * where L is the fixed-limit ARL function for the remaining samples.
 *
 * The walk also stops early once the runs still going are too few to matter:
 * the tail term lies between 0 and mass(g_i) sup L whatever the later limits,
 * so when that bound is below ARL_NUMERICS.negligibleTail of the ARL, the
 * fixed-limit tail is as good as the exact one. Shifted processes stop after
 * a few dozen samples this way, long before the limits settle.
 */
export function ewmaExactLimitArl(lambda: number, L: number, shift: number, nodes: number): number {
  const asymptoticVariance = lambda / (2 - lambda);
  const c = L * Math.sqrt(asymptoticVariance);
  const decay2 = (1 - lambda) * (1 - lambda);
  const remaining = ewmaFixedLimitArlFunction(lambda, c, shift, nodes);

  // Sample 0: Z_0 = lambda x_0 and c_0 = L lambda, i.e. a Shewhart check of x_0.
  let factor = decay2; // (1 - lambda)^(2(i+1)) for the current i
  let limit = L * Math.sqrt(asymptoticVariance * (1 - factor));
  let rule = gaussLegendreOn(nodes, -limit, limit);
  let density = new Float64Array(nodes);
  for (let j = 0; j < nodes; j++) density[j] = ewmaTransitionDensity(lambda, shift, 0, rule.nodes[j]);

  let expected = 1 + total(density, rule.weights);
  while (c - limit > ARL_NUMERICS.limitTolerance * c) {
    factor *= decay2;
    limit = L * Math.sqrt(asymptoticVariance * (1 - factor));
    const next = gaussLegendreOn(nodes, -limit, limit);
    const carried = new Float64Array(nodes);
    const mass = new Float64Array(nodes);
    for (let j = 0; j < nodes; j++) mass[j] = rule.weights[j] * density[j];
    for (let i = 0; i < nodes; i++) {
      const z = next.nodes[i];
      const [from, to] = kernelSupport(rule.nodes, lambda, shift, z);
      let sum = 0;
      for (let j = from; j < to; j++) sum += mass[j] * ewmaTransitionDensity(lambda, shift, rule.nodes[j], z);
      carried[i] = sum;
    }
    rule = next;
    density = carried;
    const survival = total(density, rule.weights);
    expected += survival;
    if (survival * remaining.largest <= ARL_NUMERICS.negligibleTail * expected) break;
  }

  let tail = 0;
  for (let j = 0; j < nodes; j++) tail += rule.weights[j] * density[j] * (remaining.at(rule.nodes[j]) - 1);
  return expected + tail;
}

/**
 * Kernel values more than KERNEL_REACH standard deviations from the kernel's
 * centre are below phi(10) ~ 8e-23 of the peak; leaving them out changes no
 * digit, and for small lambda (a kernel much narrower than the limits) it
 * saves most of the work.
 */
const KERNEL_REACH = 10;

/**
 * Index range [from, to) of the ascending nodes y with a non-negligible
 * transition density to z, i.e. |(z - (1 - lambda) y) / lambda - shift| <= reach.
 */
function kernelSupport(y: Float64Array, lambda: number, shift: number, z: number): [number, number] {
  const keep = 1 - lambda;
  if (keep === 0) return [0, y.length]; // lambda = 1: the density does not depend on y
  const centre = z - lambda * shift;
  const low = (centre - KERNEL_REACH * lambda) / keep;
  const high = (centre + KERNEL_REACH * lambda) / keep;
  return [firstAtLeast(y, low), firstAtLeast(y, high)];
}

/** First index whose value is at least x (binary search); y.length if none. */
function firstAtLeast(y: Float64Array, x: number): number {
  let lo = 0;
  let hi = y.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (y[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function total(density: Float64Array, weights: Float64Array): number {
  let sum = 0;
  for (let j = 0; j < density.length; j++) sum += weights[j] * density[j];
  return sum;
}
