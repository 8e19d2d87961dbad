import type { RiskOptions, SupervisionClass } from './options.js';

const ORDER: readonly SupervisionClass[] = ['A', 'B', 'C'];

/**
 * The smoothed score and suggested class of one enterprise, carried from one
 * assessment to the next. Every time in it is **sample time**: the
 * timestamps of the readings, not the clock of the machine assessing them,
 * so a quarter of data replayed in minutes ends in the class the quarter
 * implies.
 */
export interface ClassState {
  smoothed: number;
  suggested: SupervisionClass;
  /** The class the smoothed score points to while it differs from `suggested`; null when they agree. */
  pending: SupervisionClass | null;
  /** Sample time the pending class first held, ms; null without one. */
  pendingSince: number | null;
  /** Sample time the pending class has held so far (gaps in production count for at most `windowMs`), ms. */
  pendingForMs: number;
  /** Sample time of the last update: the enterprise's newest reading then, ms. */
  at: number;
}

/**
 * Where the smoothed score starts: the middle of the registered class's
 * band (A 0-25: 12.5, B 25-50: 37.5, C 50-100: 75 with the default
 * boundaries), so a maker registered C needs sustained good evidence to be
 * suggested B or A, and one registered A sustained bad evidence to leave it.
 */
export function startingScore(registered: SupervisionClass, options: RiskOptions): number {
  const { B, C } = options.classBoundaries;
  return registered === 'A' ? B / 2 : registered === 'B' ? (B + C) / 2 : (C + 100) / 2;
}

export function initialClassState(registered: SupervisionClass, sampleTs: number, options: RiskOptions): ClassState {
  return { smoothed: startingScore(registered, options), suggested: registered, pending: null, pendingSince: null, pendingForMs: 0, at: sampleTs };
}

/**
 * The class suggestion after one more assessment, made at sample time
 * `sampleTs` (the enterprise's newest reading):
 *
 * 1. The score is smoothed over sample time: an exponential average with
 *    half-life `classHalfLifeMs`, so a bad hour does not make a bad year.
 *    The span since the last update is `spanMs` when the caller knows it
 *    (the engine passes the production time between the two assessments:
 *    the time its readings cover, each gap between readings counting for at
 *    most the window), else the sample time between them, at most
 *    `windowMs`: a weekend without production is no evidence.
 * 2. The smoothed score points to a class through the boundaries with a
 *    hysteresis margin (it must pass a boundary by `classHysteresis`).
 * 3. That class is only *pending* until it has held for `classSustainMs`
 *    of sample time; then it is suggested. A pending class that turns back
 *    before then is dropped, so the suggestion does not flap. Moving on in
 *    the same direction (B pending, then C) keeps the time already held.
 *
 * The wall clock plays no part: the same readings give the same states
 * however fast they are replayed, as long as they are assessed at the same
 * sample times.
 */
export function nextClassState(previous: ClassState | null, registered: SupervisionClass, score: number, sampleTs: number, options: RiskOptions, spanMs?: number): ClassState {
  const prev = previous ?? initialClassState(registered, sampleTs, options);
  const elapsed = spanMs !== undefined ? Math.max(0, spanMs) : previous === null ? 0 : Math.min(Math.max(0, sampleTs - prev.at), options.windowMs);
  const alpha = 1 - 2 ** (-elapsed / options.classHalfLifeMs);
  const smoothed = Number.isFinite(score) ? prev.smoothed + alpha * (score - prev.smoothed) : prev.smoothed;
  const at = Math.max(prev.at, sampleTs);
  const target = classOfScore(smoothed, prev.suggested, options);
  if (target === prev.suggested) return { smoothed, suggested: prev.suggested, pending: null, pendingSince: null, pendingForMs: 0, at };
  const sameWay = prev.pending !== null && Math.sign(rank(prev.pending) - rank(prev.suggested)) === Math.sign(rank(target) - rank(prev.suggested));
  const pendingSince = sameWay ? (prev.pendingSince ?? sampleTs) : sampleTs;
  const pendingForMs = sameWay ? prev.pendingForMs + elapsed : 0;
  if (pendingForMs >= options.classSustainMs) return { smoothed, suggested: target, pending: null, pendingSince: null, pendingForMs: 0, at };
  return { smoothed, suggested: prev.suggested, pending: target, pendingSince, pendingForMs, at };
}

const rank = (c: SupervisionClass) => ORDER.indexOf(c);

/**
 * The class a smoothed score points to from the class `from`: A below the
 * B boundary, B below the C boundary, C above; leaving `from` takes passing
 * the boundary by the hysteresis margin. Several steps at once are possible.
 */
export function classOfScore(smoothed: number, from: SupervisionClass, options: RiskOptions): SupervisionClass {
  const m = options.classHysteresis;
  const upper = (c: SupervisionClass) => (c === 'A' ? options.classBoundaries.B : c === 'B' ? options.classBoundaries.C : Infinity);
  const lower = (c: SupervisionClass) => (c === 'C' ? options.classBoundaries.C : c === 'B' ? options.classBoundaries.B : -Infinity);
  let cls = from;
  for (let guard = 0; guard < 2; guard++) {
    const i = rank(cls);
    if (smoothed >= upper(cls) + m) cls = ORDER[i + 1];
    else if (smoothed < lower(cls) - m) cls = ORDER[i - 1];
    else break;
  }
  return cls;
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
