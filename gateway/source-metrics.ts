import type { MetricsRegistry } from '../ops/metrics.js';
import { BAD_READING_REASONS } from './sources/gateway-source.js';
import type { SourceRunner } from './source-runner.js';

/** A running source's metrics, read from its stats at scrape time. */
export function registerSourceMetrics(registry: MetricsRegistry, runner: SourceRunner): MetricsRegistry {
  return registry
    .counter('linewatch_gateway_source_readings_total', 'Readings the source delivered to the gateway.', ['source'], () => [{ labels: { source: runner.source.kind }, value: runner.stats().readings }])
    .counter('linewatch_gateway_source_bad_total', 'Things the source read that could not become readings, by reason (gateway/sources/gateway-source.ts).', ['source', 'reason'], () => {
      const { bad } = runner.stats();
      return BAD_READING_REASONS.map((reason) => ({ labels: { source: runner.source.kind, reason }, value: bad[reason] }));
    })
    .gauge('linewatch_gateway_source_connected', 'Whether the source is connected to its device or server (1) or not (0).', ['source'], () => [
      { labels: { source: runner.source.kind }, value: runner.stats().connected ? 1 : 0 },
    ]);
}
