import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../monitor/alert.js';
import { durationText, needsCause, outOfSpecText, ruleNamesText, rulesText, shiftText } from '../../../web/lib/episodes.js';
import { groupBySeries } from '../../../web/model/alerts-model.js';

const S = 1000;
const MIN = 60 * S;
const T = Date.UTC(2026, 11, 3, 14, 0, 0);

function episode(over: Partial<Alert> = {}): Alert {
  return {
    id: `acme.line-1.insulation_thickness.cusumLarge.${T}`,
    enterprise: 'acme',
    line: 'line-1',
    characteristic: 'insulation_thickness',
    rule: 'cusumLarge',
    rules: [{ rule: 'cusumLarge', count: 1, firstSampleTs: T, lastSampleTs: T }],
    severity: 'high',
    status: 'active',
    firstSampleTs: T,
    lastSampleTs: T,
    count: 1,
    firstValue: 0.66,
    lastValue: 0.66,
    raisedAt: T,
    resolvedSampleTs: null,
    shiftSigma: null,
    outOfSpec: null,
    limitsVersion: 1,
    acknowledged: null,
    resolved: null,
    ...over,
  };
}

describe('how an episode reads', () => {
  it('names every rule in words, with its count, in the order they fired', () => {
    const a = episode({
      rules: [
        { rule: 'cusumLarge', count: 3, firstSampleTs: T, lastSampleTs: T + 3 * S },
        { rule: 'outOfSpec', count: 12, firstSampleTs: T + S, lastSampleTs: T + 2 * S },
        { rule: 'cusumSmall', count: 1, firstSampleTs: T + 4 * S, lastSampleTs: T + 4 * S },
      ],
    });
    expect(rulesText(a)).toBe('large shift (CUSUM) ×3, out of spec ×12, small shift (CUSUM)');
    expect(ruleNamesText(a)).toBe('large shift (CUSUM), out of spec, small shift (CUSUM)');
    expect(ruleNamesText(episode({ rule: 'riskLevel', rules: [] }))).toBe('risk level');
    expect(
      rulesText(
        episode({
          rules: [
            { rule: 'ewma', count: 2, firstSampleTs: T, lastSampleTs: T },
            { rule: 'shewhart', count: 1, firstSampleTs: T, lastSampleTs: T },
          ],
        }),
      ),
    ).toBe('EWMA ×2, Shewhart');
  });

  it('says product out of spec in readings and time: "12 readings, 1.2 s"', () => {
    expect(outOfSpecText({ readings: 12, below: 12, above: 0, stretches: 1, longestMs: 1200, totalMs: 1200 })).toBe('12 readings below the minimum, 1.2 s');
    expect(outOfSpecText({ readings: 1, below: 0, above: 1, stretches: 1, longestMs: 0, totalMs: 0 })).toBe('1 reading above the maximum, 0.0 s');
    expect(outOfSpecText({ readings: 600, below: 600, above: 0, stretches: 1, longestMs: 60_000, totalMs: 60_000, metres: 412.4, firstPositionM: 1020, lastPositionM: 1432.4 })).toBe(
      '600 readings below the minimum, about 1 min, 412 m of cable, at 1,020 m to 1,432 m',
    );
    expect(outOfSpecText({ readings: 41, below: 0, above: 41, stretches: 5, longestMs: 27_000, totalMs: 36_000 })).toBe('41 readings above the maximum, 36 s in 5 stretches, the longest 27 s');
    expect(outOfSpecText({ readings: 300, below: 100, above: 200, stretches: 2, longestMs: 4 * MIN, totalMs: 5 * MIN })).toBe(
      '300 readings (100 below, 200 above), about 5 min in 2 stretches, the longest about 4 min',
    );
    expect(outOfSpecText(null)).toBeNull();
  });

  it('gives the shift in sigma with its sign, and the span of the episode in words', () => {
    expect(shiftText(-2.14)).toBe('shift −2.1σ');
    expect(shiftText(1.96)).toBe('shift +2.0σ');
    expect(shiftText(null)).toBeNull();
    expect(durationText(episode({ lastSampleTs: T + 30 * S }), T + 5 * MIN)).toBe('open for about 5 min');
    expect(durationText(episode({ status: 'resolved', lastSampleTs: T + 2 * MIN, resolvedSampleTs: T + 12 * MIN }), T + 3_600_000)).toBe('lasted about 12 min');
  });

  it('offers a cause only for an episode that resolved by itself without one', () => {
    const auto = { by: 'auto', at: T, comment: 'back in control', cause: null, action: null };
    expect(needsCause(episode({ status: 'resolved', resolved: auto }))).toBe(true);
    expect(needsCause(episode({ status: 'resolved', resolved: { ...auto, by: 'qa', cause: 'tooling', action: 'replaced-tooling' } }))).toBe(false);
    expect(needsCause(episode())).toBe(false);
  });
});

describe('episodes grouped by series', () => {
  it('puts series with an open episode first, the worst first, then by their newest episode; the open one is also in the history', () => {
    const ref = (line: string, characteristic = 'insulation_thickness') => ({ line, characteristic });
    const older = episode({ ...ref('line-1'), id: 'a1', status: 'resolved', raisedAt: T - 3_600_000 });
    const open = episode({ ...ref('line-1'), id: 'a2', severity: 'medium', raisedAt: T });
    const critical = episode({ ...ref('line-2'), id: 'b1', severity: 'critical', status: 'acknowledged', raisedAt: T - 60_000 });
    const quiet = episode({ ...ref('line-3'), id: 'c1', status: 'resolved', raisedAt: T + 60_000 });
    const quieter = episode({ ...ref('line-4'), id: 'd1', status: 'resolved', raisedAt: T - 2 * 3_600_000 });
    const groups = groupBySeries([quiet, open, critical, older, quieter]);
    expect(groups.map((g) => [g.key, g.open?.id ?? null, g.episodes.map((e) => e.id)])).toEqual([
      ['acme/line-2/insulation_thickness', 'b1', ['b1']],
      ['acme/line-1/insulation_thickness', 'a2', ['a2', 'a1']],
      ['acme/line-3/insulation_thickness', null, ['c1']],
      ['acme/line-4/insulation_thickness', null, ['d1']],
    ]);
  });
});
