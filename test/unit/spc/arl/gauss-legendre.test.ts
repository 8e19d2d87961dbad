import { describe, it, expect } from 'vitest';
import { gaussLegendre, gaussLegendreOn } from '../../../../spc/arl/gauss-legendre.js';

describe('gaussLegendre', () => {
  it('matches the tabulated 3-point rule (Abramowitz & Stegun 25.4.29)', () => {
    const { nodes, weights } = gaussLegendre(3);
    expect(Array.from(nodes)).toEqual([expect.closeTo(-Math.sqrt(0.6), 15), 0, expect.closeTo(Math.sqrt(0.6), 15)]);
    expect(Array.from(weights)).toEqual([expect.closeTo(5 / 9, 15), expect.closeTo(8 / 9, 15), expect.closeTo(5 / 9, 15)]);
  });

  it.each([1, 2, 5, 16, 40, 101, 512])('n = %i: ascending, symmetric, weights sum to 2', (n) => {
    const { nodes, weights } = gaussLegendre(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      sum += weights[i];
      expect(nodes[i]).toBeCloseTo(-nodes[n - 1 - i], 14);
      expect(weights[i]).toBeGreaterThan(0);
      if (i > 0) expect(nodes[i]).toBeGreaterThan(nodes[i - 1]);
    }
    expect(sum).toBeCloseTo(2, 13);
  });

  it('integrates x^(2n-2) exactly, which only a true Gauss rule does', () => {
    for (const n of [4, 10, 24]) {
      const { nodes, weights } = gaussLegendre(n);
      const degree = 2 * n - 2;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += weights[i] * nodes[i] ** degree;
      expect(sum).toBeCloseTo(2 / (degree + 1), 13);
    }
  });

  it('maps onto [a, b] and integrates a smooth function to machine precision', () => {
    const { nodes, weights } = gaussLegendreOn(20, 0, Math.PI);
    let sum = 0;
    for (let i = 0; i < nodes.length; i++) sum += weights[i] * Math.sin(nodes[i]);
    expect(sum).toBeCloseTo(2, 14);
    expect(nodes[0]).toBeGreaterThan(0);
    expect(nodes[19]).toBeLessThan(Math.PI);
  });

  it('rejects node counts that are not whole and positive', () => {
    expect(() => gaussLegendre(0)).toThrow(RangeError);
    expect(() => gaussLegendre(2.5)).toThrow(/whole number/);
  });
});
