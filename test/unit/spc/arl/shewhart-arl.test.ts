import { describe, it, expect } from 'vitest';
import { ArlOptionError, ArlPrecisionError, shewhartArl } from '../../../../spc/arl/index.js';

const relativeError = (value: number, published: number): number => Math.abs(value / published - 1);

describe('Shewhart individuals ARL', () => {
  it('gives the textbook values for 3-sigma limits: 370.4, 43.9, 6.30, 2.00', () => {
    const design = { chart: 'shewhart', L: 3 } as const;
    expect(relativeError(shewhartArl(design, 0).arl, 370.398)).toBeLessThan(1e-5);
    expect(relativeError(shewhartArl(design, 1).arl, 43.89)).toBeLessThan(1e-3);
    expect(relativeError(shewhartArl(design, 2).arl, 6.303)).toBeLessThan(1e-3);
    expect(relativeError(shewhartArl(design, 3).arl, 2.0)).toBeLessThan(1e-3);
  });

  it('keeps its digits for wide limits, where 1 - Phi(L) would cancel', () => {
    // P(|X| > 7) = 2.5596e-12 (both tails of the standard normal).
    expect(relativeError(shewhartArl({ chart: 'shewhart', L: 7 }, 0).arl, 1 / 2.559625e-12)).toBeLessThan(1e-5);
  });

  it('rejects limits that are not positive, and reports an ARL beyond double range', () => {
    expect(() => shewhartArl({ chart: 'shewhart', L: 0 }, 0)).toThrow(ArlOptionError);
    expect(() => shewhartArl({ chart: 'shewhart', L: 40 }, 0)).toThrow(ArlPrecisionError);
  });
});
