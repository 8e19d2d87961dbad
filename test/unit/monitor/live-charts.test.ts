import { describe, expect, it } from 'vitest';
import { cusumArl } from '../../../spc/arl/index.js';
import { designLiveCharts, type LiveChartDesign, type LiveDesign } from '../../../monitor/design.js';
import { LIVE_SIGNAL, LiveCharts, liveSignalNames } from '../../../monitor/live-charts.js';
import { resolveLiveOptions } from '../../../monitor/options.js';
import { SeededRandom } from '../../../simulators/random.js';

const cusum = (name: 'cusumSmall' | 'cusumLarge', k: number, h: number): LiveChartDesign => ({ name, kind: 'cusum', k, h, lambda: null, L: null, arl0Known: NaN, falseAlarmsPerWeek: NaN });
const ewma = (lambda: number, L: number): LiveChartDesign => ({ name: 'ewma', kind: 'ewma', k: null, h: null, lambda, L, arl0Known: NaN, falseAlarmsPerWeek: NaN });
const shewhart = (L: number): LiveChartDesign => ({ name: 'shewhart', kind: 'shewhart', k: null, h: null, lambda: null, L, arl0Known: NaN, falseAlarmsPerWeek: NaN });
const designOf = (...charts: LiveChartDesign[]): LiveDesign => ({
  subgroupMs: 1000,
  baselineSubgroups: 1800,
  budgetPerWeek: 1,
  budgetArl: 604_800,
  designShare: 1,
  designArl: 604_800,
  charts,
  falseAlarmsPerWeek: 1,
});

describe('liveSignalNames', () => {
  it('reads the chart names out of a mask, in the order of LIVE_CHARTS', () => {
    expect(liveSignalNames(0)).toEqual([]);
    expect(liveSignalNames(LIVE_SIGNAL.shewhart | LIVE_SIGNAL.cusumSmall)).toEqual(['cusumSmall', 'shewhart']);
    expect(liveSignalNames(15)).toEqual(['cusumSmall', 'cusumLarge', 'ewma', 'shewhart']);
    expect(new Set(Object.values(LIVE_SIGNAL)).size).toBe(4);
  });
});

