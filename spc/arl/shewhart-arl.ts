import { requireNumber } from './arl-option-error.js';
import { ArlPrecisionError } from './convergence.js';
import type { ArlPoint, ShewhartDesign } from './design.js';
import { normalCdf, normalUpperTail } from '../normal.js';

/** Checks a Shewhart design; returns it frozen. */
export function validateShewhartDesign(design: ShewhartDesign): ShewhartDesign {
  requireNumber('L', design.L, 'a number above 0', (v) => v > 0);
  return Object.freeze({ chart: 'shewhart', L: design.L });
}

/**
 * Zero-state ARL of the Shewhart individuals chart: samples are independent,
 * so the run length is geometric and ARL = 1 / P(|X| > L), X ~ N(shift, 1).
 * Both tails come from the accurate tail functions, so the ARL keeps its
 * digits for wide limits (a plain 1 - Phi would lose them beyond L ~ 6).
 */
export function shewhartArl(design: ShewhartDesign, shift: number): ArlPoint {
  const { L } = validateShewhartDesign(design);
  requireNumber('shift', shift, 'a finite number', () => true);
  const p = normalUpperTail(L - shift) + normalCdf(-L - shift);
  if (p === 0) {
    throw new ArlPrecisionError(`Shewhart L ${L}, shift ${shift}: the signal probability underflows double precision, so the ARL is beyond 1e300`);
  }
  return { shift, arl: 1 / p, nodes: 0 };
}
