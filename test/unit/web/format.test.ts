import { describe, expect, it } from 'vitest';
import { formatAxisTimes, formatDate, formatDuration } from '../../../web/lib/format.js';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;

describe('formatDuration', () => {
  it('says a drift\'s hours to a limit in words, not "0.0589 h"', () => {
    expect(formatDuration(0.0589 * H)).toBe('about 4 min');
    expect(formatDuration(2 * H)).toBe('about 2 h');
    expect(formatDuration(3 * DAY)).toBe('about 3 days');
  });

  it('gives seconds exactly and longer spans rounded to one whole unit', () => {
    expect(formatDuration(12 * S)).toBe('12 s');
    expect(formatDuration(12.4 * S)).toBe('12 s');
    expect(formatDuration(59 * S)).toBe('59 s');
    expect(formatDuration(90 * S)).toBe('about 2 min');
    expect(formatDuration(45 * MIN)).toBe('about 45 min');
    expect(formatDuration(5 * H + 20 * MIN)).toBe('about 5 h');
    expect(formatDuration(1 * DAY)).toBe('about 1 day');
    expect(formatDuration(400 * DAY)).toBe('about 400 days');
  });

  it('rounds before it picks the unit, so no "60 s", "60 min" or "24 h"', () => {
    expect(formatDuration(59.6 * S)).toBe('about 1 min');
    expect(formatDuration(59 * MIN + 40 * S)).toBe('about 1 h');
    expect(formatDuration(23 * H + 40 * MIN)).toBe('about 1 day');
  });

  it('tells nothing from less than a second, and has a dash for no value', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(300)).toBe('under 1 s');
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
  });

  it('keeps the sign of a negative span (a clock behind) rather than hiding it', () => {
    expect(formatDuration(-12 * S)).toBe('−12 s');
    expect(formatDuration(-4 * MIN)).toBe('about −4 min');
  });
});

describe('formatAxisTimes', () => {
  /** A local time in seconds, as uPlot gives the splits of a time axis. */
  const at = (y: number, mo: number, d: number, hh: number, mm: number, ss = 0, ms = 0) => new Date(y, mo - 1, d, hh, mm, ss, ms).getTime() / 1000;

  it('writes afternoon ticks in 24-hour time, never am/pm', () => {
    const labels = formatAxisTimes([at(2026, 12, 3, 15, 36, 0), at(2026, 12, 3, 15, 36, 30), at(2026, 12, 3, 15, 37, 0)], 30);
    expect(labels).toEqual(['15:36:00', '15:36:30', '15:37:00']);
    expect(labels.join(' ')).not.toMatch(/am|pm/i);
  });

  it('leaves the seconds off ticks a minute or more apart, and adds tenths below a second', () => {
    expect(formatAxisTimes([at(2026, 12, 3, 9, 5), at(2026, 12, 3, 9, 10)], 300)).toEqual(['09:05', '09:10']);
    expect(formatAxisTimes([at(2026, 12, 3, 13, 0, 1, 200), at(2026, 12, 3, 13, 0, 1, 400)], 0.2)).toEqual(['13:00:01.2', '13:00:01.4']);
  });

  it('puts the date under the first tick and under the first tick of a new day when the axis spans days', () => {
    const labels = formatAxisTimes([at(2026, 12, 3, 22, 0), at(2026, 12, 3, 23, 0), at(2026, 12, 4, 0, 0), at(2026, 12, 4, 1, 0)], 3600);
    expect(labels).toEqual(['22:00\n2026-12-03', '23:00', '00:00\n2026-12-04', '01:00']);
  });

  it('shows the date alone when ticks are days apart', () => {
    expect(formatAxisTimes([at(2026, 1, 30, 0, 0), at(2026, 1, 31, 0, 0), at(2026, 2, 1, 0, 0)], 86_400)).toEqual(['2026-01-30', '2026-01-31', '2026-02-01']);
  });

  it('formats dates as YYYY-MM-DD', () => {
    expect(formatDate(new Date(2026, 0, 5, 23, 59).getTime())).toBe('2026-01-05');
  });
});
