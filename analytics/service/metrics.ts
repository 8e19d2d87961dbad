import { Histogram, type MetricsRegistry } from '../../ops/metrics.js';
import type { AnalyticsBus } from '../bus/analytics-bus.js';
import type { AnalyticsCore } from './analytics-core.js';

/** The analytics service's metrics, read from the core's counters and alert book and the bus adapter's connection at scrape time. */
export function registerAnalyticsMetrics(registry: MetricsRegistry, core: AnalyticsCore, bus: AnalyticsBus): MetricsRegistry {
  const c = core.counters;
  return registry
    .counter('linewatch_ingest_points_total', 'Measurement points ingested, by outcome.', ['outcome'], () => [
      { labels: { outcome: 'stored' }, value: c.stored },
      { labels: { outcome: 'duplicate' }, value: c.duplicates },
      { labels: { outcome: 'rejected' }, value: c.rejectedPoints },
    ])
    .counter('linewatch_ingest_historical_points_total', 'Of the stored points, those stored as historical (backlog after an outage): not charted live, no alerts.', () => c.historical)
    .counter('linewatch_ingest_charted_points_total', 'Points the live monitor charted. A stored point neither charted nor historical is uncharted: the fault suites hold that at 0.', () => c.charted)
    .counter('linewatch_ingest_batches_total', 'Measurement batches stored (refused ones are not counted).', () => c.batches)
    .counter('linewatch_rejects_total', 'Rejected points and refused batches, by reason.', ['reason'], () => [...c.rejectsByReason].map(([reason, value]) => ({ labels: { reason }, value })))
    .counter('linewatch_store_failures_total', 'Batches the store failed to write (not acknowledged; the gateway resends).', () => c.storeFailures)
    .gauge('linewatch_store_writes_failing', 'Store writes failed in a row since the last success (0 while writes succeed; /readyz is 503 from 1).', () => core.writeHealth.state().consecutiveFailures)
    .gauge('linewatch_alerts_active', 'Alerts open now (not resolved).', () => count(core.alerts.openAlerts()))
    .counter('linewatch_batches_not_owned_total', 'Batches of enterprises another analytics worker owns now (not acknowledged; the gateway resends).', () => c.notOwnedBatches)
    .gauge('linewatch_worker_enterprises', 'Enterprises this analytics worker owns (all of them when it runs alone).', () => bus.cluster?.owned ?? core.risk.list().length)
    .gauge('linewatch_workers', 'Analytics workers this one sees up, itself included (1 when it runs alone).', () => bus.cluster?.workers.length ?? 1)
    .gauge('linewatch_analytics_connected', '1 while the analytics service is connected to the broker (both connections: intake and outputs).', () => (bus.connected ? 1 : 0))
    .gauge(
      'linewatch_analytics_outputs_in_flight',
      'Acks, alerts and other outputs published and not yet confirmed by the broker; at maxOutputsInFlight no new batch is taken.',
      () => bus.outputsInFlight,
    )
    .gauge('linewatch_reels_open', 'Reels being wound now (started, not ended).', () => core.reels.openCount)
    .counter('linewatch_reel_records_written_total', 'Reel quality records written to the event log (open progress, final, revised).', () => core.reelJournal.written)
    .gauge(
      'linewatch_reel_records_waiting',
      'Reel quality records waiting for the store, plus open ones waiting for their next progress write.',
      () => core.reelJournal.waiting + core.reels.pendingCount,
    )
    .counter('linewatch_reel_late_readings_total', 'Readings counted into a reel after its final record was written (the record was written again).', () => core.reels.lateReadings)
    .counter(
      'linewatch_reel_mark_problems_total',
      'Stored reel marks not applied to the reels (an end of a reel that is not the open one, ...); each is logged with why.',
      () => core.reels.markProblems,
    )
    .histogram(core.storeWriteSeconds);
}

/** The analytics service's one histogram, observed as each batch is written (named here with the other metrics). */
export function storeWriteSecondsHistogram(): Histogram {
  return new Histogram('linewatch_store_write_seconds', 'Time the store took to write one batch of measurements.');
}

function count(items: Iterable<unknown>): number {
  let n = 0;
  for (const _ of items) n++;
  return n;
}
