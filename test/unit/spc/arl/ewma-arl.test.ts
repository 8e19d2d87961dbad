import { describe, it, expect } from 'vitest';
import { ArlOptionError, ArlPrecisionError, ewmaArl, shewhartArl } from '../../../../spc/arl/index.js';
import type { EwmaDesign } from '../../../../spc/arl/index.js';
import { ewmaExactLimitArl } from '../../../../spc/arl/ewma-exact-limits.js';
import { ewmaFixedLimitArl } from '../../../../spc/arl/ewma-fixed-limits.js';

const exact = (lambda: number, L: number): EwmaDesign => ({ chart: 'ewma', lambda, L, limits: 'exact' });
const asymptotic = (lambda: number, L: number): EwmaDesign => ({ chart: 'ewma', lambda, L, limits: 'asymptotic' });

/** |value / published - 1|, the acceptance measure of the issue (2%). */
const relativeError = (value: number, published: number): number => Math.abs(value / published - 1);

describe('EWMA ARL, asymptotic (fixed) limits, against published tables', () => {
  // Knoth's `spc` documents each design as xewma.arl(l, c, mu, sided = "two"),
  // c in standard deviations of the EWMA, which is our L.
  // Tables give three significant digits: 0.5% covers their rounding near 1.
  it('matches Crowder (1987) Table 1 (lambda 0.5 and 0.05, L 2)', () => {
    const table: [number, number, number][] = [
      [0, 26.45, 127.53],
      [0.5, 11.89, 18.97],
      [1, 4.91, 8.38],
      [2, 1.94, 4.04],
      [3, 1.26, 2.76],
    ];
    for (const [shift, arlHalf, arlSmall] of table) {
      expect(relativeError(ewmaArl(asymptotic(0.5, 2), shift).arl, arlHalf)).toBeLessThan(0.005);
      expect(relativeError(ewmaArl(asymptotic(0.05, 2), shift).arl, arlSmall)).toBeLessThan(0.005);
    }
  });

  it('matches Lucas & Saccucci (1990) Table 3 (lambda 0.5, L 3.071; lambda 0.03, L 2.437)', () => {
    const table: [number, number, number][] = [
      [0, 500, 500],
      [0.5, 88.8, 29.3],
      [1, 17.5, 12.6],
      [1.5, 6.53, 8.07],
      [2, 3.63, 5.99],
      [3, 1.93, 4.03],
    ];
    for (const [shift, arlHalf, arlSmall] of table) {
      expect(relativeError(ewmaArl(asymptotic(0.5, 3.071), shift).arl, arlHalf)).toBeLessThan(0.005);
      expect(relativeError(ewmaArl(asymptotic(0.03, 2.437), shift).arl, arlSmall)).toBeLessThan(0.005);
    }
  });

  it('gives ARL0 of about 500 for Lucas & Saccucci lambda 0.1, L 2.814', () => {
    expect(relativeError(ewmaArl(asymptotic(0.1, 2.814), 0).arl, 500)).toBeLessThan(0.005);
  });

  it('is within 2% of the ARL0 of 562.3 quoted for lambda 0.2, L 3', () => {
    expect(relativeError(ewmaArl(asymptotic(0.2, 3), 0).arl, 562.3)).toBeLessThan(0.02);
  });

  it('matches the SAS/QC manual value 11.154267016 (lambda 0.25, L 3, shift 1) to 9 digits', () => {
    expect(relativeError(ewmaArl(asymptotic(0.25, 3), 1).arl, 11.154267016)).toBeLessThan(1e-9);
  });

  it('matches Waldmann (1986) Table 1 (104.0 and 1952)', () => {
    const l1 = 0.75;
    const l2 = 0.5;
    expect(relativeError(ewmaArl(asymptotic(l1, 2 * Math.sqrt((2 - l1) / l1)), 0).arl, 104.0)).toBeLessThan(0.001);
    expect(relativeError(ewmaArl(asymptotic(l2, 2 * Math.sqrt((2 - l2) / l2)), 0).arl, 1952)).toBeLessThan(0.001);
  });
});

