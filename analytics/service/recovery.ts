import type { TimeSeriesStore } from '../../store/port.js';
import type { Alert, AlertEvent } from '../../monitor/alert.js';
import type { EpisodeBook } from '../../monitor/episode-book.js';
import type { SeriesRegistry } from '../../core/series/series-registry.js';
import type { SeriesCatalog } from '../../core/catalog/series-catalog.js';
import { observeSample } from '../../core/series/observe-sample.js';

const ALERT_KINDS = new Set(['raised', 'updated', 'escalated', 'acknowledged', 'resolved']);

/** Rebuilds the alert book from the alert events in the store, oldest first (of some enterprises only, when given). */
export async function rebuildAlerts(store: TimeSeriesStore, book: EpisodeBook, enterprises?: ReadonlySet<string>): Promise<number> {
  const events = await store.readEvents({});
  let n = 0;
  for (const e of events) {
    if (enterprises && !enterprises.has(e.enterprise)) continue;
    const alert = e.data?.alert as unknown as Alert | undefined;
    if (!ALERT_KINDS.has(e.kind) || !alert || typeof alert.id !== 'string') continue;
    book.replay({ kind: e.kind as AlertEvent['kind'], at: e.at, alert });
    n += 1;
  }
  return n;
}

/**
 * Brings every configured series up to what the store holds: points stored
 * after the series' checkpointed watermark (or all of them, without a
 * checkpoint) are replayed through its charts, raising the alerts they would
 * have raised. The store holds each point once, in time order, so the charts
 * end where they would have been had the service never stopped. An analytics
 * worker taking over enterprises passes them as `enterprises`.
 */
export async function catchUpFromStore(
  store: TimeSeriesStore,
  catalog: SeriesCatalog,
  registry: SeriesRegistry,
  alerts: EpisodeBook,
  now: number,
  record: (event: AlertEvent) => void,
  windowMs = 0,
  enterprises?: ReadonlySet<string>,
): Promise<number> {
  let replayed = 0;
  const events: AlertEvent[] = [];
  for (const ref of catalog.list()) {
    if (enterprises && !enterprises.has(ref.enterprise)) continue;
    const state = registry.stateOf(ref.enterprise, ref.line, ref.characteristic);
    if (typeof state === 'string') continue;
    if (Number.isFinite(state.lastTs) && windowMs > 0) {
      // Restored from a checkpoint, which keeps no risk window: refill it from the store.
      const recent = await store.readSeries(ref, { from: state.lastTs - windowMs, to: state.lastTs + 1 });
      for (let i = 0; i < recent.ts.length; i++) state.addToWindow(recent.ts[i], recent.value[i]);
    }
    const from = Number.isFinite(state.lastTs) ? state.lastTs + 1 : 0;
    const series = await store.readSeries(ref, { from, to: now + 24 * 3600_000 });
    for (let i = 0; i < series.ts.length; i++) {
      if (observeSample(state, series.ts[i], series.value[i], alerts, now, events)) replayed += 1;
    }
    for (const e of events.splice(0)) record(e);
  }
  return replayed;
}
