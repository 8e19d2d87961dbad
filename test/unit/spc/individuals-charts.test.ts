import { describe, expect, it } from 'vitest';
import { IndividualsCharts } from '../../../spc/individuals-charts.js';
import { DEFAULT_SPC_OPTIONS, resolveSpcOptions } from '../../../spc/options.js';
import { SIGNAL, type SignalName } from '../../../spc/signals.js';

/** Runs the charts with mu0 = 0, sigma0 = 1 and returns the indices where `name` signals. */
function signalsOf(name: SignalName, xs: number[], options = DEFAULT_SPC_OPTIONS): number[] {
  const charts = new IndividualsCharts({ n: 2, mean: 0, sigma: 1 }, options);
  const at: number[] = [];
  xs.forEach((x, i) => {
    if (charts.update(x) & SIGNAL[name]) at.push(i);
  });
  return at;
}

describe('rule 1: one point beyond 3 sigma', () => {
  it('is strict: a point on the limit does not signal', () => {
    expect(signalsOf('rule1', [3, -3, 0])).toEqual([]);
    expect(signalsOf('rule1', [3.000001, 0, -3.000001])).toEqual([0, 2]);
  });
});

describe('rule 2: 2 of 3 beyond 2 sigma on the same side', () => {
  it('counts a partial window at the start: 2 of the first 2 signal at index 1', () => {
    expect(signalsOf('rule2', [2.5, 2.5])).toEqual([1]);
  });
  it('needs both points inside the window of 3', () => {
    expect(signalsOf('rule2', [2.5, 0, 2.5])).toEqual([2]);
    expect(signalsOf('rule2', [2.5, 0, 0, 2.5])).toEqual([]);
  });
  it('needs the same side', () => {
    expect(signalsOf('rule2', [2.5, -2.5, 0])).toEqual([]);
    expect(signalsOf('rule2', [-2.5, 0, -2.1])).toEqual([2]);
  });
  it('is strict at 2 sigma', () => {
    expect(signalsOf('rule2', [2, 2, 2])).toEqual([]);
  });
  it('keeps signalling while the window holds two', () => {
    // 2 of 3 at indices 1 and 2 (the window [2.5, 2.5, 0] still holds two).
    expect(signalsOf('rule2', [2.5, 2.5, 0, 0])).toEqual([1, 2]);
  });
});

describe('rule 3: 4 of 5 beyond 1 sigma on the same side', () => {
  it('counts a partial window at the start', () => {
    expect(signalsOf('rule3', [1.5, 1.5, 1.5, 1.5])).toEqual([3]);
  });
  it('allows one point inside the band', () => {
    expect(signalsOf('rule3', [1.5, 1.5, 0, 1.5, 1.5])).toEqual([4]);
    expect(signalsOf('rule3', [1.5, 0, 1.5, 0, 1.5, 1.5])).toEqual([]);
  });
  it('is strict at 1 sigma and needs one side', () => {
    expect(signalsOf('rule3', [1, 1, 1, 1, 1])).toEqual([]);
    expect(signalsOf('rule3', [1.5, -1.5, 1.5, -1.5, 1.5])).toEqual([]);
  });
});

describe('rule 4: 8 points in a row on one side', () => {
  it('needs all 8, so the first possible signal is at index 7', () => {
    expect(signalsOf('rule4', Array(8).fill(0.1))).toEqual([7]);
    expect(signalsOf('rule4', Array(7).fill(0.1))).toEqual([]);
    expect(signalsOf('rule4', Array(10).fill(-0.1))).toEqual([7, 8, 9]);
  });
  it('is broken by a point exactly on the centre line', () => {
    expect(signalsOf('rule4', [0.1, 0.1, 0.1, 0.1, 0, 0.1, 0.1, 0.1, 0.1])).toEqual([]);
  });
});

describe('EWMA with exact time-varying limits', () => {
  // lambda 0.2, L 3: at index 0 the half-width is 3 sqrt(0.2/1.8 (1 - 0.8^2)) = 0.6,
  // so Z0 = 0.2 x0 signals exactly when x0 > 3. With asymptotic limits
  // (half-width 1) it would need x0 > 5.
  it('uses the narrow limit of the first sample', () => {
    expect(signalsOf('ewma', [3.01])).toEqual([0]);
    expect(signalsOf('ewma', [2.99])).toEqual([]);
    expect(signalsOf('ewma', [-3.01])).toEqual([0]);
  });
  it('widens the limits over time', () => {
    // Index 1: half-width 3 sqrt(0.2/1.8 (1 - 0.8^4)) = 0.7684...; Z1 = 0.2 x1 when x0 = 0.
    const half1 = 3 * Math.sqrt((0.2 / 1.8) * (1 - 0.8 ** 4));
    expect(signalsOf('ewma', [0, half1 / 0.2 + 1e-9])).toEqual([1]);
    expect(signalsOf('ewma', [0, half1 / 0.2 - 1e-9])).toEqual([]);
  });
  it('follows lambda and L options', () => {
    const options = resolveSpcOptions({ ewmaLambda: 0.5, ewmaL: 2 });
    // Half-width at index 0: 2 sqrt(0.5/1.5 (1 - 0.25)) = 1; Z0 = 0.5 x0.
    expect(signalsOf('ewma', [2.01], options)).toEqual([0]);
    expect(signalsOf('ewma', [1.99], options)).toEqual([]);
  });
});

describe('CUSUM, tabular, two-sided', () => {
  it('signals when a sum is strictly beyond H = 5 sigma0', () => {
    // x = 1.5 adds 1.5 - 0.5 = 1 to C+ per sample: C+ = 5 at index 4 (not beyond), 6 at index 5.
    expect(signalsOf('cusum', Array(7).fill(1.5))).toEqual([5, 6]);
    expect(signalsOf('cusum', Array(7).fill(-1.5))).toEqual([5, 6]);
  });
  it('does not accumulate inside the slack K', () => {
    expect(signalsOf('cusum', Array(100).fill(0.5))).toEqual([]);
  });
  it('is not reset after a signal', () => {
    const at = signalsOf('cusum', [...Array(6).fill(1.5), 0, 0]);
    // C+ = 6 at 5, then 5.5 at 6 (still beyond), then 5 at 7 (not beyond).
    expect(at).toEqual([5, 6]);
  });
  it('follows k and h options', () => {
    const options = resolveSpcOptions({ cusumK: 1, cusumH: 2 });
    expect(signalsOf('cusum', Array(4).fill(2), options)).toEqual([2, 3]);
  });
});

describe('options', () => {
  it('are validated with a message naming the option', () => {
    expect(() => resolveSpcOptions({ baseline: 1 })).toThrow(/baseline/);
    expect(() => resolveSpcOptions({ ewmaLambda: 0 })).toThrow(/lambda/);
    expect(() => resolveSpcOptions({ ewmaLambda: 1.5 })).toThrow(/lambda/);
    expect(() => resolveSpcOptions({ cusumH: -1 })).toThrow(/h must/);
    expect(Object.isFrozen(resolveSpcOptions())).toBe(true);
  });
});
