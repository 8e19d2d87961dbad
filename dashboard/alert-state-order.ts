/**
 * Which of two states of one alert is older. A dashboard on its own learns
 * an alert's state from three sources that can overlap and cross: the store
 * (read at start and after a lost session), live events, and the replies to
 * its own commands. Each carries a full state, so the newest simply wins; an
 * older one must not overwrite it (a 'raised' event received live while the
 * store already says 'acknowledged').
 *
 * The order needs no clock: an alert only moves forward (active ->
 * acknowledged -> resolved, analytics/alerts/alert-book.ts) and its count of
 * signals only grows.
 */
import type { Alert, AlertStatus } from '../monitor/alert.js';

const STAGE: Readonly<Record<AlertStatus, number>> = Object.freeze({ active: 0, acknowledged: 1, resolved: 2 });

/** Whether `incoming` is an older state of the alert than `known` (an equal one is not older: replaying it is harmless). */
export function isOlderState(incoming: Alert, known: Alert): boolean {
  const a = STAGE[incoming.status];
  const b = STAGE[known.status];
  if (a !== b) return a < b;
  return incoming.count < known.count;
}
