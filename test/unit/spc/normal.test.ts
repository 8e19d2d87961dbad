import { describe, expect, it } from 'vitest';
import { normalCdf, normalPdf, normalQuantile, normalUpperTail } from '../../../spc/normal.js';

// Upper tails Q(x) = 1 - Phi(x) to 16 digits (from erfc in arbitrary precision).
const UPPER_TAILS: Array<[number, number]> = [
  [0, 0.5],
  [0.5, 0.3085375387259869],
  [1, 0.15865525393145707],
  [2, 0.022750131948179209],
  [3, 1.3498980316300946e-3],
  [4, 3.1671241833119857e-5],
  [5, 2.8665157187919391e-7],
  [6, 9.8658764503769458e-10],
  [7, 1.2798125438858352e-12],
  [8, 6.220960574271784e-16],
  [10, 7.6198530241605269e-24],
  [20, 2.7536241186062337e-89],
];

describe('normal distribution', () => {
  it('gives upper tails with a relative error far below 1% out to 20 sigma', () => {
    for (const [x, q] of UPPER_TAILS) {
      expect(Math.abs(normalUpperTail(x) - q) / q, `Q(${x})`).toBeLessThan(1e-12);
      expect(Math.abs(normalCdf(-x) - q) / q, `Phi(-${x})`).toBeLessThan(1e-12);
    }
  });

  it('is consistent: Phi(x) + Q(x) = 1 and the density integrates to the cdf', () => {
    for (const x of [-3.3, -0.7, 0, 0.4, 2.2]) {
      expect(normalCdf(x) + normalUpperTail(x)).toBeCloseTo(1, 15);
      // Simpson's rule of the density from -10 to x.
      const n = 2000;
      const h = (x + 10) / n;
      let s = normalPdf(-10) + normalPdf(x);
      for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * normalPdf(-10 + i * h);
      expect((s * h) / 3).toBeCloseTo(normalCdf(x), 10);
    }
  });

  it('inverts the cdf to near machine precision, tails included', () => {
    for (const p of [1e-300, 1e-12, 1e-6, 0.001, 0.0243, 0.3, 0.5, 0.9, 0.99999]) {
      const x = normalQuantile(p);
      const back = p < 0.5 ? normalCdf(x) : 1 - normalUpperTail(x);
      expect(Math.abs(back - p) / p, `p=${p}`).toBeLessThan(1e-9);
    }
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(1.5)).toBeNaN();
  });

  it('returns NaN for NaN', () => {
    expect(normalCdf(NaN)).toBeNaN();
    expect(normalUpperTail(NaN)).toBeNaN();
  });
});
