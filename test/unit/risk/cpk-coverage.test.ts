import { describe, expect, it } from 'vitest';
import { cpkInterval } from '../../../risk/capability-interval.js';
import { DEFAULT_RISK_OPTIONS as o } from '../../../risk/options.js';
import { assessSeries } from '../../../risk/series-assessment.js';
import { WindowStats, type WindowSummary } from '../../../risk/window-stats.js';
import { Ar1 } from './ar1.js';

/**
 * Does the 95% Cpk interval cover the true Cpk of a known process? 400
 * windows of 3,600 readings at 10 Hz (six one-minute buckets) of an AR(1)
 * process, one-sided, true Cpk 1.0. The true Cpk is the one the estimate
 * aims at: (mu - LSL) / (3 sigma within), sigma within = E|x_t - x_(t-1)| /
 * 1.128 of the process, about sigma_x sqrt(1 - phi).
 */
const WINDOWS = 400;
const N = 3600;
const TRUE_CPK = 1.0;

interface Run {
  coverage: number;
  /** The same windows with the interval of the previous code: Bissell on the whole window's n. */
  coverageWholeN: number;
  /** ... and on the level's n reduced by (1 - r) / (1 + r) only, as for a mean in units of sigma_x. */
  coverageLevelNOnly: number;
  /** Var(level - mu) / sigma_w^2 observed, against the mean 1 / nEff the interval assumed. */
  levelVarianceRatio: number;
  /** Var(sigma within) / sigma_w^2 observed, against the mean 1 / (2 dfWithin) assumed. */
  sigmaVarianceRatio: number;
  meanLag1: number;
}

function simulate(phi: number, seed: number): Run {
  const mu = 0.74;
  let covered = 0;
  let coveredWholeN = 0;
  let coveredLevelNOnly = 0;
  const levels: number[] = [];
  const sigmas: number[] = [];
  let assumedLevelVar = 0;
  let assumedSigmaVar = 0;
  let lag1 = 0;
  for (let k = 0; k < WINDOWS; k++) {
    const ar = new Ar1(phi, mu, 0.02, seed * 1000 + k);
    const spec = { lsl: mu - 3 * TRUE_CPK * ar.sigmaWithin, usl: null };
    const w = new WindowStats(o.bucketMs, o.windowMs / o.bucketMs);
    for (let i = 0; i < N; i++) w.push(i * 100, ar.next(), false, false, false);
    const s: WindowSummary = w.summary()!;
    const a = assessSeries({ characteristic: 'insulation_thickness', unit: 'mm', spec, window: s, baseline: null, silentForMs: 0 }, o);
    const cpk = a.cpk!;
    if (a.cpkLow! <= TRUE_CPK && TRUE_CPK <= a.cpkHigh!) covered++;
    const whole = cpkInterval(cpk, s.n, s.n - 1)!;
    if (whole.low <= TRUE_CPK && TRUE_CPK <= whole.high) coveredWholeN++;
    const r = Math.min(0.99, Math.max(0, s.lag1));
    const levelOnly = cpkInterval(cpk, (s.levelN * (1 - r)) / (1 + r), s.dfWithin)!;
    if (levelOnly.low <= TRUE_CPK && TRUE_CPK <= levelOnly.high) coveredLevelNOnly++;
    levels.push((s.level - mu) / ar.sigmaWithin);
    sigmas.push(s.sigmaWithin / ar.sigmaWithin);
    assumedLevelVar += 1 / s.nEff / WINDOWS;
    assumedSigmaVar += 1 / (2 * s.dfWithin) / WINDOWS;
    lag1 += s.lag1 / WINDOWS;
  }
  return {
    coverage: covered / WINDOWS,
    coverageWholeN: coveredWholeN / WINDOWS,
    coverageLevelNOnly: coveredLevelNOnly / WINDOWS,
    levelVarianceRatio: variance(levels, 0) / assumedLevelVar,
    sigmaVarianceRatio: variance(sigmas, mean(sigmas)) / assumedSigmaVar,
    meanLag1: lag1,
  };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
/** About a known centre (0 for the level's error), or the sample mean. */
const variance = (xs: number[], centre: number) => xs.reduce((s, x) => s + (x - centre) ** 2, 0) / (xs.length - (centre === 0 ? 0 : 1));

describe('the Cpk interval under autocorrelation (simulated AR(1) windows)', () => {
  it.each([
    [0, 1],
    [0.5, 2],
    [0.8, 3],
  ])('phi %s: the 95 per cent interval covers the true Cpk in 90 to 99 per cent of the windows', (phi, seed) => {
    const run = simulate(phi, seed);
    if (process.env.LW_PRINT) console.log(phi, JSON.stringify(run));
    expect(Math.abs(run.meanLag1 - phi)).toBeLessThan(0.03);
    expect(run.coverage).toBeGreaterThanOrEqual(0.9);
    expect(run.coverage).toBeLessThanOrEqual(0.99);
    // The two parts of the interval, each against what it assumed.
    expect(run.levelVarianceRatio).toBeGreaterThan(0.8);
    expect(run.levelVarianceRatio).toBeLessThan(1.25);
    expect(run.sigmaVarianceRatio).toBeGreaterThan(0.75);
    expect(run.sigmaVarianceRatio).toBeLessThan(1.33);
    if (phi >= 0.5) {
      // Neither Bissell on the whole window's n, nor the level's n reduced for autocorrelation
      // but left in units of sigma_x, would do.
      expect(run.coverageWholeN).toBeLessThan(0.3);
      expect(run.coverageLevelNOnly).toBeLessThan(0.9);
    }
  });
});
