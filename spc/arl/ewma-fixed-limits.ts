import { gaussLegendreOn } from './gauss-legendre.js';
import { solveLinearSystem } from './linear-solve.js';
import { normalPdf } from '../normal.js';

/**
 * The ARL function of a two-sided EWMA chart with fixed limits +/- c, solved
 * by the Nystrom method with Gauss-Legendre quadrature (Crowder 1987, "A simple
 * method for studying run-length distributions of exponentially weighted
 * moving average charts", Technometrics 29, 401-407).
 *
 * With Z' = lambda x + (1 - lambda) z and x ~ N(shift, 1), the expected number
 * of further samples until a signal, starting from Z = z, solves
 *   L(z) = 1 + integral_{-c}^{c} L(y) k(z, y) dy,
 *   k(z, y) = phi((y - (1 - lambda) z) / lambda - shift) / lambda.
 * Replacing the integral by the rule gives (I - K) L = 1 at the nodes; the
 * same formula then interpolates L anywhere in [-c, c] (Nystrom interpolation),
 * which the exact-limits computation needs at its own nodes.
 */
export interface EwmaArlFunction {
  /** L(z): expected samples to signal, counting the signalling one, from Z = z. */
  readonly at: (z: number) => number;
  /** The largest L at the nodes and the limits: a bound on L over [-c, c] up to the discretisation. */
  readonly largest: number;
}

/** Density of the next EWMA value y given the current value z. */
export function ewmaTransitionDensity(lambda: number, shift: number, z: number, y: number): number {
  return normalPdf((y - (1 - lambda) * z) / lambda - shift) / lambda;
}

/** Solves for L(z) on [-c, c] with `nodes` Gauss-Legendre nodes. */
export function ewmaFixedLimitArlFunction(lambda: number, c: number, shift: number, nodes: number): EwmaArlFunction {
  const { nodes: y, weights: w } = gaussLegendreOn(nodes, -c, c);
  const n = nodes;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[i * n + j] = (i === j ? 1 : 0) - w[j] * ewmaTransitionDensity(lambda, shift, y[i], y[j]);
    }
  }
  const values = solveLinearSystem(a, new Float64Array(n).fill(1), n);
  const at = (z: number): number => {
    let sum = 1;
    for (let j = 0; j < n; j++) sum += w[j] * ewmaTransitionDensity(lambda, shift, z, y[j]) * values[j];
    return sum;
  };
  return { at, largest: Math.max(at(-c), at(c), ...values) };
}

/** Zero-state ARL (Z starts at 0) of the fixed-limit chart. */
export function ewmaFixedLimitArl(lambda: number, c: number, shift: number, nodes: number): number {
  return ewmaFixedLimitArlFunction(lambda, c, shift, nodes).at(0);
}
