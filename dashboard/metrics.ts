import type { FastifyInstance } from 'fastify';
import type { MetricsRegistry } from '../ops/metrics.js';

/** The dashboard's metrics: what it refused, by code (dashboard/refusals.ts), read at scrape time. */
export function registerDashboardMetrics(registry: MetricsRegistry, app: FastifyInstance): MetricsRegistry {
  return registry.counter('linewatch_http_refusals_total', 'Requests and connections the dashboard refused, by code (dashboard/README.md).', ['code'], () =>
    Object.entries(app.refusals()).map(([code, value]) => ({ labels: { code }, value })),
  );
}
