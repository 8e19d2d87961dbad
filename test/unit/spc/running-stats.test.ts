import { describe, expect, it } from 'vitest';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { RunningStats } from '../../../spc/running-stats.js';
import { SeededRandom } from '../../../simulators/random.js';

describe('RunningStats', () => {
  it('agrees with two-pass statistics, even with a large offset and a tiny spread', () => {
    const rng = new SeededRandom(42);
    const xs = Array.from({ length: 100_000 }, () => 1e6 + 1e-3 * rng.normal());
    const s = new RunningStats();
    for (const x of xs) s.push(x);
    // Two-pass reference, which has no cancellation problem.
    const m = mean(xs);
    let ss = 0;
    for (const x of xs) ss += (x - m) ** 2;
    const sd = Math.sqrt(ss / (xs.length - 1));
    expect(Math.abs(s.mean - m) / m).toBeLessThan(1e-14);
    expect(Math.abs(s.sd - sd) / sd).toBeLessThan(1e-6);
    expect(s.count).toBe(xs.length);
  });

  it('gives count, min, max, mean moving range and sample sd', () => {
    const s = new RunningStats();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) s.push(x);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(sampleStandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]), 14);
    expect(s.min).toBe(2);
    expect(s.max).toBe(9);
    expect(s.mrBar).toBeCloseTo((2 + 0 + 0 + 1 + 0 + 2 + 2) / 7, 14);
  });

  it('says NaN where a statistic does not exist yet, and restores from a snapshot', () => {
    const s = new RunningStats();
    expect(s.mean).toBeNaN();
    s.push(1);
    expect(s.sd).toBeNaN();
    expect(s.mrBar).toBeNaN();
    s.push(3);
    const copy = RunningStats.restore(JSON.parse(JSON.stringify(s.snapshot())));
    copy.push(5);
    s.push(5);
    expect(copy.snapshot()).toEqual(s.snapshot());
  });
});
