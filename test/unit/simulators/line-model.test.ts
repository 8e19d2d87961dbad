import { describe, expect, it } from 'vitest';
import { LineModel, type LineModelSpec } from '../../../simulators/line-model.js';
import { ABSURD_VALUE, ScenarioError, type Scenario } from '../../../simulators/scenario.js';
import { leastSquares, mean, sd } from './stats.js';

const PERIOD_MS = 100; // 10 Hz
const MU = 0.74;
const SIGMA = 0.02;

/** n readings at 10 Hz from t = 0. */
function run(spec: LineModelSpec, seed: number, n: number): { t: number[]; v: (number | null)[] } {
  const model = new LineModel(spec, seed);
  const t: number[] = [];
  const v: (number | null)[] = [];
  for (let i = 0; i < n; i++) {
    t.push(i * PERIOD_MS);
    v.push(model.next(i * PERIOD_MS));
  }
  return { t, v };
}

function numbers(v: (number | null)[]): number[] {
  return v.map((x) => {
    if (x === null || !Number.isFinite(x)) throw new Error(`unexpected bad value ${x}`);
    return x;
  });
}

/** The values at times in [from, to). */
function between(r: { t: number[]; v: (number | null)[] }, from: number, to: number): number[] {
  return numbers(r.v.filter((_, i) => r.t[i] >= from && r.t[i] < to));
}

describe('LineModel: determinism', () => {
  const spec: LineModelSpec = {
    mean: MU,
    sigma: SIGMA,
    scenarios: [
      { kind: 'drift', startMs: 1000, ratePerHour: 0.5 },
      { kind: 'bad-values', startMs: 0, fraction: 0.1 },
    ],
  };

  it('gives the same readings for the same seed', () => {
    expect(run(spec, 7, 5000).v).toEqual(run(spec, 7, 5000).v);
  });

  it('gives different readings for another seed', () => {
    const a = run(spec, 7, 100).v;
    const b = run(spec, 8, 100).v;
    expect(a.filter((x, i) => x !== b[i] && !(Number.isNaN(x) && Number.isNaN(b[i]))).length).toBeGreaterThan(80);
  });

  it('refuses to go back in time', () => {
    const model = new LineModel({ mean: MU, sigma: SIGMA }, 1);
    model.next(500);
    expect(() => model.next(400)).toThrow(RangeError);
  });

  it('rejects a bad scenario parameter with a message naming it', () => {
    expect(() => new LineModel({ mean: MU, sigma: SIGMA, scenarios: [{ kind: 'variance', startMs: 0, factor: 0 }] }, 1)).toThrow(ScenarioError);
    expect(() => new LineModel({ mean: MU, sigma: SIGMA, scenarios: [{ kind: 'bad-values', startMs: 0, fraction: 1.5 }] }, 1)).toThrow(/fraction/);
    expect(() => new LineModel({ mean: MU, sigma: SIGMA, scenarios: [{ kind: 'stuck', startMs: -1, durationMs: 5 }] }, 1)).toThrow(/startMs/);
  });
});

