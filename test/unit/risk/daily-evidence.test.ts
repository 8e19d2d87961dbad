import { describe, expect, it } from 'vitest';
import { mergeSeriesDays, type SeriesDay } from '../../../domain/daily-evidence.js';
import { EnterpriseDays } from '../../../risk/enterprise-days.js';
import { SeriesDays } from '../../../risk/series-days.js';
import { SeededRandom } from '../../../simulators/random.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 1); // 2026-03-01 00:00 UTC

/** Mean and sum of squared deviations computed directly, two passes. */
function direct(xs: number[]): { n: number; mean: number; m2: number; min: number; max: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { n: xs.length, mean, m2: xs.reduce((a, x) => a + (x - mean) ** 2, 0), min: Math.min(...xs), max: Math.max(...xs) };
}

describe('a series day by day in sample time', () => {
  // Three days of readings every 20 s (from 23:00 the day before the first), with a level far from 0
  // (Welford must not lose digits) and a few beyond a 0.53 minimum.
  const rng = new SeededRandom(7);
  const readings: Array<{ ts: number; x: number }> = [];
  for (let ts = T0 - HOUR; ts < T0 + 3 * DAY; ts += 20_000) readings.push({ ts, x: 1000.74 + 0.02 * rng.normal() - (rng.uniform() < 0.01 ? 1000.3 : 1000) });
  const lsl = 0.53;

  function fill(maxDays = 400): SeriesDays {
    const days = new SeriesDays('acme', 'L1', 'insulation_thickness', maxDays);
    for (const r of readings) days.push(r.ts, r.x, r.x < lsl);
    return days;
  }

  it('keeps per UTC day the Welford mean, M2, min and max of a direct computation, and counts readings beyond the spec', () => {
    const days = fill().days('2026-01-01', '2026-12-31');
    expect(days.map((d) => d.day)).toEqual(['2026-02-28', '2026-03-01', '2026-03-02', '2026-03-03']);
    for (const d of days) {
      const start = Date.parse(`${d.day}T00:00:00Z`);
      const xs = readings.filter((r) => r.ts >= start && r.ts < start + DAY).map((r) => r.x);
      const want = direct(xs);
      expect(d.n).toBe(want.n);
      expect(d.mean).toBeCloseTo(want.mean, 12);
      expect(d.m2 / want.m2).toBeCloseTo(1, 10);
      expect([d.min, d.max]).toEqual([want.min, want.max]);
      expect(d.outOfSpec).toBe(xs.filter((x) => x < lsl).length);
      expect(d).toMatchObject({ enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness' });
    }
    expect(days[0].n).toBe(180); // the last hour of 28 February
    expect(days.reduce((a, d) => a + d.outOfSpec, 0)).toBeGreaterThan(0);
  });

  it('merges its days into what a direct computation over the whole span gives', () => {
    const merged = fill()
      .days('2026-01-01', '2026-12-31')
      .reduce((a, b) => ({ ...b, ...mergeSeriesDays(a, b) }) as SeriesDay);
    const want = direct(readings.map((r) => r.x));
    expect(merged.n).toBe(want.n);
    expect(merged.mean).toBeCloseTo(want.mean, 12);
    expect(merged.m2 / want.m2).toBeCloseTo(1, 10);
  });

  it('returns the days asked for, the day under way included, and keeps only the newest maxDays', () => {
    const all = fill();
    expect(all.days('2026-03-01', '2026-03-02').map((d) => d.day)).toEqual(['2026-03-01', '2026-03-02']);
    expect(all.days('2026-03-03', '2026-03-03')[0]).toEqual(all.current());
    expect(
      fill(2)
        .days('2026-01-01', '2026-12-31')
        .map((d) => d.day),
    ).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
  });

  it('rolls over at UTC midnight exactly', () => {
    const d = new SeriesDays('acme', 'L1', 'conductor_resistance', 10);
    d.push(T0 - 1, 1, false);
    d.push(T0, 2, true);
    d.push(T0 + DAY - 1, 4, false);
    expect(d.days('2026-02-28', '2026-03-31').map((x) => [x.day, x.n, x.mean, x.outOfSpec])).toEqual([
      ['2026-02-28', 1, 1, 0],
      ['2026-03-01', 2, 3, 1],
    ]);
  });

  it('leaves out a reading older than the day under way, and says so', () => {
    const d = new SeriesDays('acme', 'L1', 'conductor_resistance', 10);
    d.push(T0 + HOUR, 1, false);
    d.push(T0 - HOUR, 100, false);
    expect(d.late).toBe(1);
    expect(d.current()).toMatchObject({ n: 1, mean: 1 });
  });

  it('comes back from its snapshot and goes on as if never stopped', () => {
    const half = readings.findIndex((r) => r.ts >= T0 + DAY + 5 * HOUR);
    const a = new SeriesDays('acme', 'L1', 'insulation_thickness', 400);
    for (const r of readings.slice(0, half)) a.push(r.ts, r.x, r.x < lsl);
    const b = new SeriesDays('acme', 'L1', 'insulation_thickness', 400);
    b.restore(JSON.parse(JSON.stringify(a.snapshot())));
    for (const r of readings.slice(half)) b.push(r.ts, r.x, r.x < lsl);
    expect(b.days('2026-01-01', '2026-12-31')).toEqual(fill().days('2026-01-01', '2026-12-31'));
  });
});

describe("an enterprise's risk day by day in sample time", () => {
  it('counts the minutes of sample time at high or critical, split at UTC midnight, and the highest score of each day', () => {
    const e = new EnterpriseDays('acme', 400, HOUR);
    // Assessed every minute from 23:00: low until 23:30, high from then until 00:30, medium after.
    for (let m = 0; m <= 120; m++) {
      const ts = T0 - HOUR + m * MIN;
      const high = m > 30 && m <= 90;
      e.advance(ts, high ? 60 + m / 10 : m > 90 ? 30 : 10, high ? 'high' : m > 90 ? 'medium' : 'low');
    }
    const days = e.days('2026-01-01', '2026-12-31');
    expect(days.map((d) => d.day)).toEqual(['2026-02-28', '2026-03-01']);
    expect(days[0].highRiskMinutes).toBeCloseTo(30, 9);
    expect(days[1].highRiskMinutes).toBeCloseTo(30, 9);
    expect(days[0].maxScore).toBeCloseTo(60 + 59 / 10, 9); // 23:59, the last assessment of the day
    expect(days[1].maxScore).toBeCloseTo(60 + 90 / 10, 9);
  });

  it('counts a gap in production for at most its span limit, and nothing for an assessment not later than the last', () => {
    const e = new EnterpriseDays('acme', 400, HOUR);
    e.advance(T0, 80, 'critical');
    e.advance(T0 + 10 * HOUR, 80, 'critical'); // ten hours without readings: only the last hour counts
    e.advance(T0 + 10 * HOUR, 80, 'critical');
    e.advance(T0 + 9 * HOUR, 80, 'critical');
    expect(e.days('2026-03-01', '2026-03-01')[0].highRiskMinutes).toBeCloseTo(60, 9);
  });

  it('comes back from its snapshot', () => {
    const e = new EnterpriseDays('acme', 400, HOUR);
    e.advance(T0, 55, 'high');
    e.advance(T0 + 10 * MIN, 55, 'high');
    const f = new EnterpriseDays('acme', 400, HOUR);
    f.restore(JSON.parse(JSON.stringify(e.snapshot())));
    f.advance(T0 + 20 * MIN, 55, 'high');
    expect(f.days('2026-03-01', '2026-03-01')[0].highRiskMinutes).toBeCloseTo(20, 9);
  });
});
