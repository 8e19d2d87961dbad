import { describe, expect, it } from 'vitest';
import { mean, sampleStandardDeviation, linearRegression } from 'simple-statistics';
import { intervalSizes } from '../../../risk/capability-interval.js';
import { LEVEL_WEIGHT, WindowStats } from '../../../risk/window-stats.js';
import { SeededRandom } from '../../../simulators/random.js';
import { Ar1 } from './ar1.js';

const MINUTE = 60_000;

describe('WindowStats', () => {
  it('merges its buckets into the statistics of the samples in the window', () => {
    const rng = new SeededRandom(1);
    const w = new WindowStats(MINUTE, 10);
    const xs: number[] = [];
    const ts: number[] = [];
    for (let i = 0; i < 3000; i++) {
      const t = i * 100; // 10 Hz for 5 minutes
      const x = 12 + 0.3 * (t / 3_600_000) + 0.05 * rng.normal();
      w.push(t, x, false, x > 12.1, false);
      xs.push(x);
      ts.push(t);
    }
    const s = w.summary()!;
    expect(s.n).toBe(3000);
    expect(s.mean).toBeCloseTo(mean(xs), 12);
    expect(s.sdOverall).toBeCloseTo(sampleStandardDeviation(xs), 12);
    let mr = 0;
    for (let i = 1; i < xs.length; i++) mr += Math.abs(xs[i] - xs[i - 1]);
    expect(s.sigmaWithin).toBeCloseTo(mr / (xs.length - 1) / 1.128, 12);
    const fit = linearRegression(ts.map((t, i) => [t / 3_600_000, xs[i]]));
    expect(s.slopePerHour).toBeCloseTo(fit.m, 8);
    expect(s.aboveUsl).toBe(xs.filter((x) => x > 12.1).length);
    expect(s.firstTs).toBe(0);
    expect(s.lastTs).toBe(299_900);
  });

  it('forgets buckets that slid out of the window, and ignores samples older than it', () => {
    const w = new WindowStats(MINUTE, 5);
    for (let m = 0; m < 10; m++) for (let k = 0; k < 10; k++) w.push(m * MINUTE + k * 1000, m, false, false, false);
    const s = w.summary()!;
    // Minutes 5..9 remain: values 5..9, ten samples each.
    expect(s.n).toBe(50);
    expect(s.mean).toBeCloseTo(7, 12);
    expect(s.min).toBe(5);
    w.push(1000, 100, false, false, false); // minute 0: long gone
    expect(w.summary()!.n).toBe(50);
  });

  it('finds no trend in noise, a strong one in a drift', () => {
    const rng = new SeededRandom(2);
    const flat = new WindowStats(MINUTE, 60);
    const drift = new WindowStats(MINUTE, 60);
    for (let i = 0; i < 36_000; i++) {
      const t = i * 100;
      const noise = 0.02 * rng.normal();
      flat.push(t, 0.74 + noise, false, false, false);
      drift.push(t, 0.74 - 0.05 * (t / 3_600_000) + noise, false, false, false);
    }
    expect(Math.abs(flat.summary()!.trendT)).toBeLessThan(4);
    expect(drift.summary()!.slopePerHour).toBeCloseTo(-0.05, 3);
    expect(drift.summary()!.trendT).toBeLessThan(-50);
  });

  it('says nothing before the first sample', () => {
    expect(new WindowStats(MINUTE, 60).summary()).toBeNull();
  });

  it('starts the level as the plain mean of its first readings, and counts the readings behind it', () => {
    const rng = new SeededRandom(4);
    const w = new WindowStats(MINUTE, 60);
    const xs: number[] = [];
    for (let i = 0; i < 40; i++) {
      xs.push(5 + rng.normal());
      w.push(i * 100, xs[i], false, false, false);
    }
    expect(w.summary()!.level).toBeCloseTo(mean(xs), 12);
    expect(w.summary()!.levelN).toBeCloseTo(40, 9);
    for (let i = 40; i < 5000; i++) w.push(i * 100, 5 + rng.normal(), false, false, false);
    // Filled: 1 / sum(w^2) of an EWMA is (2 - lambda) / lambda.
    expect(w.summary()!.levelN).toBeCloseTo((2 - LEVEL_WEIGHT) / LEVEL_WEIGHT, 6);
  });
});

