import { describe, expect, it } from 'vitest';
import { classify } from '../../../supervision/classification.js';
import { classificationOptions } from '../../../supervision/classification-options.js';
import type { SupervisionRecord } from '../../../supervision/records.js';
import { AS_OF, ENTERPRISE, goodDays, goodRecords, seriesDay, SPECS } from './register-fixture.js';

const base = { enterprise: ENTERPRISE, internal: false, published: false };

function run(records: SupervisionRecord[], days = goodDays()) {
  return classify({ enterprise: ENTERPRISE, asOf: AS_OF, records, specs: SPECS, ...days });
}
const byId = (s: ReturnType<typeof run>, id: string) => s.conditions.find((c) => c.id === id)!;

describe('classify', () => {
  it('suggests A when every A condition holds, listing every condition met', () => {
    const s = run(goodRecords());
    expect(s.suggested).toBe('A');
    expect(s.conditions.map((c) => c.id)).toEqual([
      'c.tax',
      'c.spot-check-failed',
      'c.spot-check-refused',
      'c.penalty',
      'c.exposure',
      'c.calibration',
      'c.safety',
      'a.tax',
      'a.quality-responsibility',
      'a.qms',
      'a.licence',
      'a.calibration',
      'a.safety',
      'a.environmental',
      'a.quality',
    ]);
    for (const c of s.conditions) expect(c.status, `${c.id}: ${c.evidence}`).toBe('met');
    expect(byId(s, 'a.quality').evidence).toMatch(/conductor_resistance Ppk 2\.4\d, lower bound 2\.1\d over 90 days/);
  });

  const cCases: [string, string, SupervisionRecord, (r: SupervisionRecord[]) => SupervisionRecord[]][] = [
    ['c.tax', 'tax-2026', { ...base, kind: 'tax', id: 'tax-2026', year: 2026, amountCny: 60_000, band: null }, (r) => r],
    [
      'c.spot-check-failed',
      'sc-1',
      { ...base, kind: 'spot-check', id: 'sc-1', date: '2024-05-01', level: 'provincial', product: 'BV 1.5', result: 'fail', failedItems: ['conductor resistance'] },
      (r) => r,
    ],
    ['c.spot-check-refused', 'ref-1', { ...base, kind: 'refusal', id: 'ref-1', date: '2025-09-01', level: 'county', note: 'gate closed' }, (r) => r],
    ['c.penalty', 'pen-1', { ...base, kind: 'penalty', id: 'pen-1', date: '2025-02-01', decisionNumber: 'SJ-2025-7', reason: 'undersized conductor', qualityRelated: true }, (r) => r],
    ['c.exposure', 'exp-1', { ...base, kind: 'exposure', id: 'exp-1', date: '2026-01-05', source: 'media', verified: true, summary: 'thin insulation' }, (r) => r],
    ['c.safety', 'st-s2', { ...base, kind: 'status', id: 'st-s2', date: '2026-02-01', inspector: 'li', aspect: 'safety', value: 'poor', note: '' }, (r) => r],
    // A lapsed gauge that kept measuring.
    [
      'c.calibration',
      'cal-r',
      {
        ...base,
        kind: 'calibration',
        id: 'cal-r',
        instrument: 'g-r',
        line: 'L1',
        characteristic: 'conductor_resistance',
        validFrom: '2025-06-01',
        validUntil: '2026-02-15',
        certificateNumber: 'C-R-1',
      },
      (r) => r.filter((x) => x.id !== 'cal-r'),
    ],
  ];
  for (const [id, recordId, record, without] of cCases) {
    it(`${id} alone gives C, naming record ${recordId}`, () => {
      const s = run([...without(goodRecords()), record]);
      expect(s.suggested).toBe('C');
      const failed = s.conditions.filter((c) => c.class === 'C' && c.status === 'failed');
      expect(failed.map((c) => c.id)).toEqual([id]);
      expect(failed[0].records).toContain(recordId);
      expect(failed[0].evidence).toContain(recordId);
      expect(s.summary).toContain(recordId);
    });
  }

  it('does not give C for what the standard does not name', () => {
    const s = run([
      ...goodRecords(),
      { ...base, kind: 'spot-check', id: 'sc-county', date: '2025-05-01', level: 'county', product: 'BV', result: 'fail', failedItems: ['marking'] },
      { ...base, kind: 'spot-check', id: 'sc-old', date: '2023-03-30', level: 'national', product: 'BV', result: 'fail', failedItems: ['resistance'] },
      { ...base, kind: 'penalty', id: 'pen-fire', date: '2025-05-01', decisionNumber: 'X-1', reason: 'fire exits', qualityRelated: false },
      { ...base, kind: 'exposure', id: 'exp-unverified', date: '2026-01-05', source: 'complaint', verified: false, summary: 'rumour' },
      { ...base, kind: 'spot-check', id: 'sc-future', date: '2026-04-02', level: 'national', product: 'BV', result: 'fail', failedItems: ['resistance'] },
    ]);
    expect(s.suggested).toBe('A');
  });

  it('ignores records of other enterprises', () => {
    const s = run([...goodRecords(), { ...base, enterprise: 'e2', kind: 'refusal', id: 'r-e2', date: '2026-01-01', level: 'city', note: '' }]);
    expect(s.suggested).toBe('A');
  });

  it('suggests B when an A condition is unknown: no tax record', () => {
    const s = run(goodRecords().filter((r) => r.kind !== 'tax'));
    expect(s.suggested).toBe('B');
    expect(byId(s, 'a.tax').status).toBe('unknown');
    expect(byId(s, 'c.tax').status).toBe('unknown');
    expect(s.summary).toMatch(/a\.tax unknown/);
  });

  it('reads a tax band when the amount is confidential', () => {
    const records = goodRecords().map((r) => (r.kind === 'tax' ? { ...r, amountCny: null, band: '100k-to-1m' as const } : r));
    const s = run(records);
    expect(s.suggested).toBe('B');
    expect(byId(s, 'a.tax').status).toBe('failed');
    expect(byId(s, 'c.tax').status).toBe('met');
  });

  it('needs a running QMS as well as its certificate', () => {
    const records = goodRecords().map((r) => (r.id === 'st-m' ? { ...r, value: 'not-running' as const } : r));
    expect(byId(run(records), 'a.qms').status).toBe('failed');
    expect(byId(run(goodRecords().filter((r) => r.id !== 'st-m')), 'a.qms').status).toBe('unknown');
    expect(byId(run(goodRecords().filter((r) => r.id !== 'qms-1')), 'a.qms').status).toBe('failed');
  });

  describe('a.quality, from the days of sample time', () => {
    it('is unknown with fewer than the minimum days of data', () => {
      const s = run(goodRecords(), goodDays(20));
      expect(byId(s, 'a.quality').status).toBe('unknown');
      expect(byId(s, 'a.quality').evidence).toMatch(/only 20 days with data/);
      expect(s.suggested).toBe('B');
    });
    it('fails on a day of sustained high risk', () => {
      const days = goodDays();
      days.enterpriseDays[40] = { ...days.enterpriseDays[40], highRiskMinutes: 240 };
      const q = byId(run(goodRecords(), days), 'a.quality');
      expect(q.status).toBe('failed');
      expect(q.evidence).toMatch(/1 day\(s\) with more than 60 min at high risk/);
    });
    it('fails on an out-of-spec reading', () => {
      const days = goodDays();
      days.seriesDays[10] = { ...days.seriesDays[10], outOfSpec: 2 };
      expect(byId(run(goodRecords(), days), 'a.quality').status).toBe('failed');
    });
    it('fails when the lower bound of Ppk is under 1.33 though the estimate is above', () => {
      // USL 12.1, mean 11.5, sd 0.13: Ppk 1.54; over 45 days the bound is about 1.27.
      const days = goodDays(45);
      days.seriesDays = days.seriesDays.map((d) => (d.characteristic === 'conductor_resistance' ? seriesDay(d.day, d.characteristic, 11.5, 0.13) : d));
      const s = run(goodRecords(), days);
      const cap = s.capability.find((c) => c.characteristic === 'conductor_resistance')!;
      expect(cap.ppk).toBeGreaterThan(1.33);
      expect(cap.ppkLower).toBeLessThan(1.33);
      expect(byId(s, 'a.quality').status).toBe('failed');
      // The same process over a quarter is proven capable.
      const quarter = goodDays(90);
      quarter.seriesDays = quarter.seriesDays.map((d) => (d.characteristic === 'conductor_resistance' ? seriesDay(d.day, d.characteristic, 11.5, 0.13) : d));
      expect(run(goodRecords(), quarter).capability.find((c) => c.characteristic === 'conductor_resistance')!.status).toBe('met');
    });
    it('counts day-to-day shifts against Ppk (overall, not within-day, spread)', () => {
      const days = goodDays();
      days.seriesDays = days.seriesDays.map((d, i) => (d.characteristic === 'conductor_resistance' ? seriesDay(d.day, d.characteristic, i % 4 === 0 ? 11.6 : 10.8, 0.05) : d));
      const cap = run(goodRecords(), days).capability.find((c) => c.characteristic === 'conductor_resistance')!;
      expect(cap.sd).toBeGreaterThan(0.3);
      expect(cap.status).toBe('failed');
    });
    it('is unknown without spec limits for a safety-critical series', () => {
      const s = classify({ enterprise: ENTERPRISE, asOf: AS_OF, records: goodRecords(), specs: [SPECS[1]], ...goodDays() });
      expect(byId(s, 'a.quality').status).toBe('unknown');
      expect(byId(s, 'a.quality').evidence).toMatch(/no spec limits given/);
    });
    it('does not count days measured by a lapsed gauge, and a renewed gauge gives no C', () => {
      const records = goodRecords().filter((r) => r.id !== 'cal-r');
      records.push(
        {
          ...base,
          kind: 'calibration',
          id: 'cal-r1',
          instrument: 'g-r',
          line: 'L1',
          characteristic: 'conductor_resistance',
          validFrom: '2025-03-01',
          validUntil: '2026-02-28',
          certificateNumber: 'C-R-1',
        },
        {
          ...base,
          kind: 'calibration',
          id: 'cal-r2',
          instrument: 'g-r',
          line: 'L1',
          characteristic: 'conductor_resistance',
          validFrom: '2026-03-11',
          validUntil: '2027-03-10',
          certificateNumber: 'C-R-2',
        },
      );
      const s = run(records);
      expect(s.excludedDays).toBe(10); // 1-10 March
      expect(byId(s, 'c.calibration').status).toBe('met');
      expect(s.capability.find((c) => c.characteristic === 'conductor_resistance')!.days).toBe(80);
      expect(s.suggested).toBe('A');
    });
    it('leaves A when the lapsed days leave too little evidence', () => {
      const records = goodRecords().filter((r) => r.id !== 'cal-r');
      records.push({
        ...base,
        kind: 'calibration',
        id: 'cal-r2',
        instrument: 'g-r',
        line: 'L1',
        characteristic: 'conductor_resistance',
        validFrom: '2026-03-11',
        validUntil: '2027-03-10',
        certificateNumber: 'C-R-2',
      });
      const s = run(records);
      expect(s.capability.find((c) => c.characteristic === 'conductor_resistance')!.status).toBe('unknown');
      expect(s.suggested).toBe('B');
    });
  });

  it('flags a lapsed gauge whose series stopped before the lapse, without C', () => {
    const records = goodRecords().map((r) => (r.id === 'cal-i' ? { ...r, validUntil: '2026-03-15' } : r));
    const days = goodDays();
    days.seriesDays = days.seriesDays.filter((d) => d.characteristic !== 'insulation_thickness' || d.day <= '2026-03-10');
    const s = run(records, days);
    expect(byId(s, 'c.calibration')).toMatchObject({ status: 'met', evidence: expect.stringMatching(/gauge g-i .* lapsed, its series silent since/) });
    expect(byId(s, 'a.calibration')).toMatchObject({ status: 'failed', records: ['cal-i'] });
    expect(s.suggested).toBe('B');
  });

  it('gives C for a lapsed gauge only by the days measured since its lapse', () => {
    const records = goodRecords().map((r) => (r.id === 'cal-i' ? { ...r, validFrom: '2026-01-20', validUntil: '2026-03-15' } : r));
    const days = goodDays();
    // Measured before its first certificate (January), and silent since the lapse.
    days.seriesDays = days.seriesDays.filter((d) => d.characteristic !== 'insulation_thickness' || d.day <= '2026-03-10');
    expect(byId(run(records, days), 'c.calibration').status).toBe('met');
    // Measured after the lapse too.
    const c = byId(run(records), 'c.calibration');
    expect(c).toMatchObject({ status: 'failed', records: ['cal-i'], evidence: expect.stringMatching(/measured on 16 day\(s\) since, last 2026-03-31/) });
  });

  it('presumes a lapsed registered gauge in service when no data shows it stopped', () => {
    const records = goodRecords().map((r) => (r.id === 'cal-i' ? { ...r, validUntil: '2026-01-31' } : r));
    const s = classify({ enterprise: ENTERPRISE, asOf: AS_OF, records });
    expect(s.suggested).toBe('C');
    expect(byId(s, 'c.calibration').records).toEqual(['cal-i']);
  });

  it('takes its numbers from the options', () => {
    const options = classificationOptions({ qualityMinDays: 10, qualityHorizonDays: 20 });
    const s = classify({ enterprise: ENTERPRISE, asOf: AS_OF, records: goodRecords(), specs: SPECS, ...goodDays(20) }, options);
    expect(s.suggested).toBe('A');
    expect(() => classificationOptions({ minPpk: -1 })).toThrow(/classification\.minPpk: expected a number > 0/);
    expect(() => classificationOptions({ qualityMinDays: 100 })).toThrow(/qualityMinDays/);
  });

  it('refuses an asOf that is not a day', () => {
    expect(() => classify({ enterprise: ENTERPRISE, asOf: '2026-13-01', records: [] })).toThrow(/asOf must be a day/);
  });
});
