import { describe, expect, it } from 'vitest';
import { ALERT_RULES, alertId, copyAlert, enterpriseOfAlertId, ruleNames, SEVERITIES, SEVERITY_BY_RULE, severityRank } from '../../../monitor/alert.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';

describe('alert helpers', () => {
  it('rank severities, critical highest', () => {
    expect(SEVERITIES.map(severityRank)).toEqual([3, 2, 1, 0]);
    expect(severityRank('critical')).toBeGreaterThan(severityRank('high'));
  });

  it('grade a large shift high and a small sustained one medium', () => {
    expect(SEVERITY_BY_RULE).toMatchObject({ outOfSpec: 'high', shewhart: 'high', cusumLarge: 'high', cusumSmall: 'medium', ewma: 'medium' });
    expect(new Set(ALERT_RULES)).toEqual(new Set(Object.keys(SEVERITY_BY_RULE)));
  });

  it('build stable ids that name their enterprise first', () => {
    const id = alertId({ enterprise: 'acme', line: 'L1', characteristic: 'wall' }, 'cusumLarge', 1234);
    expect(id).toBe('acme.L1.wall.cusumLarge.1234');
    expect(enterpriseOfAlertId(id)).toBe('acme');
    expect(enterpriseOfAlertId('plain')).toBe('plain');
  });

  it('copy an alert deeply enough that later changes do not reach the copy', () => {
    const book = new EpisodeBook();
    const series = { enterprise: 'acme', line: 'L1', characteristic: 'wall' };
    const { alert } = book.signal(series, 'cusumSmall', 1, 0.8, 1)!;
    const live = book.get(alert.id)!;
    live.outOfSpec = { readings: 1, below: 0, above: 1, stretches: 1, longestMs: 0, totalMs: 0 };
    const copy = copyAlert(live);
    live.rules[0].count = 99;
    live.outOfSpec.readings = 99;
    expect(copy.rules[0].count).toBe(1);
    expect(copy.outOfSpec!.readings).toBe(1);
    expect(ruleNames(copy)).toEqual(['cusumSmall']);
  });
});
