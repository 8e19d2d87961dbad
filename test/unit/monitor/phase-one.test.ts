import { describe, expect, it } from 'vitest';
import type { LockedLimits } from '../../../monitor/limits.js';
import { PhaseOne } from '../../../monitor/phase-one.js';
import { GaugeNoise } from '../../../simulators/gauge-noise.js';

const T0 = 1_700_000_000_000;
const SUBGROUP_MS = 100;

/**
 * Feeds `count` subgroup means (level + AR(1) noise) from subgroup `firstId`,
 * one reading each; returns the limits if they locked and the subgroup that locked them.
 */
function feed(phase: PhaseOne, noise: GaugeNoise, firstId: number, count: number, level: (i: number) => number = () => 0.8, idStep = 1): { limits: LockedLimits | null; at: number } {
  for (let i = 0; i < count; i++) {
    const id = firstId + i * idStep;
    const x = level(i) + noise.next();
    phase.addReading(x);
    const limits = phase.addSubgroup(id, x, T0 + (id + 1) * SUBGROUP_MS - 1, 1, 'initial', 'P1');
    if (limits !== null) return { limits, at: i + 1 };
  }
  return { limits: null, at: count };
}

describe('PhaseOne', () => {
  it('locks after exactly `needed` stable subgroups, near the true mean, sd and phi', () => {
    const noise = new GaugeNoise({ sigma: 0.02, phi: 0.5, tDof: null, seed: 11 });
    const phase = new PhaseOne(600);
    expect(phase.needed).toBe(600);
    const first = feed(phase, noise, 0, 599);
    expect(first.limits).toBeNull();
    expect(phase.collected).toBe(599);
    const last = feed(phase, noise, 599, 1);
    const l = last.limits!;
    expect(l).not.toBeNull();
    expect(l).toMatchObject({ version: 1, reason: 'initial', product: 'P1', subgroups: 600, fromTs: T0 + 99, lockedAtTs: T0 + 600 * 100 - 1, readingsPerSubgroup: 1 });
    // Long-run standard error of the mean: 0.02 sqrt(3 / 600) = 0.0014.
    expect(Math.abs(l.mean - 0.8)).toBeLessThan(0.005);
    expect(l.sdMean / 0.02).toBeGreaterThan(0.9);
    expect(l.sdMean / 0.02).toBeLessThan(1.1);
    expect(l.sdReadings).toBeCloseTo(l.sdMean, 12); // one reading per subgroup
    expect(l.phi).toBeGreaterThan(0.4);
    expect(l.phi).toBeLessThan(0.6);
    expect(l.sdResidual).toBeCloseTo(l.sdMean * Math.sqrt(1 - l.phi * l.phi), 15);
    expect(l.sdResidual / (0.02 * Math.sqrt(1 - 0.25))).toBeGreaterThan(0.9);
    expect(l.sdResidual / (0.02 * Math.sqrt(1 - 0.25))).toBeLessThan(1.1);
    expect(Object.isFrozen(l)).toBe(true);
    expect(phase.refused).toBe(0);
    expect(phase.lastRefusal).toBeNull();
  });

  it('estimates the same as a direct computation over the window', () => {
    const noise = new GaugeNoise({ sigma: 0.5, phi: 0.3, tDof: null, seed: 6 });
    const phase = new PhaseOne(200);
    const xs: number[] = [];
    let limits: LockedLimits | null = null;
    for (let id = 0; limits === null && id < 200; id++) {
      const x = 10 + noise.next();
      xs.push(x);
      limits = phase.addSubgroup(id, x, T0 + id, 2, 'request', null);
    }
    const n = xs.length;
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const ss = xs.reduce((s, x) => s + (x - mean) ** 2, 0);
    let lag = 0;
    for (let i = 1; i < n; i++) lag += (xs[i] - mean) * (xs[i - 1] - mean);
    expect(limits).toMatchObject({ version: 2, reason: 'request', product: null, subgroups: 200 });
    expect(limits!.mean).toBeCloseTo(mean, 12);
    expect(limits!.sdMean).toBeCloseTo(Math.sqrt(ss / (n - 1)), 12);
    // Lag-1 autocorrelation: the pairs' mean product over the variance (both about the pooled mean).
    expect(limits!.phi).toBeCloseTo(lag / (n - 1) / (ss / n), 12);
  });

  it('keeps the digits of a large level (sums relative to the first value)', () => {
    const noise = new GaugeNoise({ sigma: 1e-6, phi: 0, tDof: null, seed: 3 });
    const phase = new PhaseOne(400);
    const { limits } = feed(phase, noise, 0, 400, () => 1e8);
    expect(limits).not.toBeNull();
    expect(Math.abs(limits!.mean - 1e8)).toBeLessThan(1e-6);
    expect(limits!.sdMean / 1e-6).toBeGreaterThan(0.9);
    expect(limits!.sdMean / 1e-6).toBeLessThan(1.1);
  });

  it('reports the spread of the readings and their number per subgroup', () => {
    const noise = new GaugeNoise({ sigma: 0.01, phi: 0, tDof: null, seed: 21 });
    const phase = new PhaseOne(400);
    let limits: LockedLimits | null = null;
    for (let id = 0; limits === null; id++) {
      let sum = 0;
      for (let r = 0; r < 8; r++) {
        const x = 0.8 + noise.next();
        phase.addReading(x);
        sum += x;
      }
      limits = phase.addSubgroup(id, sum / 8, T0 + id * SUBGROUP_MS, 1, 'initial', null);
    }
    expect(limits.readingsPerSubgroup).toBe(8);
    expect(limits.sdReadings / 0.01).toBeGreaterThan(0.95);
    expect(limits.sdReadings / 0.01).toBeLessThan(1.05);
    // Means of 8 independent readings spread sqrt(8) times less.
    expect(limits.sdMean / (0.01 / Math.sqrt(8))).toBeGreaterThan(0.9);
    expect(limits.sdMean / (0.01 / Math.sqrt(8))).toBeLessThan(1.1);
  });

  it('refuses a window with a step in the middle, then locks on the settled data', () => {
    const noise = new GaugeNoise({ sigma: 0.02, phi: 0.5, tDof: null, seed: 7 });
    const phase = new PhaseOne(600);
    // Half of the window at 0.8, then the process settles 2 sigma higher.
    const level = (i: number): number => (i < 300 ? 0.8 : 0.84);
    const first = feed(phase, noise, 0, 600, level);
    expect(first.limits).toBeNull();
    expect(phase.refused).toBe(1);
    expect(phase.lastRefusal).toMatch(/^quarter [1-4] of the baseline/);
    // The oldest quarter was dropped: three are kept and the next one fills.
    expect(phase.collected).toBe(450);
    // Each refusal drops a quarter; once all four are after the step, the limits lock.
    const rest = feed(phase, noise, 600, 1200, () => 0.84);
    const l = rest.limits!;
    expect(l).not.toBeNull();
    expect(phase.refused).toBe(2);
    expect(rest.at).toBe(300);
    expect(l.subgroups).toBe(600);
    expect(l.fromTs).toBe(T0 + 301 * SUBGROUP_MS - 1);
    expect(Math.abs(l.mean - 0.84)).toBeLessThan(0.005);
    expect(l.sdMean / 0.02).toBeGreaterThan(0.9);
    expect(l.sdMean / 0.02).toBeLessThan(1.1);
  });

  it('refuses a window whose spread changes, naming the quarter', () => {
    const rng = new GaugeNoise({ sigma: 1, phi: 0, tDof: null, seed: 8 });
    const phase = new PhaseOne(400);
    // The last quarter is three times as noisy.
    for (let id = 0; id < 400; id++) phase.addSubgroup(id, (id < 300 ? 1 : 3) * rng.next(), T0 + id, 1, 'initial', null);
    expect(phase.refused).toBe(1);
    expect(phase.lastRefusal).toMatch(/^quarter [1-4] of the baseline has [0-9.]+ times the pooled spread/);
  });

  it('refuses a stuck gauge', () => {
    const phase = new PhaseOne(40);
    for (let id = 0; id < 80; id++) expect(phase.addSubgroup(id, 0.8, T0 + id, 1, 'initial', null)).toBeNull();
    expect(phase.refused).toBe(5); // at 40, 50, 60, 70 and 80 subgroups
    expect(phase.lastRefusal).toMatch(/do not vary at all/);
  });

  it.each([
    [0.8, 0.9],
    [0.797, 0.951],
    [1.234, 1.3],
    [0.7, 0.123456],
  ])('refuses a gauge stuck at a value other than the first one seen (%s, then %s)', (first, stuck) => {
    // The sums are kept relative to the first value: a constant away from it leaves only rounding in the variance.
    const phase = new PhaseOne(400);
    let locked: LockedLimits | null = null;
    for (let id = 0; id < 1000 && locked === null; id++) locked = phase.addSubgroup(id, id === 0 ? first : stuck, T0 + id, 1, 'initial', null);
    expect(locked).toBeNull();
    expect(phase.lastRefusal).toMatch(/do not vary at all/);
  });

  it('pairs only consecutive subgroups: gaps break the lag products', () => {
    const make = (): GaugeNoise => new GaugeNoise({ sigma: 0.02, phi: 0.9, tDof: null, seed: 13 });
    const pairsOf = (p: PhaseOne): number => p.snapshot().quarters.reduce((n, q) => n + q.pairs, 0);
    // Consecutive ids: every subgroup after the first makes a pair, and the strong autocorrelation is seen.
    const together = new PhaseOne(400);
    const consecutive = make();
    feed(together, consecutive, 0, 399);
    expect(pairsOf(together)).toBe(398);
    const limits = feed(together, consecutive, 399, 1).limits;
    expect(limits!.phi).toBeGreaterThan(0.8);
    // Every other id missing: no pair at all.
    const apart = new PhaseOne(400);
    feed(apart, make(), 0, 399, undefined, 2);
    expect(apart.collected).toBe(399);
    expect(pairsOf(apart)).toBe(0);
    // breakSequence() before every other subgroup: odd ids still follow even ones.
    const broken = new PhaseOne(400);
    const noise = make();
    let locked: LockedLimits | null = null;
    for (let id = 0; locked === null && id < 400; id++) {
      if (id % 2 === 0) broken.breakSequence();
      if (id === 399) expect(pairsOf(broken)).toBe(199);
      locked = broken.addSubgroup(id, 0.8 + noise.next(), T0 + id, 1, 'initial', null);
    }
    expect(locked!.phi).toBeGreaterThan(0.8);
  });

  it('estimates phi as 0 when no two subgroups are consecutive', () => {
    const phase = new PhaseOne(400);
    const { limits } = feed(phase, new GaugeNoise({ sigma: 0.02, phi: 0.2, tDof: null, seed: 4 }), 0, 400, undefined, 3);
    expect(limits!.phi).toBe(0);
    expect(limits!.sdResidual).toBe(limits!.sdMean);
  });

  it('counts the pairs of a gapped sequence exactly', () => {
    const phase = new PhaseOne(100);
    const noise = new GaugeNoise({ sigma: 1, phi: 0, tDof: null, seed: 2 });
    // Ids 0-9, 20-29, ...: 10 runs of 10, so 9 pairs each.
    for (let run = 0; run < 9; run++) for (let j = 0; j < 10; j++) phase.addSubgroup(run * 20 + j, noise.next(), T0 + run * 20 + j, 1, 'initial', null);
    const state = phase.snapshot();
    expect(state.quarters.reduce((n, q) => n + q.n, 0)).toBe(90);
    expect(state.quarters.reduce((n, q) => n + q.pairs, 0)).toBe(81);
  });

  it('clamps phi to -0.95 for a sign-alternating series', () => {
    const phase = new PhaseOne(400);
    let limits: LockedLimits | null = null;
    for (let id = 0; limits === null; id++) limits = phase.addSubgroup(id, id % 2 === 0 ? 1 : -1, T0 + id, 1, 'initial', null);
    expect(limits.phi).toBe(-0.95);
    expect(limits.mean).toBeCloseTo(0, 14);
    expect(limits.sdResidual).toBeCloseTo(limits.sdMean * Math.sqrt(1 - 0.95 ** 2), 14);
  });

  it('continues from a snapshot exactly as without one', () => {
    const a = new PhaseOne(600);
    const noiseA = new GaugeNoise({ sigma: 0.02, phi: 0.5, tDof: null, seed: 17 });
    const noiseB = new GaugeNoise({ sigma: 0.02, phi: 0.5, tDof: null, seed: 17 });
    feed(a, noiseA, 0, 250);
    const state = JSON.parse(JSON.stringify(a.snapshot()));
    const b = new PhaseOne(0, state);
    expect(b.needed).toBe(600);
    expect(b.collected).toBe(250);
    feed(new PhaseOne(600), noiseB, 0, 250); // same noise position for B
    const lockedA = feed(a, noiseA, 250, 350).limits;
    const lockedB = feed(b, noiseB, 250, 350).limits;
    expect(lockedA).not.toBeNull();
    expect(lockedB).toEqual(lockedA);
    // The snapshot is a copy: the source going on does not change it.
    expect(state.quarters.reduce((n: number, q: { n: number }) => n + q.n, 0)).toBe(250);
  });
});
