import { describe, it, expect } from 'vitest';
import { DEFAULT_ARL_OPTIONS, ArlOptionError, arlCurve, MAX_SHIFTS } from '../../../../spc/arl/index.js';
import type { ChartDesign } from '../../../../spc/arl/index.js';

describe('arlCurve', () => {
  it('returns one point per shift, in the order given', () => {
    const shifts = [2, 0, 1];
    const curve = arlCurve({ chart: 'shewhart', L: 3 }, shifts);
    expect(curve.map((p) => p.shift)).toEqual(shifts);
    expect(curve[1].arl).toBeGreaterThan(curve[2].arl);
  });

  it('dispatches on the chart', () => {
    const designs: ChartDesign[] = [
      { chart: 'ewma', ...DEFAULT_ARL_OPTIONS.ewma },
      { chart: 'cusum', ...DEFAULT_ARL_OPTIONS.cusum },
      { chart: 'shewhart', ...DEFAULT_ARL_OPTIONS.shewhart },
    ];
    const arl0 = designs.map((d) => arlCurve(d, [0])[0].arl);
    expect(arl0[0]).toBeCloseTo(554.5, 0);
    expect(arl0[1]).toBeCloseTo(465.4, 0);
    expect(arl0[2]).toBeCloseTo(370.4, 0);
  });

  it('bounds the number of shifts', () => {
    expect(() => arlCurve({ chart: 'shewhart', L: 3 }, [])).toThrow(ArlOptionError);
    expect(() => arlCurve({ chart: 'shewhart', L: 3 }, new Array(MAX_SHIFTS + 1).fill(0))).toThrow(/shifts must be 1 to/);
  });

  it('rejects an unknown chart from untyped input', () => {
    expect(() => arlCurve({ chart: 'xbar' } as unknown as ChartDesign, [0])).toThrow(/chart must be/);
  });
});
