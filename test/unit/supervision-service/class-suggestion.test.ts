import { describe, expect, it } from 'vitest';
import type { LinewatchConfig } from '../../../config/resolve.js';
import type { SeriesDay } from '../../../domain/daily-evidence.js';
import { suggestClass } from '../../../supervision-service/class-suggestion.js';
import { DEFAULT_CLASSIFICATION_OPTIONS } from '../../../supervision/classification-options.js';
import type { SupervisionRecord } from '../../../supervision/records.js';

/**
 * The one function the live service and `linewatch assess` both classify
 * through: it judges as of the last day of evidence (sample time), so a
 * record dated after the data is not yet known, and falls back to the
 * day it is given when there is no evidence.
 */
const config = {
  enterprises: [{ id: 'e1', name: 'E1', class: 'B', lastInspection: '2025-01-01', lines: [{ id: 'L1', product: 'BV' }] }],
  products: [{ id: 'BV', name: 'BV', characteristics: { conductor_resistance: { usl: 12.1 } } }],
} as unknown as Pick<LinewatchConfig, 'enterprises' | 'products'>;

const day = (d: string): SeriesDay => ({ enterprise: 'e1', line: 'L1', characteristic: 'conductor_resistance', day: d, n: 100, mean: 11.7, m2: 0.49, min: 11.5, max: 11.9, outOfSpec: 0 });
const failedCheck = (date: string): SupervisionRecord => ({
  kind: 'spot-check',
  id: `sc-${date}`,
  enterprise: 'e1',
  internal: false,
  published: false,
  date,
  level: 'provincial',
  product: 'BV',
  result: 'fail',
  failedItems: ['conductor_resistance'],
});
const evidence = { seriesDays: [day('2026-03-01'), day('2026-03-02')], enterpriseDays: [] };
const base = { config, enterprise: 'e1', dayWithoutEvidence: '2026-12-01', options: DEFAULT_CLASSIFICATION_OPTIONS };

describe('suggestClass', () => {
  it('judges as of the last day of evidence: a failed check before it gives C naming it, one after it is not yet known', () => {
    const before = suggestClass({ ...base, records: [failedCheck('2026-02-10')], evidence });
    expect(before).toMatchObject({ asOf: '2026-03-02', suggested: 'C' });
    expect(before.conditions.find((c) => c.id === 'c.spot-check-failed')?.records).toEqual(['sc-2026-02-10']);
    const after = suggestClass({ ...base, records: [failedCheck('2026-04-10')], evidence });
    expect(after).toMatchObject({ asOf: '2026-03-02', suggested: 'B' });
  });

  it('judges on the given day without evidence, and then never suggests A', () => {
    const s = suggestClass({ ...base, records: [failedCheck('2026-04-10')], evidence: { seriesDays: [], enterpriseDays: [] } });
    expect(s).toMatchObject({ asOf: '2026-12-01', suggested: 'C' });
    const none = suggestClass({ ...base, records: [], evidence: { seriesDays: [], enterpriseDays: [] } });
    expect(none.suggested).toBe('B');
    expect(none.conditions.find((c) => c.id === 'a.quality')?.status).toBe('unknown');
  });
});
