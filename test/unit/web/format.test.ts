import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../../web/lib/format.js';

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
