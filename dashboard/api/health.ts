/**
 * Probes for orchestrators (docker-compose, Kubernetes), without auth:
 * /healthz says the process answers (restart it if not); /readyz says the
 * store answers too (send it no traffic if not). Neither shows the store's
 * detail text, which names files and versions: that goes to the log.
 * /metrics (when the stack passes a renderer) is the Prometheus text of the
 * services in this process, also without auth, for a scraper on the same
 * network; it carries counts, never tenant data beyond enterprise ids.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TimeSeriesStore } from '../../store/port.js';
import { METRICS_CONTENT_TYPE } from '../../ops/metrics.js';
import { errorBody } from './errors.js';

export interface HealthRouteOptions {
  readonly store: TimeSeriesStore;
  /** Renders the Prometheus text of /metrics; absent, there is no /metrics. */
  readonly metrics?: () => string;
}

export const healthRoutes: FastifyPluginAsync<HealthRouteOptions> = async (app, { store, metrics }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    const health = await store.health();
    const summary = { adapter: health.adapter, ok: health.ok, latencyMs: health.latencyMs };
    if (health.ok) return { status: 'ready', store: summary };
    request.log.warn({ store: health }, 'not ready: the store failed its health check');
    const { error } = errorBody('LW_HTTP_UNAVAILABLE', `the ${health.adapter} store is not healthy${health.code ? ` (${health.code})` : ''}`);
    return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', store: summary, error });
  });

  if (metrics) {
    app.get('/metrics', async (_request, reply) => reply.header('content-type', METRICS_CONTENT_TYPE).header('cache-control', 'no-store').send(metrics()));
  }
};
