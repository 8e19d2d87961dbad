import type { MetricsRegistry } from '../ops/metrics.js';
import type { LinewatchBroker } from './create-broker.js';

/** The broker's metrics, read from aedes and the refusal log at scrape time. */
export function registerBrokerMetrics(registry: MetricsRegistry, broker: LinewatchBroker): MetricsRegistry {
  return registry
    .gauge('linewatch_broker_clients', 'MQTT clients connected now.', () => broker.aedes.connectedClients)
    .counter('linewatch_broker_refusals_total', 'Things the broker refused, by code (protocol/README.md).', ['code'], () =>
      Object.entries(broker.refusals()).map(([code, value]) => ({ labels: { code }, value })),
    );
}
