import { describe, expect, it } from 'vitest';
import { PATTERN_TEXT, TIME_PATTERN_SOURCE } from '../../../dashboard/api/schemas.js';
import { parseTime } from '../../../dashboard/api/time-param.js';

const shape = new RegExp(TIME_PATTERN_SOURCE);

describe('time query parameters', () => {
  it('reads milliseconds, a UTC date and ISO date-times with a zone', () => {
    expect(parseTime('from', '1714550400000')).toBe(1714550400000);
    expect(parseTime('from', '0')).toBe(0);
    expect(parseTime('from', '2024-05-01')).toBe(Date.UTC(2024, 4, 1));
    expect(parseTime('from', '2024-05-01T08:00:00Z')).toBe(Date.UTC(2024, 4, 1, 8));
    expect(parseTime('from', '2024-05-01T08:00Z')).toBe(Date.UTC(2024, 4, 1, 8));
    expect(parseTime('from', '2024-05-01T16:00:00.250+08:00')).toBe(Date.UTC(2024, 4, 1, 8, 0, 0, 250));
  });

  it('lets the schema refuse a date-time without a zone, which would depend on the server', () => {
    for (const ok of ['1714550400000', '2024-05-01', '2024-05-01T08:00:00Z', '2024-05-01T08:00:00-05:00']) expect(shape.test(ok), ok).toBe(true);
    for (const bad of ['2024-05-01T08:00:00', 'yesterday', '-5', '1.5', '2024-5-1', '']) expect(shape.test(bad), bad).toBe(false);
    expect(PATTERN_TEXT[TIME_PATTERN_SOURCE]).toMatch(/with a zone/);
  });

  it('refuses a date that does not exist and times the store cannot hold, naming the field', () => {
    for (const text of ['2024-02-30', '2023-02-29T00:00:00Z', '2024-13-01', '2024-05-01T25:00Z', '9999999999999999']) {
      expect(() => parseTime('since', text), text).toThrow(expect.objectContaining({ code: 'LW_HTTP_BAD_REQUEST', field: 'since' }));
    }
    expect(parseTime('to', '2024-02-29')).toBe(Date.UTC(2024, 1, 29));
  });
});
