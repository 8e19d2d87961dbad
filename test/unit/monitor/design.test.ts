import { describe, expect, it } from 'vitest';
import { cusumArl, ewmaArl, shewhartArl } from '../../../spc/arl/index.js';
import { designLiveCharts, twoSidedCusumArl, type LiveChartDesign } from '../../../monitor/design.js';
import { normalExpectation } from '../../../monitor/normal-expectation.js';
import { baselineSubgroups, budgetArl, DEFAULT_LIVE_OPTIONS, resolveLiveOptions } from '../../../monitor/options.js';

const WEEK_S = 604_800;
const relative = (a: number, b: number): number => Math.abs(a / b - 1);

/** The engine's converged ARL of a designed chart, known parameters, at a shift. */
function engineArl(c: LiveChartDesign, shift: number): number {
  if (c.kind === 'cusum') return cusumArl({ chart: 'cusum', k: c.k!, h: c.h! }, shift).arl;
  if (c.kind === 'ewma') return ewmaArl({ chart: 'ewma', lambda: c.lambda!, L: c.L!, limits: 'asymptotic' }, shift).arl;
  return shewhartArl({ chart: 'shewhart', L: c.L! }, shift).arl;
}

describe('designLiveCharts: the default design', () => {
  const design = designLiveCharts(DEFAULT_LIVE_OPTIONS);

  it('turns one false alarm a week into an ARL of 604,800 one-second subgroups', () => {
    expect(design.subgroupMs).toBe(1000);
    expect(design.baselineSubgroups).toBe(1800);
    expect(design.budgetPerWeek).toBe(1);
    expect(design.budgetArl).toBe(WEEK_S / (design.subgroupMs / 1000) / design.budgetPerWeek);
    expect(design.budgetArl).toBe(604_800);
    // Designed to spend 0.6 of it: an ARL of 1,008,000 subgroups for the charts together.
    expect(design.designShare).toBe(0.6);
    expect(design.designArl).toBeCloseTo(604_800 / 0.6, 6);
  });

  it('designs the two CUSUMs in the order of the options', () => {
    expect(design.charts.map((c) => c.name)).toEqual(['cusumSmall', 'cusumLarge']);
    const [small, large] = design.charts;
    expect(small).toMatchObject({ kind: 'cusum', k: 0.4, lambda: null, L: null });
    expect(large).toMatchObject({ kind: 'cusum', k: 0.9, lambda: null, L: null });
    // A smaller k needs a wider decision interval for the same false-alarm rate.
    expect(small.h!).toBeGreaterThan(large.h!);
  });

  it("reports each chart's known-parameter ARL as the ARL engine computes it at the designed k and h", () => {
    for (const c of design.charts) expect(relative(c.arl0Known, engineArl(c, 0))).toBeLessThan(1e-5);
  });

  it('spends its share of the budget, shared equally between the charts (a union bound)', () => {
    const sum = design.charts.reduce((s, c) => s + c.falseAlarmsPerWeek, 0);
    expect(design.falseAlarmsPerWeek).toBe(sum);
    expect(relative(sum, 0.6)).toBeLessThan(0.01);
    for (const c of design.charts) expect(relative(c.falseAlarmsPerWeek, 0.3)).toBeLessThan(0.01);
  });

  it('spends the whole budget with designShare 1', () => {
    const whole = designLiveCharts(resolveLiveOptions({ designShare: 1 }));
    expect(relative(whole.falseAlarmsPerWeek, 1)).toBeLessThan(0.01);
    // Spending less of the budget needs wider decision intervals.
    for (let i = 0; i < 2; i++) expect(design.charts[i].h!).toBeGreaterThan(whole.charts[i].h!);
  });

  it('is stricter than a known-parameter design: estimation error would otherwise break the budget', () => {
    // Each chart's share is an ARL of 2,016,000 subgroups; at known parameters it runs longer.
    const shareArl = design.designArl * design.charts.length;
    for (const c of design.charts) {
      expect(c.arl0Known).toBeGreaterThan(1.05 * shareArl);
      // Known parameters, its rate alone would be below its share.
      expect(WEEK_S / c.arl0Known).toBeLessThan(0.3 / 1.05);
    }
  });

  it("averages the false-alarm rate over Phase I's estimation error (checked with the engine)", () => {
    // E[1 / ARL(k s, h s; d)], d ~ N(0, 1/m), ln s ~ N(0, 1/(2(m - 1))), by an independent 12 x 12 rule.
    const c = design.charts[1];
    const m = design.baselineSubgroups;
    const rate = normalExpectation(
      (u) =>
        normalExpectation((v) => {
          const s = Math.exp(v / Math.sqrt(2 * (m - 1)));
          return 1 / cusumArl({ chart: 'cusum', k: c.k! * s, h: c.h! * s }, u / Math.sqrt(m), { relativeTolerance: 1e-6 }).arl;
        }, 12),
      12,
    );
    expect(relative(rate * WEEK_S, c.falseAlarmsPerWeek)).toBeLessThan(0.005);
  });
});

