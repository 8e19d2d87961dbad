import type { RiskOptions, SupervisionClass } from './options.js';

const ORDER: readonly SupervisionClass[] = ['A', 'B', 'C'];

/** The smoothed score and suggested class of one enterprise, carried from one assessment to the next. */
export interface ClassState {
  smoothed: number;
  suggested: SupervisionClass;
  /** When the state was last updated, ms (wall clock). */
  at: number;
}

/**
 * The class suggestion: the score, smoothed over time (an exponential
 * average with half-life `classHalfLifeMs`, so a bad hour does not make a bad
 * year), compared with the class boundaries with a hysteresis margin, so the
 * class moves only when the smoothed score has clearly passed a boundary and
 * does not flap around it.
 */
export function nextClassState(previous: ClassState | null, registered: SupervisionClass, score: number, now: number, options: RiskOptions): ClassState {
  let smoothed = score;
  let suggested = previous?.suggested ?? registered;
  if (previous) {
    const elapsed = Math.max(0, now - previous.at);
    const alpha = 1 - 2 ** (-elapsed / options.classHalfLifeMs);
    smoothed = previous.smoothed + alpha * (score - previous.smoothed);
  }
  const m = options.classHysteresis;
  const upper = (c: SupervisionClass) => (c === 'A' ? options.classBoundaries.B : c === 'B' ? options.classBoundaries.C : Infinity);
  const lower = (c: SupervisionClass) => (c === 'C' ? options.classBoundaries.C : c === 'B' ? options.classBoundaries.B : -Infinity);
  // Several steps at once are possible (a first assessment far from the registered class).
  for (let guard = 0; guard < 2; guard++) {
    const i = ORDER.indexOf(suggested);
    if (smoothed >= upper(suggested) + m) suggested = ORDER[i + 1];
    else if (smoothed < lower(suggested) - m) suggested = ORDER[i - 1];
    else break;
  }
  return { smoothed, suggested, at: now };
}

/** The next inspection: the last one plus the class's interval (A yearly, B half-yearly, C quarterly). */
export function nextInspection(lastInspection: string, cls: SupervisionClass, options: RiskOptions): string {
  const [y, m, d] = lastInspection.split('-').map(Number);
  const months = options.inspectionMonths[cls];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  // Keep the day, or the month's last day when it has fewer (31 Aug + 6 months = 28/29 Feb).
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return target.toISOString().slice(0, 10);
}
