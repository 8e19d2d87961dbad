import { ArlOptionError } from './arl-option-error.js';
import { cusumArl } from './cusum-arl.js';
import type { ArlPoint, ChartDesign } from './design.js';
import { ewmaArl } from './ewma-arl.js';
import { shewhartArl } from './shewhart-arl.js';

/** Most shifts in one curve: each costs up to a second for demanding designs. */
export const MAX_SHIFTS = 100;

/** The ARL of one design at each shift (in sigma), in the order given. */
export function arlCurve(design: ChartDesign, shifts: readonly number[]): ArlPoint[] {
  if (shifts.length === 0 || shifts.length > MAX_SHIFTS) {
    throw new ArlOptionError('shifts', `${shifts.length} values`, `1 to ${MAX_SHIFTS} values`);
  }
  return shifts.map((shift) => arlAt(design, shift));
}

/** The ARL of one design at one shift. */
export function arlAt(design: ChartDesign, shift: number): ArlPoint {
  switch (design.chart) {
    case 'ewma':
      return ewmaArl(design, shift);
    case 'cusum':
      return cusumArl(design, shift);
    case 'shewhart':
      return shewhartArl(design, shift);
    default:
      // Unreachable from typed code; guards designs built from untyped input.
      throw new ArlOptionError('chart', (design as { chart: unknown }).chart, "'ewma', 'cusum' or 'shewhart'");
  }
}
