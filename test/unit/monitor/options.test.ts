import { describe, expect, it } from 'vitest';
import { baselineSubgroups, budgetArl, DEFAULT_LIVE_OPTIONS, LiveOptionsError, resolveLiveOptions, type LiveMonitorOptions } from '../../../monitor/index.js';

const WEEK_MS = 604_800_000;

function refusal(overrides: Record<string, unknown>): LiveOptionsError {
  try {
    resolveLiveOptions(overrides as Partial<LiveMonitorOptions>);
  } catch (err) {
    expect(err).toBeInstanceOf(LiveOptionsError);
    return err as LiveOptionsError;
  }
  throw new Error(`options ${JSON.stringify(overrides)} were accepted`);
}

describe('resolveLiveOptions', () => {
  it('fills in the defaults and freezes the result and its chart list', () => {
    const o = resolveLiveOptions();
    expect(o).toEqual(DEFAULT_LIVE_OPTIONS);
    expect(o.subgroupMs).toBe(1000);
    expect(o.baselineMinutes).toBe(30);
    expect(o.falseAlarmsPerSeriesPerWeek).toBe(1);
    expect(o.charts).toEqual(['cusumSmall', 'cusumLarge']);
    expect(Object.isFrozen(o)).toBe(true);
    expect(Object.isFrozen(o.charts)).toBe(true);
  });

  it('keeps overrides, ignores undefined ones, and copies the chart list', () => {
    const charts: LiveMonitorOptions['charts'] = ['ewma', 'shewhart'];
    const o = resolveLiveOptions({ subgroupMs: 500, autoResolveMinutes: undefined, charts });
    expect(o.subgroupMs).toBe(500);
    expect(o.autoResolveMinutes).toBe(DEFAULT_LIVE_OPTIONS.autoResolveMinutes);
    expect(o.charts).toEqual(['ewma', 'shewhart']);
    expect(o.charts).not.toBe(charts);
    (charts as string[]).push('cusumSmall');
    expect(o.charts).toEqual(['ewma', 'shewhart']);
  });

  it.each([
    ['subgroupMs', 0],
    ['subgroupMs', -100],
    ['subgroupMs', Number.NaN],
    ['subgroupMs', '1000'],
    ['subgroupMs', 3_600_001],
    ['baselineMinutes', 0],
    ['falseAlarmsPerSeriesPerWeek', 0],
    ['falseAlarmsPerSeriesPerWeek', 10_001],
    ['cusumSmallK', 0],
    ['cusumLargeK', 5.5],
    ['ewmaLambda', 1.2],
    ['clipSigma', -4],
    ['winsorSigma', Number.POSITIVE_INFINITY],
    ['autoResolveMinutes', 0],
    ['outOfSpecCriticalMs', 0],
    ['outOfSpecGapMs', -1],
  ])('refuses %s = %s', (name, value) => {
    const err = refusal({ [name]: value });
    expect(err.code).toBe('LW_LIVE_OPTIONS');
    expect(err.message).toContain(name);
  });

  it('accepts the upper bounds themselves', () => {
    expect(resolveLiveOptions({ ewmaLambda: 1, cusumLargeK: 5 }).ewmaLambda).toBe(1);
  });

  it('checks minSubgroupFill is a fraction (0 and 1 included)', () => {
    expect(resolveLiveOptions({ minSubgroupFill: 0 }).minSubgroupFill).toBe(0);
    expect(resolveLiveOptions({ minSubgroupFill: 1 }).minSubgroupFill).toBe(1);
    expect(refusal({ minSubgroupFill: 1.5 }).message).toContain('minSubgroupFill');
    expect(refusal({ minSubgroupFill: -0.1 }).message).toContain('minSubgroupFill');
  });

  it('refuses unknown, repeated or malformed chart lists', () => {
    expect(refusal({ charts: ['cusumSmall', 'xbar'] }).message).toMatch(/unknown chart 'xbar'/);
    expect(refusal({ charts: ['ewma', 'ewma'] }).message).toMatch(/names a chart twice/);
    expect(refusal({ charts: 'ewma' }).message).toMatch(/charts must be a list/);
  });

  it('needs at least 40 subgroups in Phase I', () => {
    // 1.5 s subgroups: one minute holds exactly 40; 59 s would hold 39.
    expect(baselineSubgroups(resolveLiveOptions({ subgroupMs: 1500, baselineMinutes: 1 }))).toBe(40);
    expect(refusal({ subgroupMs: 1500, baselineMinutes: 59 / 60 }).message).toMatch(/holds 39 subgroups.*at least 40/);
    expect(refusal({ subgroupMs: 1000, baselineMinutes: 0.5 }).message).toMatch(/holds 30 subgroups/);
  });

  it('refuses a budget of one false alarm per subgroup or more', () => {
    // 3,600 s subgroups: 168 a week.
    expect(refusal({ subgroupMs: 3_600_000, baselineMinutes: 7 * 24 * 60, falseAlarmsPerSeriesPerWeek: 168 }).message).toMatch(/at least one per subgroup/);
    expect(resolveLiveOptions({ subgroupMs: 3_600_000, baselineMinutes: 7 * 24 * 60, falseAlarmsPerSeriesPerWeek: 167 }).falseAlarmsPerSeriesPerWeek).toBe(167);
  });
});

describe('baselineSubgroups and budgetArl', () => {
  it('count the subgroups of Phase I', () => {
    expect(baselineSubgroups(DEFAULT_LIVE_OPTIONS)).toBe(1800);
    expect(baselineSubgroups(resolveLiveOptions({ subgroupMs: 100, baselineMinutes: 1 }))).toBe(600);
    expect(baselineSubgroups(resolveLiveOptions({ subgroupMs: 700, baselineMinutes: 1 }))).toBe(88); // 85.7 rounded, then up to whole quarters
  });

  it('turn the weekly budget into an in-control ARL in subgroups', () => {
    expect(budgetArl(DEFAULT_LIVE_OPTIONS)).toBe(604_800);
    expect(budgetArl(resolveLiveOptions({ subgroupMs: 100, baselineMinutes: 1 }))).toBe(6_048_000);
    expect(budgetArl(resolveLiveOptions({ falseAlarmsPerSeriesPerWeek: 4 }))).toBe(151_200);
    expect(budgetArl(resolveLiveOptions({ subgroupMs: 250, falseAlarmsPerSeriesPerWeek: 0.5 }))).toBeCloseTo(WEEK_MS / 250 / 0.5, 6);
  });
});