describe('LineModel: each scenario has the effect it claims', () => {
  const N = 40_000;

  it('in control: mean and sigma as specified, no autocorrelation', () => {
    const x = numbers(run({ mean: MU, sigma: SIGMA }, 11, N).v);
    expect(Math.abs(mean(x) - MU)).toBeLessThan((4 * SIGMA) / Math.sqrt(N));
    expect(sd(x) / SIGMA).toBeCloseTo(1, 1);
    // Lag-1 autocorrelation of white noise: about N(0, 1/N).
    const m = mean(x);
    let num = 0;
    let den = 0;
    for (let i = 0; i < N; i++) {
      den += (x[i] - m) ** 2;
      if (i > 0) num += (x[i] - m) * (x[i - 1] - m);
    }
    expect(Math.abs(num / den)).toBeLessThan(4 / Math.sqrt(N));
  });

  it('step: a 2 sigma step moves the later mean by 2 sigma', () => {
    const at = (N / 2) * PERIOD_MS;
    const r = run({ mean: MU, sigma: SIGMA, scenarios: [{ kind: 'step', startMs: at, delta: 2 * SIGMA }] }, 12, N);
    const shift = mean(between(r, at, Infinity)) - mean(between(r, 0, at));
    const se = SIGMA * Math.sqrt(2 / (N / 2));
    expect(Math.abs(shift - 2 * SIGMA)).toBeLessThan(4 * se);
    expect(sd(between(r, at, Infinity)) / SIGMA).toBeCloseTo(1, 1);
  });

  it('variance: a factor of 2 doubles the standard deviation, the mean stays', () => {
    const at = (N / 2) * PERIOD_MS;
    const r = run({ mean: MU, sigma: SIGMA, scenarios: [{ kind: 'variance', startMs: at, factor: 2 }] }, 13, N);
    const after = between(r, at, Infinity);
    expect(sd(after) / sd(between(r, 0, at))).toBeGreaterThan(1.9);
    expect(sd(after) / sd(between(r, 0, at))).toBeLessThan(2.1);
    expect(Math.abs(mean(after) - MU)).toBeLessThan((4 * 2 * SIGMA) / Math.sqrt(N / 2));
  });

  it('drift: least squares recovers the rate per hour; the mean holds after durationMs', () => {
    const ratePerHour = -0.3; // mm per hour, thinning
    const start = 60_000;
    const duration = 30 * 60_000;
    const n = (start + duration + 30 * 60_000) / PERIOD_MS;
    const r = run({ mean: MU, sigma: SIGMA, scenarios: [{ kind: 'drift', startMs: start, ratePerHour, durationMs: duration }] }, 14, n);
    const hours = (from: number, to: number) => r.t.filter((t) => t >= from && t < to).map((t) => t / 3_600_000);
    const during = leastSquares(hours(start, start + duration), between(r, start, start + duration));
    expect(Math.abs(during.slope - ratePerHour)).toBeLessThan(4 * during.slopeSe);
    const before = leastSquares(hours(0, start), between(r, 0, start));
    expect(Math.abs(before.slope)).toBeLessThan(4 * before.slopeSe);
    const after = between(r, start + duration, Infinity);
    const held = MU + (ratePerHour * duration) / 3_600_000;
    expect(Math.abs(mean(after) - held)).toBeLessThan((4 * SIGMA) / Math.sqrt(after.length));
    const afterFit = leastSquares(hours(start + duration, Infinity), after);
    expect(Math.abs(afterFit.slope)).toBeLessThan(4 * afterFit.slopeSe);
  });

  it('off-centre: stable, with its mean close to the limit and a small sigma', () => {
    const lsl = 0.53;
    const target = lsl + 2.5 * SIGMA * 0.5;
    const at = 20_000;
    const r = run({ mean: MU, sigma: SIGMA, scenarios: [{ kind: 'off-centre', startMs: at, mean: target, sigmaFactor: 0.5 }] }, 15, N);
    const after = between(r, at, Infinity);
    expect(Math.abs(mean(after) - target)).toBeLessThan((4 * SIGMA * 0.5) / Math.sqrt(after.length));
    expect(sd(after) / (SIGMA * 0.5)).toBeCloseTo(1, 1);
    // Stable: no trend within the off-centre period.
    const fit = leastSquares(
      r.t.filter((t) => t >= at),
      after,
    );
    expect(Math.abs(fit.slope)).toBeLessThan(4 * fit.slopeSe);
    expect(mean(between(r, 0, at))).toBeCloseTo(MU, 2);
  });

  it('stuck: repeats the last reading for the duration, then the noise resumes as if nothing happened', () => {
    const scenarios: Scenario[] = [{ kind: 'stuck', startMs: 10_000, durationMs: 5_000 }];
    const stuck = run({ mean: MU, sigma: SIGMA, scenarios }, 16, 300);
    const free = run({ mean: MU, sigma: SIGMA }, 16, 300);
    const last = stuck.v[99]; // t = 9,900 ms, the last reading before the sensor sticks
    const during = between(stuck, 10_000, 15_000);
    expect(during).toHaveLength(50);
    expect(new Set(during)).toEqual(new Set([last]));
    expect(stuck.v.slice(0, 100)).toEqual(free.v.slice(0, 100));
    expect(stuck.v.slice(150)).toEqual(free.v.slice(150));
    expect(new Set(between(stuck, 15_000, Infinity)).size).toBe(150);
  });

  it('stuck from the very first reading repeats that reading', () => {
    const r = run({ mean: MU, sigma: SIGMA, scenarios: [{ kind: 'stuck', startMs: 0, durationMs: 1_000 }] }, 17, 20);
    expect(new Set(r.v.slice(0, 10)).size).toBe(1);
    expect(new Set(r.v.slice(10)).size).toBe(10);
  });

  it('a stuck spell split by another scenario boundary keeps one value', () => {
    const scenarios: Scenario[] = [
      { kind: 'stuck', startMs: 1_000, durationMs: 2_000 },
      { kind: 'step', startMs: 2_000, delta: 5 * SIGMA },
    ];
    const r = run({ mean: MU, sigma: SIGMA, scenarios }, 18, 40);
    expect(new Set(between(r, 1_000, 3_000)).size).toBe(1);
  });

  it('bad values: the stated fraction, each kind about equally often, the other readings untouched', () => {
    const fraction = 0.08;
    const spec: LineModelSpec = { mean: MU, sigma: SIGMA, scenarios: [{ kind: 'bad-values', startMs: 0, fraction }] };
    const r = run(spec, 19, N);
    const clean = run({ mean: MU, sigma: SIGMA }, 19, N);
    const counts = { nan: 0, negative: 0, absurd: 0, null: 0 };
    let replaced = 0;
    r.v.forEach((x, i) => {
      if (x === clean.v[i]) return;
      replaced++;
      if (x === null) counts.null++;
      else if (Number.isNaN(x)) counts.nan++;
      else if (x === ABSURD_VALUE) counts.absurd++;
      else if (x === -(clean.v[i] as number)) counts.negative++;
      else throw new Error(`reading ${i} changed to ${x}, which is no bad-value kind`);
    });
    const se = Math.sqrt(N * fraction * (1 - fraction));
    expect(Math.abs(replaced - N * fraction)).toBeLessThan(4 * se);
    for (const count of Object.values(counts)) {
      const p = 1 / 4;
      expect(Math.abs(count - replaced * p)).toBeLessThan(4 * Math.sqrt(replaced * p * (1 - p)));
    }
  });

  it('bad values: only the listed kinds, only within the window', () => {
    const r = run({ mean: MU, sigma: SIGMA, scenarios: [{ kind: 'bad-values', startMs: 1_000, durationMs: 2_000, fraction: 0.5, kinds: ['null', 'absurd'], absurdValue: 1e6 }] }, 20, 100);
    const bad = r.v.map((x, i) => [r.t[i], x] as const).filter(([, x]) => x === null || x === 1e6);
    expect(bad.length).toBeGreaterThan(0);
    for (const [t] of bad) expect(t >= 1_000 && t < 3_000).toBe(true);
    expect(r.v.some((x) => x !== null && (Number.isNaN(x) || x < 0))).toBe(false);
  });

  it('never reports a negative reading of its own, even with an absurd variance', () => {
    const x = numbers(run({ mean: MU, sigma: SIGMA, scenarios: [{ kind: 'variance', startMs: 0, factor: 100 }] }, 21, 10_000).v);
    expect(Math.min(...x)).toBe(0);
    const unclamped = numbers(run({ mean: MU, sigma: SIGMA, floor: null, scenarios: [{ kind: 'variance', startMs: 0, factor: 100 }] }, 21, 10_000).v);
    expect(Math.min(...unclamped)).toBeLessThan(0);
  });
});

