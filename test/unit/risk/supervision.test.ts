import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_OPTIONS, resolveRiskOptions } from '../../../risk/options.js';
import { classOfScore, initialClassState, nextClassState, nextInspection, startingScore, type ClassState } from '../../../risk/supervision.js';
import { scoreEnterprise } from '../../../risk/enterprise-score.js';
import type { SeriesAssessment } from '../../../risk/series-assessment.js';

// No smoothing (a half-life of 1 ms and assessments an hour of sample time apart) and no sustain, to test the boundaries alone.
const raw = resolveRiskOptions({ classHalfLifeMs: 1, classSustainMs: 0 });
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 0, 5);

/** The suggested class after each score, assessed an hour of sample time apart; the first assessment only starts the state. */
function run(scores: number[], registered: 'A' | 'B' | 'C' = 'A', options = raw): string[] {
  let state: ClassState | null = initialClassState(registered, T0, options);
  return scores.map((s, i) => (state = nextClassState(state, registered, s, T0 + (i + 1) * HOUR, options)).suggested);
}

describe('suggested class with hysteresis', () => {
  it('moves A -> B only past the boundary plus the margin (25 + 5)', () => {
    expect(run([10, 29.9, 29.9])).toEqual(['A', 'A', 'A']);
    expect(run([10, 30, 30])).toEqual(['A', 'B', 'B']);
  });

  it('moves back B -> A only below the boundary minus the margin (25 - 5)', () => {
    expect(run([35, 20, 20])).toEqual(['B', 'B', 'B']);
    expect(run([35, 19.9])).toEqual(['B', 'A']);
  });

  it('does not flap when the score wanders around a boundary', () => {
    expect(run([10, 31, 22, 28, 21, 29, 24])).toEqual(['A', 'B', 'B', 'B', 'B', 'B', 'B']);
  });

  it('can move two classes at once', () => {
    expect(run([90], 'A')).toEqual(['C']);
    expect(run([0], 'C')).toEqual(['A']);
    expect(run([27], 'B')).toEqual(['B']);
  });
});

