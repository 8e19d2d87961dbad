/**
 * The bureau's yearly class targets, and how the registered classes stand
 * against them: at least 240 A, at least 750 B, at most 60 C, and no C at all
 * from the end of 2025 (the county's policy; configurable).
 */
import type { CalendarDay } from './calendar-day.js';
import type { SupervisionClass } from './records.js';

export interface ClassTargets {
  readonly minA: number;
  readonly minB: number;
  readonly maxC: number;
  /** From this day on the C target is 0 (null: no such deadline). */
  readonly noCFrom: CalendarDay | null;
}

export const DEFAULT_CLASS_TARGETS: ClassTargets = Object.freeze({ minA: 240, minB: 750, maxC: 60, noCFrom: '2025-12-31' });

export type ClassCounts = Readonly<Record<SupervisionClass, number>>;

export interface TargetResult {
  readonly id: 'min-a' | 'min-b' | 'max-c';
  readonly text: string;
  readonly target: number;
  readonly actual: number;
  readonly status: 'met' | 'missed';
}

export function countClasses(registered: readonly { readonly class: SupervisionClass }[]): ClassCounts {
  const counts = { A: 0, B: 0, C: 0 };
  for (const e of registered) counts[e.class] += 1;
  return counts;
}

export function checkTargets(counts: ClassCounts, asOf: CalendarDay, targets: ClassTargets = DEFAULT_CLASS_TARGETS): TargetResult[] {
  const noC = targets.noCFrom !== null && asOf >= targets.noCFrom;
  const maxC = noC ? 0 : targets.maxC;
  return [
    { id: 'min-a', text: `at least ${targets.minA} class A`, target: targets.minA, actual: counts.A, status: counts.A >= targets.minA ? 'met' : 'missed' },
    { id: 'min-b', text: `at least ${targets.minB} class B`, target: targets.minB, actual: counts.B, status: counts.B >= targets.minB ? 'met' : 'missed' },
    {
      id: 'max-c',
      text: noC ? `no class C (from ${targets.noCFrom})` : `at most ${targets.maxC} class C`,
      target: maxC,
      actual: counts.C,
      status: counts.C <= maxC ? 'met' : 'missed',
    },
  ];
}
