import { describe, expect, it } from 'vitest';
import { cpkInterval, intervalSizes } from '../../../risk/capability-interval.js';

const LAMBDA = 0.02;

/** corr(|X|, |Y|) of a standard bivariate normal pair, summed over every lag: the series the closed form stands for. */
function movingRangeDfBySeries(m: number, r: number): number {
  const g = (rho: number) => (rho * Math.asin(rho) + Math.sqrt(1 - rho * rho) - 1) / (Math.PI / 2 - 1);
  let sum = 0;
  for (let k = 1; k < 20_000; k++) sum += g((-(r ** (k - 1)) * (1 - r)) / 2);
  return m / (2 * (Math.PI / 2 - 1) * (1 + 2 * sum));
}

describe('cpkInterval', () => {
  it("is Bissell's interval when the sizes are those of one independent sample", () => {
    const n = 50;
    const cpk = 1.2;
    const se = Math.sqrt(1 / (9 * n) + (cpk * cpk) / (2 * (n - 1)));
    const ci = cpkInterval(cpk, n, n - 1)!;
    expect(ci.low).toBeCloseTo(cpk - 1.959964 * se, 5);
    expect(ci.high).toBeCloseTo(cpk + 1.959964 * se, 5);
  });

  it('widens as the effective n or the degrees of freedom shrink, and needs both', () => {
    const width = (n: number, df: number) => {
      const ci = cpkInterval(1.33, n, df)!;
      return ci.high - ci.low;
    };
    expect(width(10, 20_000)).toBeGreaterThan(2.5 * width(99, 20_000));
    expect(width(99, 30)).toBeGreaterThan(2 * width(99, 20_000));
    expect(cpkInterval(1.33, 0, 100)).toBeNull();
    expect(cpkInterval(1.33, 10, NaN)).toBeNull();
    expect(cpkInterval(NaN, 10, 100)).toBeNull();
  });
});

describe('intervalSizes', () => {
  it('for independent readings: the level as it is, and about 0.6 degrees of freedom per moving range', () => {
    const s = intervalSizes(99, 35_999, 0, LAMBDA);
    expect(s.nEff).toBeCloseTo(99, 10);
    expect(s.dfWithin / 35_999).toBeCloseTo(0.605, 3);
  });

  it('under AR(1): the EWMA variance factor of Zhang (1998), in units of sigma within', () => {
    for (const r of [0.2, 0.5, 0.8, 0.95]) {
      const a = r * (1 - LAMBDA);
      expect(intervalSizes(99, 1000, r, LAMBDA).nEff).toBeCloseTo((99 * (1 - a) * (1 - r)) / (1 + a), 10);
    }
    // r = 0.8: about 2.4 effective readings behind a level of 99.
    expect(intervalSizes(99, 1000, 0.8, LAMBDA).nEff).toBeCloseTo(2.4, 2);
    // Fewer, the more autocorrelated.
    const ns = [0, 0.3, 0.6, 0.9].map((r) => intervalSizes(99, 1000, r, LAMBDA).nEff);
    expect([...ns].sort((x, y) => y - x)).toEqual(ns);
  });

  it("moving ranges' degrees of freedom: the closed form matches the full series over all lags", () => {
    for (const r of [0, 0.3, 0.5, 0.8, 0.95, 0.99]) {
      expect(intervalSizes(99, 10_000, r, LAMBDA).dfWithin / movingRangeDfBySeries(10_000, r)).toBeCloseTo(1, 4);
    }
  });

  it('counts negative or unknown autocorrelation as none, and holds it below 1', () => {
    const none = intervalSizes(99, 1000, 0, LAMBDA);
    expect(intervalSizes(99, 1000, -0.4, LAMBDA)).toEqual(none);
    expect(intervalSizes(99, 1000, NaN, LAMBDA)).toEqual(none);
    const top = intervalSizes(99, 1000, 0.99, LAMBDA);
    expect(intervalSizes(99, 1000, 1, LAMBDA)).toEqual(top);
    expect(top.nEff).toBeGreaterThan(0);
  });
});
