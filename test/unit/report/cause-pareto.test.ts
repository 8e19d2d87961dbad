/**
 * The report's Pareto of causes: counts, shares of the episodes with a
 * cause, the running total, the unassigned apart, labels from the
 * configured catalogue, per characteristic, and the cluster's sum.
 */
import { describe, expect, it } from 'vitest';
import type { CauseCatalogue } from '../../../monitor/causes.js';
import { causePareto, causesByCharacteristic, sumParetos } from '../../../report/cause-pareto.js';
import type { EpisodeFacts } from '../../../report/episode-tally.js';

const CATALOGUE: CauseCatalogue = {
  causes: [
    { id: 'material', label: 'Material' },
    { id: 'tooling', label: 'Tooling & dies' },
    { id: 'gauge', label: 'Gauge' },
  ],
  actions: [{ id: 'fixed', label: 'Fixed' }],
};

function episode(characteristic: string, cause: string | null, n = 0): EpisodeFacts {
  return {
    id: `e${characteristic}${cause}${n}`,
    line: 'L1',
    characteristic,
    rules: ['shewhart'],
    severity: 'high',
    escalated: false,
    raisedAt: 0,
    acknowledgedAt: null,
    resolvedAt: null,
    resolvedBy: null,
    cause,
  };
}

const causes = (list: Array<[string, string | null]>) => list.map(([c, cause], i) => episode(c, cause, i));

describe('causePareto', () => {
  const list = causes([
    ['insulation_thickness', 'tooling'],
    ['insulation_thickness', 'tooling'],
    ['insulation_thickness', 'tooling'],
    ['conductor_resistance', 'gauge'],
    ['conductor_resistance', 'material'],
    ['insulation_thickness', null],
    ['conductor_resistance', null],
  ]);

  it('counts causes most first, with shares of the episodes that have one and the running total', () => {
    const p = causePareto(list, CATALOGUE);
    expect(p.episodes).toBe(7);
    expect(p.unassigned).toBe(2);
    expect(p.bars.map((b) => [b.cause, b.count])).toEqual([
      ['tooling', 3],
      // A tie: by cause id.
      ['gauge', 1],
      ['material', 1],
    ]);
    expect(p.bars.map((b) => b.share)).toEqual([3 / 5, 1 / 5, 1 / 5]);
    expect(p.bars[0].cumulative).toBeCloseTo(0.6, 12);
    expect(p.bars[1].cumulative).toBeCloseTo(0.8, 12);
    expect(p.bars[2].cumulative).toBe(1);
  });

  it('labels each cause from the catalogue, and one it does not have by its id', () => {
    const p = causePareto([...list, episode('eccentricity', 'retired-cause')], CATALOGUE);
    expect(Object.fromEntries(p.bars.map((b) => [b.cause, b.label]))).toEqual({ tooling: 'Tooling & dies', gauge: 'Gauge', material: 'Material', 'retired-cause': 'retired-cause' });
  });

  it('has no bars, and no NaN, when no episode has a cause', () => {
    const p = causePareto(
      causes([
        ['eccentricity', null],
        ['eccentricity', null],
      ]),
      CATALOGUE,
    );
    expect(p).toEqual({ episodes: 2, unassigned: 2, bars: [] });
    expect(causePareto([], CATALOGUE)).toEqual({ episodes: 0, unassigned: 0, bars: [] });
  });

  it('gives one Pareto per characteristic, most episodes first (ties by name)', () => {
    const per = causesByCharacteristic([...list, episode('eccentricity', 'gauge')], CATALOGUE);
    expect(per.map((c) => [c.characteristic, c.episodes, c.unassigned])).toEqual([
      ['insulation_thickness', 4, 1],
      ['conductor_resistance', 3, 1],
      ['eccentricity', 1, 0],
    ]);
    expect(per[0].bars).toEqual([{ cause: 'tooling', label: 'Tooling & dies', count: 3, share: 1, cumulative: 1 }]);
    expect(per[1].bars.map((b) => [b.cause, b.share, b.cumulative])).toEqual([
      ['gauge', 0.5, 0.5],
      ['material', 0.5, 1],
    ]);
  });

  it("adds enterprises' Paretos up to the Pareto of all their episodes", () => {
    const a = list.slice(0, 4);
    const b = list.slice(4);
    expect(sumParetos([causePareto(a, CATALOGUE), causePareto(b, CATALOGUE)], CATALOGUE)).toEqual(causePareto(list, CATALOGUE));
    expect(sumParetos([], CATALOGUE)).toEqual({ episodes: 0, unassigned: 0, bars: [] });
  });
});
