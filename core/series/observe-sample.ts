import type { AlertEvent } from '../../monitor/alert.js';
import type { EpisodeBook } from '../../monitor/episode-book.js';
import type { SeriesState } from './series-state.js';

/**
 * Charts one sample of a series with the live monitor and appends the alert
 * episode events it causes to `events`. Returns false when the sample was
 * not newer than the series' last one and was skipped. `positionM` is where
 * on the line's length it was read (NaN when the gateway reads no length). Both live ingest and
 * recovery from the store go through here.
 */
export function observeSample(series: SeriesState, ts: number, value: number, alerts: EpisodeBook, now: number, events: AlertEvent[], positionM = Number.NaN): boolean {
  if (!series.observe(ts, value, alerts, now, events, positionM)) return false;
  series.lastArrival = now;
  return true;
}