describe('the class state in sample time', () => {
  const o = DEFAULT_RISK_OPTIONS;
  /** Scores every minute of sample time for `hours`, from `state`. */
  function feed(state: ClassState | null, registered: 'A' | 'B' | 'C', score: (h: number) => number, fromTs: number, hours: number, options = o): ClassState {
    let s = state;
    for (let m = 0; m <= hours * 60; m++) s = nextClassState(s, registered, score(m / 60), fromTs + m * 60_000, options);
    return s!;
  }

  it('starts from the registered class, its smoothed score in the middle of that class band', () => {
    for (const c of ['A', 'B', 'C'] as const) {
      const s = nextClassState(null, c, 100 - startingScore(c, o), T0, o);
      expect(s.suggested).toBe(c);
      expect(s.smoothed).toBe(startingScore(c, o));
    }
    expect([startingScore('A', o), startingScore('B', o), startingScore('C', o)]).toEqual([12.5, 37.5, 75]);
    // A maker registered C with low scores stays C through the demo's first minutes, then its first day.
    expect(feed(null, 'C', () => 5, T0, 0.25).suggested).toBe('C');
    expect(feed(null, 'C', () => 5, T0, 23).suggested).toBe('C');
  });

  it('ignores the wall clock: the state depends only on the sample times it is given', () => {
    // The same scores, with the sample times of a quarter, give the same state however they are timed:
    // nextClassState takes no clock, and two runs over the same readings agree exactly.
    const quarter = (offset: number) => feed(null, 'A', (h) => (h > 24 * 10 ? 70 : 5), T0 + offset, 24 * 90);
    const a = quarter(0);
    const b = quarter(0);
    expect(b).toEqual(a);
    expect(a.suggested).toBe('C');
    // Scored hourly instead of every minute (a fast replay assessed less often), the quarter ends in the same class.
    let s: ClassState | null = null;
    for (let h = 0; h <= 24 * 90; h++) s = nextClassState(s, 'A', h > 24 * 10 ? 70 : 5, T0 + h * HOUR, o);
    expect(s!.suggested).toBe('C');
    expect(s!.smoothed).toBeCloseTo(a.smoothed, 6);
  });

  it('suggests a new class only once it has held for classSustainMs of sample time', () => {
    const o2 = resolveRiskOptions({ classSustainMs: DAY });
    // Registered A, scoring 60 from the start: the smoothed score passes 30 within hours, then C pending ...
    let s = feed(null, 'A', () => 60, T0, 12, o2);
    expect(s.suggested).toBe('A');
    expect(s.pending).not.toBeNull();
    const since = s.pendingSince!;
    expect(since).toBeGreaterThan(T0);
    // ... suggested when the pending side has held a day of sample time, not before.
    const held = s.pendingForMs;
    s = feed(s, 'A', () => 60, T0 + 12 * HOUR + 60_000, (DAY - held) / HOUR - 0.1, o2);
    expect(s.suggested).toBe('A');
    s = feed(s, 'A', () => 60, s.at + 60_000, 0.2, o2);
    expect(s.suggested).toBe('C');
    expect(s.pending).toBeNull();
  });

  it('drops a pending class that turns back before it has held, so the suggestion does not flap', () => {
    // Bad for 12 hours, good for 12, again and again over a fortnight: never a day on either side.
    let s: ClassState | null = null;
    const seen = new Set<string>();
    for (let h = 0; h < 24 * 14; h += 1 / 60) {
      s = nextClassState(s, 'B', Math.floor(h / 12) % 2 === 0 ? 70 : 5, T0 + Math.round(h * HOUR), o);
      seen.add(s.suggested);
    }
    expect([...seen]).toEqual(['B']);
  });

  it('counts a gap in production for at most the risk window', () => {
    let s = nextClassState(null, 'A', 90, T0, o);
    // A week later, one assessment: it describes the last hour, not the week.
    s = nextClassState(s, 'A', 90, T0 + 7 * DAY, o);
    expect(s.smoothed).toBeCloseTo(12.5 + (90 - 12.5) * (1 - 2 ** (-o.windowMs / o.classHalfLifeMs)), 9);
    expect(s.suggested).toBe('A');
  });

  it('smooths the score with the configured half-life of sample time, so a bad hour does not make a bad year', () => {
    const sixHours = resolveRiskOptions({ classSustainMs: 0 });
    let s = nextClassState(null, 'A', 0, 0, sixHours);
    s = nextClassState(s, 'A', 100, HOUR, sixHours);
    // One hour of a six-hour half-life: 1 - 2^(-1/6) = 10.9% of the way from 12.5.
    expect(s.smoothed).toBeCloseTo(12.5 + 87.5 * (1 - 2 ** (-1 / 6)), 6);
    expect(s.suggested).toBe('A');
    for (let h = 2; h <= 12; h++) s = nextClassState(s, 'A', 100, h * HOUR, sixHours);
    expect(s.suggested).toBe('C');
  });

  it('classOfScore applies the boundaries and the margin from a class', () => {
    expect(classOfScore(29, 'A', o)).toBe('A');
    expect(classOfScore(31, 'A', o)).toBe('B');
    expect(classOfScore(56, 'A', o)).toBe('C');
    expect(classOfScore(21, 'B', o)).toBe('B');
    expect(classOfScore(46, 'C', o)).toBe('C');
    expect(classOfScore(44, 'C', o)).toBe('B');
  });
});

describe('next inspection', () => {
  it('adds 12, 6 or 3 months by class, keeping the day or the month end', () => {
    expect(nextInspection('2026-03-12', 'A', raw)).toBe('2027-03-12');
    expect(nextInspection('2026-03-12', 'B', raw)).toBe('2026-09-12');
    expect(nextInspection('2026-03-12', 'C', raw)).toBe('2026-06-12');
    expect(nextInspection('2025-08-31', 'B', raw)).toBe('2026-02-28');
    expect(nextInspection('2026-11-30', 'C', raw)).toBe('2027-02-28');
  });
});

describe('enterprise score', () => {
  const series = (characteristic: string, score: number) => ({ line: 'L1', characteristic, assessment: { score } as SeriesAssessment });

  it('is mostly the worst weighted series, plus the weighted mean, with each series share shown', () => {
    const s = scoreEnterprise([series('conductor_resistance', 90), series('sheath_thickness', 0), series('insulation_thickness', 0), series('conductor_diameter', 0)], raw);
    const mean = 90 / (1 + 0.7 + 1 + 0.6);
    expect(s.score).toBeCloseTo(0.7 * 90 + 0.3 * mean, 9);
    expect(s.level).toBe('high');
    expect(s.contributions[0]).toMatchObject({ characteristic: 'conductor_resistance', share: 1 });
    expect(s.contributions.reduce((a, c) => a + c.share, 0)).toBeCloseTo(1, 12);
  });

  it('weighs a safety-critical characteristic above a dimensional one', () => {
    const resistance = scoreEnterprise([series('conductor_resistance', 60), series('conductor_diameter', 0)], raw);
    const diameter = scoreEnterprise([series('conductor_resistance', 0), series('conductor_diameter', 60)], raw);
    expect(resistance.score).toBeGreaterThan(diameter.score);
  });

  it('is 0 and low with nothing to assess', () => {
    expect(scoreEnterprise([], raw)).toEqual({ score: 0, level: 'low', contributions: [] });
  });
});
