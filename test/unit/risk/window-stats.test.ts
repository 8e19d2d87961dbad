import { describe, expect, it } from 'vitest';
import { mean, sampleStandardDeviation, linearRegression } from 'simple-statistics';
import { LEVEL_WEIGHT, WindowStats } from '../../../risk/window-stats.js';
import { SeededRandom } from '../../../simulators/random.js';

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
