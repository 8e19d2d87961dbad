/**
 * The capability trend of the monthly report against Ppk computed
 * independently from the fixture's planned readings (simple-statistics), on
 * a real embedded store: one point per month from the series' first month
 * with data, the last one equal to the month's own Ppk.
 */
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMonthlyReport } from '../../../report/monthly-report.js';
import { monthsEnding } from '../../../report/month.js';
import type { CharacteristicMonth, MonthlyReport } from '../../../report/report-types.js';
import { DEC, FEB, filledStore, JAN, NOW, reportConfig, type FilledStore } from './report-fixture.js';

let fx: FilledStore;
let jan: MonthlyReport;
let feb: MonthlyReport;
const config = reportConfig('/unused');

beforeAll(async () => {
  fx = await filledStore();
  jan = await buildMonthlyReport({ config, store: fx.store, month: JAN.month, now: NOW });
  feb = await buildMonthlyReport({ config, store: fx.store, month: FEB.month, now: NOW });
});
afterAll(() => fx.close());

function row(report: MonthlyReport, enterprise: string, line: string, characteristic: string): CharacteristicMonth {
  const r = report.enterprises.find((e) => e.id === enterprise)?.characteristics.find((c) => c.line === line && c.characteristic === characteristic);
  if (!r) throw new Error(`no row ${enterprise}/${line}/${characteristic}`);
  return r;
}

/** Ppk against a lower limit only, from the stored readings of the period. */
function ppkLower(enterprise: string, line: string, characteristic: string, period: { from: number; to: number }, lsl: number): { n: number; ppk: number } {
  const v = fx.measurements.filter((m) => m.enterprise === enterprise && m.line === line && m.characteristic === characteristic && m.ts >= period.from && m.ts < period.to).map((m) => m.value);
  return { n: v.length, ppk: (mean(v) - lsl) / (3 * sampleStandardDeviation(v)) };
}

describe('the capability trend', () => {
  it('has a point per month from the first with data, each the Ppk of that month against the product limits', () => {
    const r = row(jan, 'acme', 'L1', 'insulation_thickness');
    expect(r.trend.map((p) => p.month)).toEqual(['2025-12', '2026-01']);
    const dec = ppkLower('acme', 'L1', 'insulation_thickness', DEC, 0.53);
    const janPpk = ppkLower('acme', 'L1', 'insulation_thickness', JAN, 0.53);
    expect(r.trend[0].n).toBe(dec.n);
    expect(r.trend[0].ppk).toBeCloseTo(dec.ppk, 6);
    expect(r.trend[1].n).toBe(janPpk.n);
    expect(r.trend[1].ppk).toBeCloseTo(janPpk.ppk, 6);
  });

  it('ends on the month of the table and agrees with its Ppk and the previous month', () => {
    for (const e of jan.enterprises) {
      for (const c of e.characteristics) {
        if (c.trend.length === 0) {
          expect(c.n).toBe(0);
          continue;
        }
        const last = c.trend[c.trend.length - 1];
        expect(last.month).toBe('2026-01');
        expect(last.n).toBe(c.n);
        expect(last.ppk).toBe(c.ppk);
        if (c.trend.length > 1) expect(c.trend[c.trend.length - 2].ppk).toBe(c.previous.ppk);
      }
    }
  });

  it('covers a month under way up to the time of the report', () => {
    const r = row(feb, 'acme', 'L1', 'insulation_thickness');
    expect(r.trend.map((p) => p.month)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(r.trend[2].n).toBe(ppkLower('acme', 'L1', 'insulation_thickness', { from: FEB.from, to: NOW }, 0.53).n);
  });

  it('shows a month without data inside the window as a point without a Ppk', () => {
    // beta's resistance has January only; acme's L2 diameter none at all; in February acme's L2 thickness stopped.
    expect(row(jan, 'beta', 'L1', 'conductor_resistance').trend.map((p) => p.month)).toEqual(['2026-01']);
    expect(row(jan, 'acme', 'L2', 'conductor_diameter').trend).toEqual([]);
    const stopped = row(feb, 'acme', 'L2', 'insulation_thickness').trend;
    expect(stopped.map((p) => p.month)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(stopped[2]).toEqual({ month: '2026-02', n: 0, ppk: null });
  });

  it('gives a series the configuration does not list its counts and no Ppk', () => {
    const r = row(jan, 'acme', 'L9', 'conductor_diameter');
    expect(r.trend).toHaveLength(1);
    expect(r.trend[0].n).toBeGreaterThan(0);
    expect(r.trend[0].ppk).toBeNull();
  });
});

describe('the months of the trend', () => {
  it('are the twelve up to the report month, oldest first, none before 1970', () => {
    const months = monthsEnding(jan.period, 12).map((p) => p.month);
    expect(months).toHaveLength(12);
    expect(months[0]).toBe('2025-02');
    expect(months[11]).toBe('2026-01');
    const early = monthsEnding({ month: '1970-03', from: Date.UTC(1970, 2, 1), to: Date.UTC(1970, 3, 1), days: 31 }, 12).map((p) => p.month);
    expect(early).toEqual(['1970-01', '1970-02', '1970-03']);
  });
});
