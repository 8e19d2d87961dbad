import { describe, expect, it } from 'vitest';
import { analyzeSubgroups } from '../../../spc/subgroups.js';
import { SeededRandom } from '../../../simulators/random.js';

describe('Xbar-R and Xbar-S charts', () => {
  it('computes retrospective limits from complete subgroups with the table constants', () => {
    // Subgroups of 2: (1,3) (2,2) (4,6); a trailing partial block (9) is left out.
    const s = analyzeSubgroups([1, 3, 2, 2, 4, 6, 9], 2);
    expect(s).not.toBeNull();
    const r = s!;
    expect(r.count).toBe(3);
    expect(r.means).toEqual([2, 2, 5]);
    expect(r.ranges).toEqual([2, 0, 2]);
    const rBar = 4 / 3;
    const grand = 3;
    expect(r.limits.xbarR.center).toBeCloseTo(grand, 14);
    expect(r.limits.xbarR.ucl).toBeCloseTo(grand + 1.88 * rBar, 14);
    expect(r.limits.xbarR.lcl).toBeCloseTo(grand - 1.88 * rBar, 14);
    expect(r.limits.r.ucl).toBeCloseTo(3.267 * rBar, 14);
    expect(r.limits.r.lcl).toBe(0);
    const sBar = (Math.SQRT2 + 0 + Math.SQRT2) / 3;
    expect(r.limits.s.center).toBeCloseTo(sBar, 14);
    expect(r.limits.xbarS.ucl).toBeCloseTo(grand + 2.659 * sBar, 14);
    expect(r.limits.s.ucl).toBeCloseTo(3.267 * sBar, 14);
    expect(r.sigmaWithin).toBeCloseTo(rBar / 1.128, 14);
  });

  it('lists the subgroups strictly beyond each chart limit', () => {
    // Thirty in-control subgroups of 5; subgroup 12 shifted by 3 sigma, subgroup 20 with a wild spread.
    const rng = new SeededRandom(5);
    const xs: number[] = [];
    for (let g = 0; g < 30; g++) {
      for (let j = 0; j < 5; j++) xs.push(10 + (g === 12 ? 3 : 0) + (g === 20 ? 4 : 1) * rng.normal());
    }
    const r = analyzeSubgroups(xs, 5)!;
    expect(r.outOfControl.xbarR).toContain(12);
    expect(r.outOfControl.xbarS).toContain(12);
    expect(r.outOfControl.r).toEqual([20]);
    expect(r.outOfControl.s).toEqual([20]);
    for (const [chart, idx] of Object.entries(r.outOfControl)) {
      const l = r.limits[chart as keyof typeof r.limits];
      const points = chart === 'r' ? r.ranges : chart === 's' ? r.sds : r.means;
      expect(idx, chart).toEqual(points.flatMap((p, i) => (p > l.ucl || p < l.lcl ? [i] : [])));
    }
    // A subgroup exactly on a limit is not beyond it: all ranges equal gives R = Rbar.
    expect(analyzeSubgroups([1, 2, 1, 2, 1, 2], 2)!.outOfControl.r).toEqual([]);
  });

  it('returns null without one complete subgroup', () => {
    expect(analyzeSubgroups([1, 2, 3], 5)).toBeNull();
  });
});