describe('LineModel: scenarios combine as documented', () => {
  const scenarios: Scenario[] = [
    { kind: 'step', startMs: 1_000, delta: 0.05 },
    { kind: 'drift', startMs: 2_000, ratePerHour: 36, durationMs: 3_000 }, // 0.01 per second
    { kind: 'off-centre', startMs: 4_000, mean: 0.6, sigmaFactor: 0.5 },
    { kind: 'variance', startMs: 6_000, factor: 3 },
  ];

  it('the compiled segments give exactly the defined mean (sigma 0)', () => {
    const model = new LineModel({ mean: MU, sigma: 0, scenarios }, 1);
    for (let t = 0; t < 8_000; t += 50) expect(model.next(t)).toBeCloseTo(model.meanAt(t), 12);
  });

  it('off-centre replaces the base level; steps and drifts stay on top of it', () => {
    const model = new LineModel({ mean: MU, sigma: SIGMA, scenarios }, 1);
    expect(model.meanAt(500)).toBeCloseTo(MU, 12);
    expect(model.meanAt(1_500)).toBeCloseTo(MU + 0.05, 12);
    expect(model.meanAt(3_000)).toBeCloseTo(MU + 0.05 + 0.01, 12);
    expect(model.meanAt(4_500)).toBeCloseTo(0.6 + 0.05 + 0.025, 12);
    expect(model.meanAt(7_000)).toBeCloseTo(0.6 + 0.05 + 0.03, 12);
    expect(model.sigmaAt(5_000)).toBeCloseTo(SIGMA * 0.5, 12);
    expect(model.sigmaAt(7_000)).toBeCloseTo(SIGMA * 0.5 * 3, 12);
  });
});
