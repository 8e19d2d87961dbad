import { describe, expect, it } from 'vitest';
import { addDays, addMonths, daysBetween, isCalendarDay, yearOf } from '../../../supervision/calendar-day.js';

describe('calendar days', () => {
  it('accepts only days that exist', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2025-02-29')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('2026-1-01')).toBe(false);
    expect(isCalendarDay('2026-01-01T00:00:00Z')).toBe(false);
  });
  it('adds days and months across month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2026-03-31', -36)).toBe('2023-03-31');
    expect(daysBetween('2026-01-01', '2026-03-31')).toBe(89);
    expect(yearOf('2026-03-31')).toBe(2026);
  });
  it('refuses a malformed day with its text', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow("not a calendar day (YYYY-MM-DD): '2026-02-30'");
  });
});
