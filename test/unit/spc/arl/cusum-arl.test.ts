import { describe, it, expect } from 'vitest';
import { ArlOptionError, ArlPrecisionError, cusumArl } from '../../../../spc/arl/index.js';
import type { CusumDesign } from '../../../../spc/arl/index.js';
import { upperCusumArl } from '../../../../spc/arl/cusum-one-sided.js';

const twoSided = (k: number, h: number): CusumDesign => ({ chart: 'cusum', k, h });
const upper = (k: number, h: number): CusumDesign => ({ chart: 'cusum', k, h, sided: 'upper' });
const relativeError = (value: number, published: number): number => Math.abs(value / published - 1);

describe('CUSUM ARL against published values', () => {
  it("matches Knoth's spc for k 0.5, h 5: one-sided ARL0 930.9; two-sided 465.4 and 10.38", () => {
    expect(relativeError(cusumArl(upper(0.5, 5), 0).arl, 930.9)).toBeLessThan(0.001);
    expect(relativeError(cusumArl(twoSided(0.5, 5), 0).arl, 465.4)).toBeLessThan(0.001);
    expect(relativeError(cusumArl(twoSided(0.5, 5), 1).arl, 10.38)).toBeLessThan(0.001);
  });

  it('matches Lucas & Crosier (1982) Table 1 (two-sided, k 0.5, h 4)', () => {
    const table: [number, number][] = [
      [0, 168],
      [0.25, 74.2],
      [0.5, 26.6],
      [0.75, 13.3],
      [1, 8.38],
      [1.5, 4.75],
      [2, 3.34],
      [2.5, 2.62],
      [3, 2.19],
    ];
    for (const [shift, published] of table) {
      expect(relativeError(cusumArl(twoSided(0.5, 4), shift).arl, published)).toBeLessThan(0.005);
    }
  });

  it('matches Vance (1986) Table 1 (one-sided, k 0, h 10)', () => {
    const table: [number, number][] = [
      [-0.25, 2071.51],
      [0, 124.66],
      [0.25, 36.71],
      [0.5, 20.37],
      [1, 10.75],
    ];
    for (const [shift, published] of table) {
      expect(relativeError(cusumArl(upper(0, 10), shift).arl, published)).toBeLessThan(0.0005);
    }
  });

  it('matches Brook & Evans (1972) and Waldmann (1986) for k 0.5, h 3', () => {
    expect(relativeError(cusumArl(upper(0.5, 3), 0).arl, 117.59)).toBeLessThan(0.001);
    expect(relativeError(cusumArl(upper(0.5, 3), 1.5).arl, 3.75)).toBeLessThan(0.002);
    expect(relativeError(cusumArl(upper(0.5, 3), -0.5).arl, 1963)).toBeLessThan(0.001);
    expect(relativeError(cusumArl(upper(0.5, 3), 0.5).arl, 17.35)).toBeLessThan(0.001);
    // Two-sided, Waldmann (1986) Table 6.
    expect(relativeError(cusumArl(twoSided(0.6, 3), -0.2).arl, 65.4)).toBeLessThan(0.002);
  });

  it('matches the SAS/QC manual values for k 0.25, h 8, shift 2.5 to 7 and 6 digits', () => {
    expect(relativeError(cusumArl(upper(0.25, 8), 2.5).arl, 4.1500836225)).toBeLessThan(1e-7);
    // SAS's two-sided figure differs from its own one-sided one in the 7th
    // digit although the lower side cannot signal here: a coarser method.
    expect(relativeError(cusumArl(twoSided(0.25, 8), 2.5).arl, 4.1500826715)).toBeLessThan(1e-6);
  });
});

describe('CUSUM ARL properties and numerics', () => {
  it('combines the sides as 1/ARL = 1/ARL+ + 1/ARL-', () => {
    for (const shift of [0, 0.3, 1]) {
      const up = cusumArl(upper(0.5, 4), shift).arl;
      const down = cusumArl(upper(0.5, 4), -shift).arl;
      expect(relativeError(cusumArl(twoSided(0.5, 4), shift).arl, 1 / (1 / up + 1 / down))).toBeLessThan(1e-8);
    }
  });

  it('is converged: doubling the accepted node count changes nothing that shows', () => {
    for (const [k, h, shift] of [
      [0.5, 5, 0],
      [0.25, 8, 0.5],
      [0, 10, 0],
      [1, 2, 3],
    ]) {
      const { arl, nodes } = cusumArl(upper(k, h), shift);
      expect(relativeError(arl, upperCusumArl(k, h, shift, 2 * nodes))).toBeLessThan(1e-8);
    }
  });

  it('stays finite far from the in-control mean, where the other side never signals', () => {
    const { arl } = cusumArl(twoSided(0.5, 5), 3);
    expect(arl).toBeGreaterThan(1);
    expect(relativeError(arl, cusumArl(upper(0.5, 5), 3).arl)).toBeLessThan(1e-9);
  });

  it('fails loudly for an ARL beyond double precision', () => {
    expect(() => cusumArl(twoSided(1, 20), 0)).toThrow(ArlPrecisionError);
  });

  it.each([
    [{ chart: 'cusum', k: -0.1, h: 5 }, 'k'],
    [{ chart: 'cusum', k: 0.5, h: 0 }, 'h'],
    [{ chart: 'cusum', k: 0.5, h: Number.NaN }, 'h'],
    [{ chart: 'cusum', k: 0.5, h: 5, sided: 'lower' }, 'sided'],
  ])('rejects %o naming %s', (design, option) => {
    try {
      cusumArl(design as CusumDesign, 0);
      expect.unreachable('no error thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ArlOptionError);
      expect((err as ArlOptionError).option).toBe(option);
    }
  });
});