/**
 * Lag-1 autocorrelation by its definition, from the raw readings of the
 * window (from index `first` on; the reading before it enters only as the
 * first one's lag partner): pooled about each one-minute bucket's mean, with
 * Kendall's correction.
 */
function lag1ByDefinition(ts: number[], xs: number[], first: number): number {
  const bucket = ts.map((t) => Math.floor(t / MINUTE));
  const sums = new Map<number, { sum: number; n: number }>();
  for (let i = first; i < xs.length; i++) {
    const m = sums.get(bucket[i]) ?? { sum: 0, n: 0 };
    m.sum += xs[i];
    m.n += 1;
    sums.set(bucket[i], m);
  }
  const mb = (i: number) => sums.get(bucket[i])!.sum / sums.get(bucket[i])!.n;
  let num = 0;
  let den = 0;
  for (let i = first; i < xs.length; i++) {
    den += (xs[i] - mb(i)) ** 2;
    if (i > 0) num += (xs[i] - mb(i)) * (xs[i - 1] - mb(i));
  }
  const k = (xs.length - first) / sums.size;
  return (k * (num / den) + 1) / (k - 3);
}

describe('WindowStats: autocorrelation and the effective n', () => {
  it('accumulates the lag-1 autocorrelation per bucket exactly as its definition, across the window slide', () => {
    const ar = new Ar1(0.6, 7.2, 0.05, 8);
    const w = new WindowStats(MINUTE, 10);
    const ts: number[] = [];
    const xs: number[] = [];
    for (let i = 0; i < 9000; i++) {
      const t = i * 100; // 15 minutes at 10 Hz: the first five slide out
      const x = ar.next();
      w.push(t, x, false, false, false);
      ts.push(t);
      xs.push(x);
    }
    const first = ts.findIndex((t) => t >= 5 * MINUTE);
    const s = w.summary()!;
    expect(s.n).toBe(xs.length - first);
    expect(s.lag1).toBeCloseTo(lag1ByDefinition(ts, xs, first), 10);
    expect(s.lag1).toBeGreaterThan(0.5);
  });

  it.each([0, 0.5, 0.8])('recovers phi = %s of a simulated AR(1), and the effective n of the AR(1) formula', (phi) => {
    const ar = new Ar1(phi, 0.74, 0.02, 11 + phi * 10);
    const w = new WindowStats(MINUTE, 60);
    for (let i = 0; i < 36_000; i++) w.push(i * 100, ar.next(), false, false, false);
    const s = w.summary()!;
    expect(Math.abs(s.lag1 - phi)).toBeLessThan(0.02);
    const a = phi * (1 - LEVEL_WEIGHT);
    const nEffAr1 = (((2 - LEVEL_WEIGHT) / LEVEL_WEIGHT) * (1 - a) * (1 - phi)) / (1 + a);
    expect(s.nEff / nEffAr1).toBeGreaterThan(0.85);
    expect(s.nEff / nEffAr1).toBeLessThan(1.15);
    expect(s.dfWithin).toBeCloseTo(intervalSizes(s.levelN, s.n - 1, s.lag1, LEVEL_WEIGHT).dfWithin, 6);
  });

  it('does not read a step across the window as autocorrelation', () => {
    const rng = new SeededRandom(12);
    const w = new WindowStats(MINUTE, 60);
    // Independent readings that step by 8 sigma half-way through the hour.
    for (let i = 0; i < 36_000; i++) w.push(i * 100, (i < 18_000 ? 0.735 : 0.571) + 0.02 * rng.normal(), false, false, false);
    const s = w.summary()!;
    expect(Math.abs(s.lag1)).toBeLessThan(0.02);
    expect(s.nEff).toBeGreaterThan(90);
  });

  it('centres on the window when its buckets hold too few readings to centre on', () => {
    const ar = new Ar1(0.7, 1, 0.1, 13);
    const w = new WindowStats(MINUTE, 60);
    for (let i = 0; i < 600; i++) w.push(i * 6000, ar.next(), false, false, false); // one reading every 6 s: 10 a bucket
    expect(Math.abs(w.summary()!.lag1 - 0.7)).toBeLessThan(0.12);
  });
});
