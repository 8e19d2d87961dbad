import { gaussLegendreOn } from './gauss-legendre.js';
import { solveLinearSystem } from './linear-solve.js';
import { normalCdf, normalPdf } from '../normal.js';

/**
 * Zero-state ARL of the upper one-sided tabular CUSUM
 *   C_i = max(0, C_{i-1} + x_i - k), C_{-1} = 0, signal when C_i > h,
 * with x ~ N(shift, 1), by the integral equation with the atom at 0
 *   L(z) = 1 + Phi(k - z - shift) L(0) + integral_0^h L(y) phi(y + k - z - shift) dy
 * (Page 1954; Goel & Wu 1971), solved by the Nystrom method with
 * Gauss-Legendre quadrature on (0, h] (Vance 1986, "Average run lengths of
 * cumulative sum control charts for controlling normal means", JQT 18,
 * 189-193). The unknowns are L(0) and L at the n nodes; the ARL is L(0).
 * The lower chart C-_i at shift mu is this chart at shift -mu.
 */
export function upperCusumArl(k: number, h: number, shift: number, nodes: number): number {
  const { nodes: y, weights: w } = gaussLegendreOn(nodes, 0, h);
  const size = nodes + 1; // index 0 is the atom at 0, index j + 1 the node y[j]
  const a = new Float64Array(size * size);
  for (let i = 0; i < size; i++) {
    const z = i === 0 ? 0 : y[i - 1];
    const drift = k - z - shift;
    a[i * size] = (i === 0 ? 1 : 0) - normalCdf(drift);
    for (let j = 0; j < nodes; j++) {
      a[i * size + j + 1] = (i === j + 1 ? 1 : 0) - w[j] * normalPdf(y[j] + drift);
    }
  }
  return solveLinearSystem(a, new Float64Array(size).fill(1), size)[0];
}
