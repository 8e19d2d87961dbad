import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_OPTIONS, resolveRiskOptions } from '../../../risk/options.js';
import { nextClassState, nextInspection, type ClassState } from '../../../risk/supervision.js';
import { scoreEnterprise } from '../../../risk/enterprise-score.js';
import type { SeriesAssessment } from '../../../risk/series-assessment.js';

// No smoothing (a half-life of 1 ms and assessments far apart), to test the boundaries alone.
const raw = resolveRiskOptions({ classHalfLifeMs: 1 });
const HOUR = 3_600_000;

function run(scores: number[], registered: 'A' | 'B' | 'C' = 'A', options = raw): string[] {
  let state: ClassState | null = null;
  return scores.map((s, i) => (state = nextClassState(state, registered, s, i * HOUR, options)).suggested);
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

  it('can move two classes at once, and starts from the registered class', () => {
    expect(run([90], 'A')).toEqual(['C']);
    expect(run([0], 'C')).toEqual(['A']);
    expect(run([27], 'B')).toEqual(['B']);
  });

  it('smooths the score with the configured half-life, so a bad hour does not make a bad year', () => {
    const sixHours = DEFAULT_RISK_OPTIONS;
    let s = nextClassState(null, 'A', 0, 0, sixHours);
    s = nextClassState(s, 'A', 100, HOUR, sixHours);
    // One hour of a six-hour half-life: 1 - 2^(-1/6) = 10.9% of the way.
    expect(s.smoothed).toBeCloseTo(100 * (1 - 2 ** (-1 / 6)), 6);
    expect(s.suggested).toBe('A');
    for (let h = 2; h <= 12; h++) s = nextClassState(s, 'A', 100, h * HOUR, sixHours);
    expect(s.suggested).toBe('C');
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