describe('LiveCharts', () => {
  it('runs a two-sided tabular CUSUM and restarts it after a signal', () => {
    const charts = new LiveCharts(designOf(cusum('cusumSmall', 0.5, 5)));
    // Each residual of 1.5 adds 1 to C+: above h = 5 at the sixth.
    for (let i = 1; i <= 5; i++) {
      expect(charts.update(1.5)).toBe(0);
      expect(charts.snapshot().values).toEqual([i, 0]);
    }
    expect(charts.pressure).toBeCloseTo(1, 12);
    expect(charts.direction).toBe(1);
    expect(charts.update(1.5)).toBe(LIVE_SIGNAL.cusumSmall);
    // Back at zero: the same shift needs six more subgroups, not one.
    expect(charts.snapshot().values).toEqual([0, 0]);
    expect(charts.pressure).toBe(0);
    expect(charts.direction).toBe(0);
    for (let i = 1; i <= 5; i++) expect(charts.update(1.5)).toBe(0);
    expect(charts.update(1.5)).toBe(LIVE_SIGNAL.cusumSmall);
  });

  it('signals on the lower side too, and never drops below zero', () => {
    const charts = new LiveCharts(designOf(cusum('cusumLarge', 1, 2)));
    expect(charts.update(0.5)).toBe(0);
    expect(charts.snapshot().values).toEqual([0, 0]); // 0.5 - 1 < 0 on both sides
    expect(charts.update(-2)).toBe(0);
    expect(charts.snapshot().values).toEqual([0, 1]);
    expect(charts.direction).toBe(-1);
    expect(charts.update(-1.5)).toBe(0); // C- = 1.5, not above 2
    expect(charts.update(-1.6)).toBe(LIVE_SIGNAL.cusumLarge); // 2.1
    expect(charts.snapshot().values).toEqual([0, 0]);
  });

  it('runs an EWMA against its asymptotic limits and restarts it', () => {
    // lambda 0.2, L 3: the limit is 3 sqrt(0.2 / 1.8) = 1.
    const charts = new LiveCharts(designOf(ewma(0.2, 3)));
    const seen: number[] = [];
    for (let i = 0; i < 3; i++) {
      expect(charts.update(2)).toBe(0);
      seen.push(charts.snapshot().values[0]);
    }
    expect(seen[0]).toBeCloseTo(0.4, 14);
    expect(seen[1]).toBeCloseTo(0.72, 14);
    expect(seen[2]).toBeCloseTo(0.976, 14);
    expect(charts.pressure).toBeCloseTo(0.976, 12);
    expect(charts.update(2)).toBe(LIVE_SIGNAL.ewma); // 1.1808
    expect(charts.snapshot().values).toEqual([0, 0]);
    // Downwards as well.
    for (let i = 0; i < 3; i++) charts.update(-2);
    expect(charts.direction).toBe(-1);
    expect(charts.update(-2)).toBe(LIVE_SIGNAL.ewma);
  });

  it('runs a Shewhart chart on each residual, with no memory', () => {
    const charts = new LiveCharts(designOf(shewhart(3)));
    expect(charts.update(2.99)).toBe(0);
    expect(charts.update(2.99)).toBe(0);
    expect(charts.update(3.01)).toBe(LIVE_SIGNAL.shewhart);
    expect(charts.update(-3.01)).toBe(LIVE_SIGNAL.shewhart);
    expect(charts.pressure).toBe(0);
  });

  it('restarts every chart after any chart signals, and reports all that signalled together', () => {
    const charts = new LiveCharts(designOf(cusum('cusumSmall', 0.5, 8), cusum('cusumLarge', 1, 3), ewma(0.2, 3), shewhart(3)));
    charts.update(2);
    charts.update(2);
    // The Shewhart point also takes the large CUSUM over h (2 + 3.5 - 1 = 4.5 > 3) and the EWMA over its
    // limit (1.276 > 1); the small CUSUM reaches 6, below its h of 8, and restarts all the same.
    const mask = charts.update(3.5);
    expect(liveSignalNames(mask)).toEqual(['cusumLarge', 'ewma', 'shewhart']);
    expect(charts.snapshot().values).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('clips the residuals entering the charts with memory, not the Shewhart chart', () => {
    const charts = new LiveCharts(designOf(cusum('cusumLarge', 1, 5), ewma(0.2, 30), shewhart(6)), 4);
    // 10 enters the CUSUM and the EWMA as 4; the Shewhart chart sees 10 (above its L of 6).
    expect(charts.update(3)).toBe(0);
    expect(charts.snapshot().values[0]).toBeCloseTo(2, 14);
    expect(charts.update(-10)).toBe(LIVE_SIGNAL.shewhart);
    const memory = new LiveCharts(designOf(cusum('cusumLarge', 1, 5), ewma(0.2, 30)), 4);
    memory.update(10);
    expect(memory.snapshot().values[0]).toBeCloseTo(3, 14); // 4 - k
    expect(memory.snapshot().values[2]).toBeCloseTo(0.8, 14); // 0.2 * 4
    // Without a clip (the default) they take the residual whole.
    const whole = new LiveCharts(designOf(cusum('cusumLarge', 1, 20)));
    whole.update(10);
    expect(whole.snapshot().values[0]).toBeCloseTo(9, 14);
  });

  it('restores a snapshot', () => {
    const design = designOf(cusum('cusumSmall', 0.5, 5), ewma(0.2, 3));
    const a = new LiveCharts(design);
    for (const z of [1, -0.5, 2, 0.7]) a.update(z);
    const b = new LiveCharts(design);
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    expect(b.snapshot()).toEqual(a.snapshot());
    for (const z of [1.2, 1.9, 2.5, 0.3, 3, 1, 2, 2]) expect(b.update(z)).toBe(a.update(z));
  });

  it('signals again under a persistent shift after about the out-of-control ARL, not at every subgroup', () => {
    // One designed chart, a shift of 1.5 residual sigma that never goes away.
    const design = designLiveCharts(resolveLiveOptions({ subgroupMs: 1000, baselineMinutes: 10, charts: ['cusumLarge'] }));
    const c = design.charts[0];
    const charts = new LiveCharts(design);
    const rng = new SeededRandom(2024);
    const shift = 1.5;
    const gaps: number[] = [];
    let since = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      since += 1;
      if (charts.update(shift + rng.normal()) !== 0) {
        gaps.push(since);
        since = 0;
      }
    }
    const expected = cusumArl({ chart: 'cusum', k: c.k!, h: c.h! }, shift).arl;
    expect(expected).toBeGreaterThan(5);
    const mean = gaps.reduce((s, g) => s + g, 0) / gaps.length;
    // About 3,500 run lengths: the mean is within a few percent of the ARL.
    expect(Math.abs(mean / expected - 1)).toBeLessThan(0.05);
    expect(Math.min(...gaps)).toBeGreaterThan(1);
    expect(gaps.length).toBeLessThan(n / 4);
  });
});
