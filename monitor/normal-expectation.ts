/**
 * E[f(Z)] for Z ~ N(0, 1) by Gauss-Hermite quadrature: nodes and weights
 * of the physicists' rule found by Newton's method on the orthonormal
 * Hermite recurrence (Golub & Welsch's values, as in Numerical Recipes'
 * gauher), then rescaled to the standard normal. Exact for polynomials of
 * degree below 2n; the chart design uses it for smooth, moderately growing
 * functions (a false-alarm rate across estimation errors).
 */
export interface NormalQuadrature {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const cache = new Map<number, NormalQuadrature>();

export function normalQuadrature(n: number): NormalQuadrature {
  const hit = cache.get(n);
  if (hit) return hit;
  const x = new Float64Array(n);
  const w = new Float64Array(n);
  const pim4 = Math.PI ** -0.25;
  let z = 0;
  for (let i = 0; i < Math.floor((n + 1) / 2); i++) {
    // Starting guesses for the largest roots first (Numerical Recipes, 4.6).
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * x[0];
    else if (i === 3) z = 1.91 * z - 0.91 * x[1];
    else z = 2 * z - x[i - 2];
    let pp = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p1 = pim4;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / (j + 1)) * p2 - Math.sqrt(j / (j + 1)) * p3;
      }
      pp = Math.sqrt(2 * n) * p2;
      const z1 = z;
      z = z1 - p1 / pp;
      if (Math.abs(z - z1) <= 1e-14) break;
    }
    x[i] = z;
    x[n - 1 - i] = -z;
    w[i] = 2 / (pp * pp);
    w[n - 1 - i] = w[i];
  }
  // exp(-t^2) weights to the standard normal: Z = sqrt(2) t, weight / sqrt(pi).
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    nodes[i] = Math.SQRT2 * x[i];
    weights[i] = w[i] / Math.sqrt(Math.PI);
  }
  const rule = Object.freeze({ nodes, weights });
  cache.set(n, rule);
  return rule;
}

/** E[f(Z)], Z ~ N(0, 1), with an n-point rule. */
export function normalExpectation(f: (z: number) => number, n = 16): number {
  const { nodes, weights } = normalQuadrature(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i] * f(nodes[i]);
  return sum;
}
