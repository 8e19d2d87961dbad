import { describe, expect, it } from 'vitest';
import { checkTargets, countClasses } from '../../../supervision/class-targets.js';

const fleet = (a: number, b: number, c: number) => [...Array(a).fill({ class: 'A' }), ...Array(b).fill({ class: 'B' }), ...Array(c).fill({ class: 'C' })];

describe('class targets', () => {
  it('counts the registered classes', () => {
    expect(countClasses(fleet(2, 3, 1))).toEqual({ A: 2, B: 3, C: 1 });
  });
  it('checks 240 / 750 / 60 before the end of 2025', () => {
    const r = checkTargets(countClasses(fleet(240, 749, 60)), '2025-06-30');
    expect(r.map((t) => [t.id, t.target, t.actual, t.status])).toEqual([
      ['min-a', 240, 240, 'met'],
      ['min-b', 750, 749, 'missed'],
      ['max-c', 60, 60, 'met'],
    ]);
  });
  it('wants no C at all from the end of 2025', () => {
    const r = checkTargets(countClasses(fleet(240, 750, 1)), '2025-12-31');
    expect(r[2]).toEqual({ id: 'max-c', text: 'no class C (from 2025-12-31)', target: 0, actual: 1, status: 'missed' });
  });
  it('takes configured targets', () => {
    const r = checkTargets({ A: 5, B: 5, C: 2 }, '2030-01-01', { minA: 5, minB: 6, maxC: 2, noCFrom: null });
    expect(r.map((t) => t.status)).toEqual(['met', 'missed', 'met']);
  });
});
