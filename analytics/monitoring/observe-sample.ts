import { SIGNAL, SIGNAL_NAMES } from '../../spc/signals.js';
import type { AlertEvent } from '../alerts/alert.js';
import type { AlertBook } from '../alerts/alert-book.js';
import type { SeriesState } from './series-state.js';

/**
 * Charts one sample of a series and turns what it signals, and a value out
 * of spec, into alert events appended to `events`. Returns false when the
 * sample was not newer than the series' last one and was skipped. Both live
 * ingest and recovery from the store go through here.
 */
export function observeSample(series: SeriesState, ts: number, value: number, alerts: AlertBook, now: number, events: AlertEvent[]): boolean {
  const mask = series.observe(ts, value);
  if (mask < 0) return false;
  series.lastArrival = now;
  if (mask !== 0) {
    for (const name of SIGNAL_NAMES) if (mask & SIGNAL[name]) push(events, alerts.signal(series, name, ts, value, now));
  }
  if (series.outOfSpec(value)) push(events, alerts.signal(series, 'outOfSpec', ts, value, now));
  return true;
}

function push(events: AlertEvent[], event: AlertEvent | null): void {
  if (event !== null) events.push(event);
}
