import { describe, expect, it } from 'vitest';
import { normalExpectation, normalQuadrature } from '../../../monitor/normal-expectation.js';
import { normalCdf } from '../../../spc/normal.js';

/** E[Z^p] for Z ~ N(0, 1): 0 for odd p, (p - 1)!! for even p. */
function moment(p: number): number {
  if (p % 2 === 1) return 0;
  let m = 1;
  for (let j = p - 1; j > 1; j -= 2) m *= j;
  return m;
}

describe('normalQuadrature', () => {
  it('reproduces the tabulated 10-point Gauss-Hermite rule, rescaled to N(0, 1)', () => {
    // Abramowitz & Stegun table 25.10 (weight exp(-x^2)): roots and weights, positive half.
    const roots = [3.436159118837738, 2.53273167423279, 1.756683649299882, 1.036610829789514, 0.3429013272237046];
    const weights = [7.640432855232621e-6, 1.343645746781233e-3, 3.387439445548106e-2, 0.2401386110823147, 0.6108626337353258];
    const { nodes, weights: w } = normalQuadrature(10);
    for (let i = 0; i < 5; i++) {
      expect(nodes[i]).toBeCloseTo(Math.SQRT2 * roots[i], 12);
      expect(nodes[9 - i]).toBeCloseTo(-Math.SQRT2 * roots[i], 12);
      expect(w[i] / (weights[i] / Math.sqrt(Math.PI))).toBeCloseTo(1, 10);
      expect(w[9 - i]).toBe(w[i]);
    }
  });

  it.each([1, 2, 5, 10, 16, 21])('with %i points integrates every moment below degree 2n exactly', (n) => {
    const { nodes, weights } = normalQuadrature(n);
    expect(nodes).toHaveLength(n);
    for (let p = 0; p < 2 * n; p++) {
      let sum = 0;
      let scale = 0; // odd moments cancel terms of this size
      for (let i = 0; i < n; i++) {
        sum += weights[i] * nodes[i] ** p;
        scale += Math.abs(weights[i] * nodes[i] ** p);
      }
      expect(Math.abs(sum - moment(p))).toBeLessThanOrEqual(1e-12 * Math.max(1, scale));
    }
  });

  it('is not exact at degree 2n (so the moment check can fail)', () => {
    const { nodes, weights } = normalQuadrature(3);
    let sum = 0;
    for (let i = 0; i < 3; i++) sum += weights[i] * nodes[i] ** 6;
    expect(Math.abs(sum - moment(6))).toBeGreaterThan(1);
  });

  it('puts the middle node of an odd rule at 0', () => {
    const { nodes } = normalQuadrature(11);
    expect(Math.abs(nodes[5])).toBeLessThan(1e-14);
  });

  it('computes each rule once', () => {
    expect(normalQuadrature(12)).toBe(normalQuadrature(12));
    expect(Object.isFrozen(normalQuadrature(12))).toBe(true);
  });
});

describe('normalExpectation', () => {
  it('averages smooth functions over N(0, 1)', () => {
    // The moment generating function: E[exp(tZ)] = exp(t^2 / 2).
    for (const t of [0.1, 0.5, 1, 2]) expect(normalExpectation((z) => Math.exp(t * z))).toBeCloseTo(Math.exp((t * t) / 2), 10);
    // E[cos Z] = exp(-1/2).
    expect(normalExpectation(Math.cos)).toBeCloseTo(Math.exp(-0.5), 12);
    // An odd function averages to 0 (the rule is symmetric).
    expect(normalExpectation((z) => Math.atan(z))).toBeCloseTo(0, 14);
    // E[1 / (1 + Z^2 / 4)] is not polynomial: 16 points get it to about 1e-4.
    expect(normalExpectation((z) => 1 / (1 + (z * z) / 4))).toBeCloseTo(2 * Math.sqrt(2 * Math.PI) * Math.exp(2) * (1 - normalCdf(2)), 3);
  });

  it('uses the number of points asked for', () => {
    // z^6 needs 4 points; with 3 the result is off.
    expect(normalExpectation((z) => z ** 6, 4)).toBeCloseTo(15, 10);
    expect(Math.abs(normalExpectation((z) => z ** 6, 3) - 15)).toBeGreaterThan(1);
  });
});
