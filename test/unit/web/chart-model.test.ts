import { describe, expect, it } from 'vitest';
import { liveChartData } from '../../../web/model/chart-model.js';
import { SeriesWindow } from '../../../web/model/series-window.js';

const spec = { lsl: 0.53, usl: null, nominal: 0.7 };
const limits = { version: 1, mean: 0.7, sdReadings: 0.01, sdMean: 0.004, ucl: 0.712, lcl: 0.688, subgroupMs: 1000 };

function windowOf(points: Array<[number, number]>): SeriesWindow {
  const w = new SeriesWindow();
  w.reset(points);
  return w;
}

describe("the series card's chart data", () => {
  it('gathers readings into the monitor’s subgroups (floor(ts / subgroupMs)) and flags the means beyond the limits of the means', () => {
    const base = 1_764_770_400_000;
    // Subgroup 0: 0.70, 0.71 (mean 0.705); subgroup 1: 0.72, 0.71 (mean 0.715, beyond UCL); subgroup 2: 0.52 (out of spec, mean beyond LCL).
    const w = windowOf([
      [base + 100, 0.7],
      [base + 600, 0.71],
      [base + 1000, 0.72],
      [base + 1900, 0.71],
      [base + 2500, 0.52],
    ]);
    const d = liveChartData(w, spec, limits, 1000);
    expect(d.means.map((m) => m && Number(m.toFixed(3)))).toEqual([0.705, 0.705, 0.715, 0.715, 0.52]);
    expect(d.meanBeyond.map((m) => m && Number(m.toFixed(3)))).toEqual([null, null, null, 0.715, 0.52]);
    expect(d.outOfSpec).toEqual([null, null, null, null, 0.52]);
    expect(d.counts).toEqual({ n: 5, subgroups: 3, meansBeyond: 2, outOfSpec: 1 });
    expect(d.x[0]).toBe((base + 100) / 1000);
  });

  it('draws readings alone, flagging none of their means, while no limits are in force', () => {
    const w = windowOf([
      [1000, 0.7],
      [1500, 0.9],
    ]);
    const phaseOne = liveChartData(w, spec, null, 1000);
    expect(phaseOne.means).toEqual([0.8, 0.8]);
    expect(phaseOne.meanBeyond).toEqual([null, null]);
    const unknown = liveChartData(w, spec, null, null);
    expect(unknown.means).toEqual([null, null]);
    expect(unknown.counts.subgroups).toBe(0);
  });

  it('breaks the lines at a silence', () => {
    // 100 readings a second apart, then one after a minute of silence: more than 20 average spacings.
    const points: Array<[number, number]> = Array.from({ length: 100 }, (_, i) => [i * 1000, 0.7]);
    points.push([99_000 + 60_000, 0.7]);
    const d = liveChartData(windowOf(points), spec, limits, 1000);
    expect(d.readings).toHaveLength(102);
    expect(d.readings[100]).toBeNull();
    expect(d.means[100]).toBeNull();
    expect(d.x[100]).toBeCloseTo((99_000 + 159_000) / 2000);
    expect(d.readings[101]).toBe(0.7);
  });
});
