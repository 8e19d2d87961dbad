import { describe, expect, it } from 'vitest';
import type { RoutinePeriod, RoutineRecord } from '../../../trace/records/trace-records.js';
import { routineCompliance } from '../../../trace/routine/routine-compliance.js';
import { periodsEndingIn } from '../../../trace/routine/routine-period.js';

function report(enterprise: string, period: RoutinePeriod, periodStart: string, signed: boolean): RoutineRecord {
  return {
    id: `${enterprise}-${period}-${periodStart}`,
    enterprise,
    kind: 'trace.routine',
    period,
    periodStart,
    draft: {},
    remarks: '',
    signedBy: signed ? 'zhao.qs' : null,
    signedAs: signed ? 'quality-safety-officer' : null,
    signedAt: signed ? `${periodStart}T20:00:00.000Z` : null,
  };
}

const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `2026-03-${String(from + i).padStart(2, '0')}`);

describe('routine compliance', () => {
  const records = [
    ...days(1, 28).map((d) => report('hengyuan', 'daily', d, true)),
    report('hengyuan', 'daily', '2026-03-29', false),
    ...['2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16'].map((d) => report('hengyuan', 'weekly', d, true)),
    report('other', 'monthly', '2026-03-01', true),
    report('other', 'daily', '2026-03-31', true),
  ];

  it('March seen on 2 April: each day, each week ending in March, the month; signed, unsigned and missing', () => {
    const c = routineCompliance('hengyuan', '2026-03-01', '2026-03-31', '2026-04-02', records);
    expect([c.daily.due, c.daily.signed, c.daily.unsigned, c.daily.missing]).toEqual([31, 28, 1, 2]);
    expect(c.daily.periods.slice(-3)).toEqual([
      { periodStart: '2026-03-29', periodEnd: '2026-03-29', state: 'unsigned', record: 'hengyuan-daily-2026-03-29' },
      { periodStart: '2026-03-30', periodEnd: '2026-03-30', state: 'missing', record: null },
      { periodStart: '2026-03-31', periodEnd: '2026-03-31', state: 'missing', record: null },
    ]);
    // The week of 23 February ends on Sunday 1 March; the week of 30 March ends in April.
    expect(c.weekly.periods.map((p) => [p.periodStart, p.periodEnd, p.state])).toEqual([
      ['2026-02-23', '2026-03-01', 'signed'],
      ['2026-03-02', '2026-03-08', 'signed'],
      ['2026-03-09', '2026-03-15', 'signed'],
      ['2026-03-16', '2026-03-22', 'signed'],
      ['2026-03-23', '2026-03-29', 'missing'],
    ]);
    expect(c.monthly).toEqual({ due: 1, signed: 0, unsigned: 0, missing: 1, periods: [{ periodStart: '2026-03-01', periodEnd: '2026-03-31', state: 'missing', record: null }] });
    expect(routineCompliance('other', '2026-03-01', '2026-03-31', '2026-04-02', records).monthly.signed).toBe(1);
  });

  it('a period not over yet is not due: mid-March, the days before today and the weeks ended', () => {
    const c = routineCompliance('hengyuan', '2026-03-01', '2026-03-31', '2026-03-15', records);
    expect([c.daily.due, c.weekly.due, c.monthly.due]).toEqual([14, 2, 0]);
  });

  it('a signed report of a period wins over an unsigned one of the same period', () => {
    const both = [report('hengyuan', 'monthly', '2026-03-01', false), { ...report('hengyuan', 'monthly', '2026-03-01', true), id: 'signed-one' }];
    expect(routineCompliance('hengyuan', '2026-03-01', '2026-03-31', '2026-04-02', both).monthly.periods[0]).toMatchObject({ state: 'signed', record: 'signed-one' });
  });

  it('periods ending in a range: months across a year end', () => {
    expect(periodsEndingIn('monthly', '2025-11-15', '2026-02-28').map((b) => [b.start, b.end])).toEqual([
      ['2025-11-01', '2025-11-30'],
      ['2025-12-01', '2025-12-31'],
      ['2026-01-01', '2026-01-31'],
      ['2026-02-01', '2026-02-28'],
    ]);
  });
});