describe('designLiveCharts: how the parameters move', () => {
  const small = { subgroupMs: 1000, baselineMinutes: 10 };

  it('converts the budget per week into subgroups of the configured length', () => {
    const fast = designLiveCharts(resolveLiveOptions({ subgroupMs: 100, baselineMinutes: 1, falseAlarmsPerSeriesPerWeek: 10_000 }));
    expect(fast.baselineSubgroups).toBe(600);
    expect(fast.budgetArl).toBeCloseTo(WEEK_S / 0.1 / 10_000, 9);
    expect(relative(fast.falseAlarmsPerWeek, 10_000 * 0.6)).toBeLessThan(0.01);
    for (const c of fast.charts) expect(relative(c.arl0Known, engineArl(c, 0))).toBeLessThan(1e-5);
  });

  it('gives a tighter budget a wider decision interval', () => {
    const loose = designLiveCharts(resolveLiveOptions({ ...small, falseAlarmsPerSeriesPerWeek: 1000 }));
    const tight = designLiveCharts(resolveLiveOptions({ ...small, falseAlarmsPerSeriesPerWeek: 1 }));
    for (let i = 0; i < 2; i++) {
      expect(tight.charts[i].h!).toBeGreaterThan(loose.charts[i].h! + 1);
      expect(tight.charts[i].arl0Known).toBeGreaterThan(100 * loose.charts[i].arl0Known);
    }
    expect(relative(loose.falseAlarmsPerWeek, 1000 * 0.6)).toBeLessThan(0.01);
  });

  it('gives a longer baseline a narrower decision interval (less estimation error to cover)', () => {
    const short = designLiveCharts(resolveLiveOptions(small));
    const long = designLiveCharts(DEFAULT_LIVE_OPTIONS);
    expect(short.baselineSubgroups).toBe(600);
    for (let i = 0; i < 2; i++) {
      expect(long.charts[i].h!).toBeLessThan(short.charts[i].h!);
      expect(long.charts[i].arl0Known).toBeLessThan(short.charts[i].arl0Known);
    }
    // Both meet the same budget.
    expect(relative(short.falseAlarmsPerWeek, 0.6)).toBeLessThan(0.01);
  });

  it('designs the EWMA and Shewhart charts with the engine too', () => {
    const design = designLiveCharts(resolveLiveOptions({ charts: ['ewma', 'shewhart'], ewmaLambda: 0.2 }));
    const [ewma, shewhart] = design.charts;
    expect(ewma).toMatchObject({ name: 'ewma', kind: 'ewma', k: null, h: null, lambda: 0.2 });
    expect(shewhart).toMatchObject({ name: 'shewhart', kind: 'shewhart', k: null, h: null, lambda: null });
    for (const c of design.charts) {
      expect(c.L!).toBeGreaterThan(4);
      expect(relative(c.arl0Known, engineArl(c, 0))).toBeLessThan(1e-5);
      expect(relative(c.falseAlarmsPerWeek, 0.3)).toBeLessThan(0.01);
    }
    // The Shewhart chart's ARL is 1 / P(|Z| > L) exactly.
    expect(relative(shewhart.arl0Known, shewhartArl({ chart: 'shewhart', L: shewhart.L! }, 0).arl)).toBe(0);
  });

  it('shares the budget between as many charts as run', () => {
    const four = designLiveCharts(resolveLiveOptions({ subgroupMs: 100, baselineMinutes: 1, falseAlarmsPerSeriesPerWeek: 10_000, charts: ['shewhart', 'cusumSmall', 'cusumLarge', 'ewma'] }));
    expect(four.charts.map((c) => c.name)).toEqual(['shewhart', 'cusumSmall', 'cusumLarge', 'ewma']);
    for (const c of four.charts) expect(relative(c.falseAlarmsPerWeek, 2500 * 0.6)).toBeLessThan(0.01);
    expect(relative(four.falseAlarmsPerWeek, 10_000 * 0.6)).toBeLessThan(0.01);
  });

  it('computes a design once per distinct set of options', () => {
    const a = designLiveCharts(resolveLiveOptions(small));
    expect(designLiveCharts(resolveLiveOptions({ ...small, autoResolveMinutes: 3, winsorSigma: 2 }))).toBe(a);
    const loose = { ...small, falseAlarmsPerSeriesPerWeek: 1000 };
    const b = designLiveCharts(resolveLiveOptions({ ...loose, cusumSmallK: 0.5 }));
    expect(b).not.toBe(designLiveCharts(resolveLiveOptions(loose)));
    expect(b.charts[0].k).toBe(0.5);
    expect(baselineSubgroups(resolveLiveOptions(small))).toBe(a.baselineSubgroups);
    expect(budgetArl(resolveLiveOptions(small))).toBe(a.budgetArl);
  });
});

describe('twoSidedCusumArl (the fixed node count used inside the search)', () => {
  it.each([
    [0.4, 16.18, 0],
    [0.9, 7.37, 0],
    [0.4, 17.04, 0.05],
    [0.9, 7.54, 0.1],
    [0.4, 16.18, 0.3],
    [0.9, 3.5, 0],
    [0.4, 7.35, -0.1],
    [0.5, 5, 1],
  ])('agrees with the converged engine for k %s, h %s, shift %s', (k, h, shift) => {
    expect(relative(twoSidedCusumArl(k, h, shift), cusumArl({ chart: 'cusum', k, h }, shift).arl)).toBeLessThan(1e-6);
  });

  it('adds the rates of the two sides', () => {
    const both = twoSidedCusumArl(0.5, 4, 0.5);
    const up = cusumArl({ chart: 'cusum', k: 0.5, h: 4, sided: 'upper' }, 0.5).arl;
    const down = cusumArl({ chart: 'cusum', k: 0.5, h: 4, sided: 'upper' }, -0.5).arl;
    expect(relative(both, 1 / (1 / up + 1 / down))).toBeLessThan(1e-6);
    expect(relative(both, up)).toBeGreaterThan(1e-3);
  });
});
