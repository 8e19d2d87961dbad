import { describe, expect, it } from 'vitest';
import { ppkLowerBound, ppkOf } from '../../../supervision/ppk-bound.js';

describe('ppkOf', () => {
  it('takes the nearer limit of a two-sided spec', () => {
    expect(ppkOf(10, 1, 4, 13)).toBeCloseTo(1, 12);
  });
  it('uses the one limit a one-sided spec has', () => {
    expect(ppkOf(11, 0.25, null, 12.1)).toBeCloseTo(1.1 / 0.75, 12);
    expect(ppkOf(0.7, 0.01, 0.53, null)).toBeCloseTo(0.17 / 0.03, 12);
  });
  it('is null without spread or limits', () => {
    expect(ppkOf(1, 0, 0, 2)).toBeNull();
    expect(ppkOf(1, 1, null, null)).toBeNull();
  });
});

describe('ppkLowerBound (Bissell, one-sided)', () => {
  it('matches the formula worked by hand', () => {
    // 1.67 - 1.645 sqrt(1/810 + 1.67^2/178) = 1.4561
    expect(ppkLowerBound(1.67, 90, 1.645)).toBeCloseTo(1.45613, 4);
    expect(ppkLowerBound(2, 30, 1.645)).toBeCloseTo(1.55655, 4);
  });
  it('tightens as the effective n grows', () => {
    expect(ppkLowerBound(1.5, 1000, 1.645)).toBeGreaterThan(ppkLowerBound(1.5, 100, 1.645));
  });
  it('refuses an effective n of 1 or less', () => {
    expect(() => ppkLowerBound(1.5, 1, 1.645)).toThrow(/effective n must exceed 1/);
  });
});
