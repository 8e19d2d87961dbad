/**
 * Gauss-Legendre quadrature rules, the basis of every Nystrom solution here.
 *
 * Nodes are the roots of the Legendre polynomial P_n, found by Newton's method
 * from Tricomi's starting values cos(pi (i - 1/4) / (n + 1/2)); P_n and its
 * derivative come from the three-term recurrence (Abramowitz & Stegun 22.7.10,
 * weights by 25.4.29). The roots are simple and the guesses lie in their basins,
 * so a few Newton steps reach machine precision for any n used here.
 */

export interface QuadratureRule {
  /** Nodes in ascending order. */
  readonly nodes: Float64Array;
  /** Weights; they sum to the length of the interval. */
  readonly weights: Float64Array;
}

/** Largest rule we build: enough for any design the ARL code accepts. */
export const MAX_GAUSS_LEGENDRE_NODES = 4096;

const cache = new Map<number, QuadratureRule>();

/** The n-point Gauss-Legendre rule on [-1, 1]; exact for polynomials of degree 2n-1. */
export function gaussLegendre(n: number): QuadratureRule {
  if (!Number.isInteger(n) || n < 1 || n > MAX_GAUSS_LEGENDRE_NODES) {
    throw new RangeError(`Gauss-Legendre node count must be a whole number from 1 to ${MAX_GAUSS_LEGENDRE_NODES}, got ${n}`);
  }
  const cached = cache.get(n);
  if (cached) return cached;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  const half = Math.ceil(n / 2);
  for (let i = 0; i < half; i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    for (let iter = 0; iter < 100; iter++) {
      const [p, dp] = legendreWithDerivative(n, x);
      const step = p / dp;
      x -= step;
      if (Math.abs(step) <= 1e-16 * Math.max(1, Math.abs(x))) break;
    }
    const derivative = legendreWithDerivative(n, x)[1];
    const w = 2 / ((1 - x * x) * derivative * derivative);
    // Roots come out descending from near +1; store them mirrored, ascending.
    nodes[i] = -x;
    nodes[n - 1 - i] = x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[half - 1] = 0; // the middle root is exactly zero
  const rule = Object.freeze({ nodes, weights });
  cache.set(n, rule);
  return rule;
}

/** The n-point rule mapped affinely onto [a, b]. */
export function gaussLegendreOn(n: number, a: number, b: number): QuadratureRule {
  const base = gaussLegendre(n);
  const mid = (a + b) / 2;
  const halfWidth = (b - a) / 2;
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nodes[i] = mid + halfWidth * base.nodes[i];
    weights[i] = halfWidth * base.weights[i];
  }
  return { nodes, weights };
}

/** [P_n(x), P_n'(x)] by the recurrence (j+1) P_{j+1} = (2j+1) x P_j - j P_{j-1}. */
function legendreWithDerivative(n: number, x: number): [number, number] {
  let previous = 1;
  let current = x;
  for (let j = 1; j < n; j++) {
    const next = ((2 * j + 1) * x * current - j * previous) / (j + 1);
    previous = current;
    current = next;
  }
  const derivative = n === 1 ? 1 : (n * (x * current - previous)) / (x * x - 1);
  return [current, derivative];
}
