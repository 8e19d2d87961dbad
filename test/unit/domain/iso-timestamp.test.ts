import { describe, expect, it } from 'vitest';
import { parseTimestamp, parseTimestampBytes } from '../../../domain/iso-timestamp.js';
import { SeededRandom } from '../../../simulators/random.js';

/** Both entry points, which must always agree. */
function parseBoth(text: string): number | string {
  const fromText = parseTimestamp(text);
  // Embedded in a larger buffer, as a CSV field is.
  const buf = Buffer.from(`xx,${text},yy`);
  const fromBytes = parseTimestampBytes(buf, 3, buf.length - 3);
  expect(fromBytes).toEqual(fromText);
  return fromText;
}

describe('parseTimestamp: the common form agrees with Date.parse', () => {
  it('on 20,000 random instants from year 0 to 9999, with 0 to 9 fraction digits', () => {
    const rng = new SeededRandom(7);
    const lo = Date.parse('0000-01-01T00:00:00Z'); // Date.UTC would take year 0 as 1900
    const hi = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    for (let i = 0; i < 20_000; i++) {
      // Half anywhere, half near now, where real data is.
      const ms = i % 2 === 0 ? Math.floor(lo + rng.uniform() * (hi - lo)) : Math.floor(Date.UTC(2020, 0, 1) + rng.uniform() * 20 * 365.25 * 86_400_000);
      const iso = new Date(ms).toISOString();
      if (!/^\d{4}-/.test(iso)) continue; // before year 0: toISOString writes an extended year
      const digits = i % 10;
      const extra = String(Math.floor(rng.uniform() * 1e9)).padStart(9, '0');
      const text = digits === 0 ? `${iso.slice(0, 19)}Z` : `${iso.slice(0, 19)}.${(iso.slice(20, 23) + extra).slice(0, digits)}Z`;
      expect(parseBoth(text), text).toBe(Date.parse(text));
    }
  });

  it('at the edges: leap days, month ends, midnight, the epoch, before it', () => {
    for (const text of [
      '1970-01-01T00:00:00Z',
      '1969-12-31T23:59:59.999Z',
      '2024-02-29T12:00:00Z',
      '2000-02-29T00:00:00.5Z',
      '2026-12-31T23:59:59.999Z',
      '2026-04-30T23:59:59Z',
      '1600-03-01T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999999999Z',
    ]) {
      expect(parseBoth(text), text).toBe(Date.parse(text));
    }
  });
});

describe('parseTimestamp: a stream of readings', () => {
  it('reads consecutive readings that share their minute, and a bad one among them', () => {
    const base = Date.UTC(2026, 5, 30, 23, 59);
    for (let ms = 0; ms < 61_000; ms += 100) {
      const text = new Date(base + ms).toISOString();
      expect(parseBoth(text)).toBe(base + ms);
      if (ms % 7_000 === 0) expect(parseBoth(`${text.slice(0, 17)}6${text.slice(18)}`)).toBe('invalid timestamp'); // second 6x
    }
  });

  it('refuses a character that is no digit in any digit position', () => {
    const good = '2026-01-01T00:00:00.000Z';
    for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22]) {
      for (const bad of ['x', '/', ':', ' ']) {
        parseBoth(good); // the minute before is cached: the bad one must not pass on it
        const text = good.slice(0, i) + bad + good.slice(i + 1);
        expect(parseBoth(text), text).toBe('invalid timestamp');
      }
    }
  });
});

describe('parseTimestamp: other ISO 8601 forms go to Date.parse', () => {
  it.each([
    '2026-01-01T08:00:00+08:00',
    '2026-01-01T08:00:00.250-0530',
    '2026-01-01 00:00:00Z',
    '2026-01-01t00:00:00z',
    '2026-01-01T00:00Z',
    '2026-01-01T00:00:00.1234567890123Z',
    '+012026-01-01T00:00:00Z',
    '2026-01-01T24:00:00Z',
    '2026-06-01',
  ])('%s', (text) => {
    expect(parseBoth(text)).toBe(Date.parse(text));
  });

  it('takes surrounding spaces', () => {
    expect(parseBoth(' 2026-01-01T00:00:00Z ')).toBe(Date.UTC(2026, 0, 1));
  });
});

describe('parseTimestamp: what is refused', () => {
  it.each([
    ['2026-01-01T00:00:00', 'timestamp without a time zone'],
    ['2026-01-01 08:30', 'timestamp without a time zone'],
    ['2026-02-29T00:00:00Z', 'invalid timestamp'], // Date.parse: 1 March
    ['2026-02-30T00:00:00+01:00', 'invalid timestamp'],
    ['2026-04-31T00:00:00Z', 'invalid timestamp'],
    ['2026-13-01T00:00:00Z', 'invalid timestamp'],
    ['2026-00-10T00:00:00Z', 'invalid timestamp'],
    ['2026-01-00T00:00:00Z', 'invalid timestamp'],
    ['2026-01-01T25:00:00Z', 'invalid timestamp'],
    ['2026-01-01T23:60:00Z', 'invalid timestamp'],
    ['2026-01-01T23:59:60Z', 'invalid timestamp'],
    ['2026-01-01T00:00:00.Z', 'invalid timestamp'],
    ['2026-01-01T00:00:00.1x3Z', 'invalid timestamp'],
    ['2026-1-01T00:00:00Z', 'invalid timestamp'],
    ['1', 'invalid timestamp'], // Date.parse: 2001-01-01
    ['1767225600000', 'invalid timestamp'],
    ['Jan 1 2026 00:00:00 GMT', 'invalid timestamp'],
    ['', 'invalid timestamp'],
    ['yesterday', 'invalid timestamp'],
  ])('%s: %s', (text, reason) => {
    expect(parseBoth(text)).toBe(reason);
  });
});