describe('EWMA ARL, exact (time-varying) limits', () => {
  it("matches Knoth's spc for lambda 0.2, L 3: ARL0 554.5, ARL(1 sigma) 9.86", () => {
    expect(relativeError(ewmaArl(exact(0.2, 3), 0).arl, 554.5)).toBeLessThan(0.001);
    expect(relativeError(ewmaArl(exact(0.2, 3), 1).arl, 9.86)).toBeLessThan(0.001);
  });

  it('is below the asymptotic-limit ARL, by far more for a small shift-sensitive lambda', () => {
    // The exact limits are narrower in the first samples: a head start.
    for (const shift of [0, 1, 3]) {
      expect(ewmaArl(exact(0.2, 3), shift).arl).toBeLessThan(ewmaArl(asymptotic(0.2, 3), shift).arl);
    }
    const gainSmall = ewmaArl(asymptotic(0.05, 2.615), 2).arl / ewmaArl(exact(0.05, 2.615), 2).arl;
    const gainLarge = ewmaArl(asymptotic(0.5, 3.071), 2).arl / ewmaArl(exact(0.5, 3.071), 2).arl;
    expect(gainSmall).toBeGreaterThan(1.5);
    expect(gainLarge).toBeLessThan(1.1);
  });

  it('equals the Shewhart chart when lambda = 1', () => {
    for (const shift of [0, 1, 2.5]) {
      const shewhart = shewhartArl({ chart: 'shewhart', L: 3 }, shift).arl;
      expect(relativeError(ewmaArl(exact(1, 3), shift).arl, shewhart)).toBeLessThan(1e-9);
      expect(relativeError(ewmaArl(asymptotic(1, 3), shift).arl, shewhart)).toBeLessThan(1e-9);
    }
  });

  it('is symmetric in the shift and falls as the shift grows', () => {
    const design = exact(0.1, 2.7);
    let previous = Infinity;
    for (const shift of [0, 0.5, 1, 2, 3]) {
      const up = ewmaArl(design, shift).arl;
      expect(relativeError(ewmaArl(design, -shift).arl, up)).toBeLessThan(1e-9);
      expect(up).toBeLessThan(previous);
      previous = up;
    }
  });
});

describe('EWMA ARL numerics', () => {
  it('is converged: doubling the accepted node count changes nothing that shows', () => {
    const cases: [EwmaDesign, number][] = [
      [exact(0.2, 3), 0],
      [exact(0.05, 2.615), 0.5],
      [asymptotic(0.03, 2.437), 0],
      [asymptotic(0.5, 3.071), 1],
    ];
    for (const [design, shift] of cases) {
      const { arl, nodes } = ewmaArl(design, shift);
      const c = design.L * Math.sqrt(design.lambda / (2 - design.lambda));
      const doubled = design.limits === 'exact' ? ewmaExactLimitArl(design.lambda, design.L, shift, 2 * nodes) : ewmaFixedLimitArl(design.lambda, c, shift, 2 * nodes);
      expect(relativeError(arl, doubled)).toBeLessThan(1e-8);
    }
  });

  it('fails loudly rather than returning a wrong value for an ARL beyond double precision', () => {
    expect(() => ewmaArl(exact(0.2, 12), 0)).toThrow(ArlPrecisionError);
  });

  it('runs the demanding end of the lambda range in bounded time', () => {
    const started = performance.now();
    const { arl } = ewmaArl(exact(0.01, 2.5), 0);
    expect(arl).toBeGreaterThan(1000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('EWMA design validation', () => {
  it.each([
    [{ ...exact(0.2, 3), lambda: 0 }, 'lambda'],
    [{ ...exact(0.2, 3), lambda: 1.5 }, 'lambda'],
    [{ ...exact(0.2, 3), lambda: Number.NaN }, 'lambda'],
    [{ ...exact(0.2, 3), lambda: 0.001 }, 'lambda'],
    [{ ...asymptotic(0.2, 3), lambda: 0.0001 }, 'lambda'],
    [{ ...exact(0.2, 3), L: 0 }, 'L'],
    [{ ...exact(0.2, 3), L: -1 }, 'L'],
    [{ ...exact(0.2, 3), limits: 'fir' as 'exact' }, 'limits'],
  ])('rejects %o naming %s', (design, option) => {
    try {
      ewmaArl(design, 0);
      expect.unreachable('no error thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(ArlOptionError);
      expect((err as ArlOptionError).option).toBe(option);
      expect((err as Error).message).toMatch(new RegExp(`^${option} must be .*, got `));
    }
  });

  it('rejects a shift that is not finite', () => {
    expect(() => ewmaArl(exact(0.2, 3), Number.POSITIVE_INFINITY)).toThrow(/shift must be a finite number/);
  });
});
