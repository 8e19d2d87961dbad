/**
 * What the analytics service did in the measured window, from two scrapes of
 * its /metrics: points stored per second (the sustained ingest: durable, SPC
 * evaluated, counted by the service itself, not what was offered), batch
 * sizes, and how long store writes took (linewatch_store_write_seconds).
 */
import { metricValue, type MetricSample } from './prometheus-text.js';

export interface AnalyticsWindow {
  readonly storedPerSecond: number;
  readonly batchesPerSecond: number;
  readonly pointsPerBatch: number;
  readonly rejectedPoints: number;
  readonly storeFailures: number;
  readonly storeWrite: {
    readonly writes: number;
    readonly meanMs: number;
    /** Upper bounds of the histogram buckets holding the 50th and 99th percentile, ms. */
    readonly p50AtMostMs: number | null;
    readonly p99AtMostMs: number | null;
    /** Sum of write durations over the window length: above 1, writes overlap (group commit waits). */
    readonly busyFraction: number;
  };
  readonly alertsActive: number;
}

const POINTS = 'linewatch_ingest_points_total';
const WRITE = 'linewatch_store_write_seconds';

export function analyticsWindow(start: readonly MetricSample[], end: readonly MetricSample[], seconds: number): AnalyticsWindow {
  const delta = (name: string, labels: Record<string, string> = {}) => metricValue(end, name, labels) - metricValue(start, name, labels);
  const stored = delta(POINTS, { outcome: 'stored' });
  const batches = delta('linewatch_ingest_batches_total');
  const writes = delta(`${WRITE}_count`);
  const writeSeconds = delta(`${WRITE}_sum`);
  return {
    storedPerSecond: stored / seconds,
    batchesPerSecond: batches / seconds,
    pointsPerBatch: batches > 0 ? (stored + delta(POINTS, { outcome: 'duplicate' }) + delta(POINTS, { outcome: 'rejected' })) / batches : 0,
    rejectedPoints: delta(POINTS, { outcome: 'rejected' }),
    storeFailures: delta('linewatch_store_failures_total'),
    storeWrite: {
      writes,
      meanMs: writes > 0 ? (writeSeconds / writes) * 1000 : 0,
      p50AtMostMs: bucketQuantile(start, end, 0.5),
      p99AtMostMs: bucketQuantile(start, end, 0.99),
      busyFraction: writeSeconds / seconds,
    },
    alertsActive: metricValue(end, 'linewatch_alerts_active'),
  };
}

/** The smallest bucket bound holding quantile q of the writes made between the two scrapes, ms; null if none or past the last bound. */
function bucketQuantile(start: readonly MetricSample[], end: readonly MetricSample[], q: number): number | null {
  const buckets = end
    .filter((s) => s.name === `${WRITE}_bucket`)
    .map((s) => ({ le: s.labels.le === '+Inf' ? Infinity : Number(s.labels.le), count: s.value - metricValue(start, `${WRITE}_bucket`, { le: s.labels.le }) }))
    .sort((a, b) => a.le - b.le);
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return null;
  const found = buckets.find((b) => b.count >= q * total);
  return found && Number.isFinite(found.le) ? found.le * 1000 : null;
}
