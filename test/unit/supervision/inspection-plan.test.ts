import { describe, expect, it } from 'vitest';
import { inspectionDue, lastInspectionOf } from '../../../supervision/inspection-plan.js';

describe('inspectionDue', () => {
  it('adds the class interval to the last inspection: A a year, B half a year, C a quarter', () => {
    expect(inspectionDue('A', '2026-01-15', '2020-01-01', '2026-02-01').due).toBe('2027-01-15');
    expect(inspectionDue('B', '2026-01-15', '2020-01-01', '2026-02-01').due).toBe('2026-07-15');
    expect(inspectionDue('C', '2026-01-15', '2020-01-01', '2026-02-01').due).toBe('2026-04-15');
  });
  it('keeps to the month end when the month is short', () => {
    expect(inspectionDue('B', '2025-08-31', '2020-01-01', '2025-09-01').due).toBe('2026-02-28');
  });
  it('says how many days overdue', () => {
    expect(inspectionDue('C', '2026-01-15', '2020-01-01', '2026-04-25')).toEqual({ due: '2026-04-15', daysOverdue: 10, overdue: true });
    expect(inspectionDue('C', '2026-01-15', '2020-01-01', '2026-04-15')).toEqual({ due: '2026-04-15', daysOverdue: 0, overdue: false });
  });
  it('is due from registration when never inspected, and takes configured intervals', () => {
    expect(inspectionDue('A', null, '2026-02-01', '2026-02-11')).toEqual({ due: '2026-02-01', daysOverdue: 10, overdue: true });
    expect(inspectionDue('A', '2026-01-01', '2020-01-01', '2026-01-02', { A: 24, B: 12, C: 1 }).due).toBe('2028-01-01');
  });
});

describe('lastInspectionOf', () => {
  it('finds the latest day', () => {
    expect(lastInspectionOf(['2025-03-01', '2026-01-02', '2025-12-31'])).toBe('2026-01-02');
    expect(lastInspectionOf([])).toBeNull();
  });
});
