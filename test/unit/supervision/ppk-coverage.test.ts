import { describe, expect, it } from 'vitest';
import { mergeSeriesDays, type SeriesDay } from '../../../domain/daily-evidence.js';
import { ppkLowerBound, ppkOf } from '../../../supervision/ppk-bound.js';
import { seededUniform } from '../../../supervision/seeded-random.js';

/**
 * Why the classification counts days, not readings, as the Ppk bound's n
 * (supervision/README.md): a process's mean moves from day to day (shifts,
 * reels, material lots). Simulated quarters of days, each day's mean drawn
 * around the process mean, readings around the day's mean; the bound with
 * n = days must hold the true Ppk at least about 95% of the time however the
 * spread splits between days and readings. Seeded: the result is fixed.
 */
type Pooled = Pick<SeriesDay, 'n' | 'mean' | 'm2' | 'min' | 'max' | 'outOfSpec'>;

function coverage(betweenShare: number, days: number, runs: number, seed: string): { byDays: number; byReadings: number } {
  const u = seededUniform(seed);
  const normal = () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
  const usl = 12.1;
  const sdTotal = 0.2;
  const mean = 11.1; // true Ppk 1.0 / 0.6 = 1.667
  const truePpk = (usl - mean) / (3 * sdTotal);
  const tau = sdTotal * Math.sqrt(betweenShare);
  const sigma = sdTotal * Math.sqrt(1 - betweenShare);
  const perDay = 1000;
  let coveredDays = 0;
  let coveredReadings = 0;
  for (let r = 0; r < runs; r++) {
    let pooled: Pooled = { n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, outOfSpec: 0 };
    for (let d = 0; d < days; d++) {
      const dayMean = mean + tau * normal();
      // A day's summary as its readings would give it: the sample mean and M2 of perDay normal readings.
      const sampleMean = dayMean + (sigma / Math.sqrt(perDay)) * normal();
      // M2 / sigma^2 is chi-square with perDay - 1 degrees of freedom; at 999 its normal approximation is exact enough.
      const m2 = sigma * sigma * Math.max(0, perDay - 1 + Math.sqrt(2 * (perDay - 1)) * normal());
      pooled = mergeSeriesDays(pooled, { n: perDay, mean: sampleMean, m2, min: 0, max: 0, outOfSpec: 0 });
    }
    const sd = Math.sqrt(pooled.m2 / (pooled.n - 1));
    const ppk = ppkOf(pooled.mean, sd, null, usl)!;
    if (ppkLowerBound(ppk, days, 1.645) <= truePpk) coveredDays++;
    if (ppkLowerBound(ppk, pooled.n, 1.645) <= truePpk) coveredReadings++;
  }
  return { byDays: coveredDays / runs, byReadings: coveredReadings / runs };
}

describe('the Ppk bound with n = days', () => {
  it('holds the true Ppk about 95% of the time or more, whatever share of the spread is between days', () => {
    for (const share of [0, 0.3, 0.7, 0.9]) {
      const c = coverage(share, 90, 400, `coverage ${share}`);
      expect(c.byDays, `between-day share ${share}`).toBeGreaterThan(0.92);
    }
  });
  it('where n = readings holds only while days do not differ at all', () => {
    // The simulation is faithful: with no day-to-day shift the readings' n covers as Bissell says.
    expect(coverage(0, 90, 400, 'readings 0').byReadings).toBeGreaterThan(0.92);
    // A tenth of the spread between days already breaks it.
    expect(coverage(0.1, 90, 400, 'readings 0.1').byReadings).toBeLessThan(0.8);
  });
});
