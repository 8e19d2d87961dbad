/**
 * Probes for orchestrators (docker-compose, Kubernetes), without auth:
 * /healthz says the process answers (restart it if not); /readyz says the
 * store answers too and, in a process that writes measurements (the embedded
 * stack), that its writes succeed (send it no traffic if not; see
 * store/write-health.ts). Neither shows the store's health detail text,
 * which names files and versions: that goes to the log.
 * /metrics (when the stack passes a renderer) is the Prometheus text of the
 * services in this process, also without auth, for a scraper on the same
 * network; it carries counts, never tenant data beyond enterprise ids.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TimeSeriesStore } from '../../store/port.js';
import { METRICS_CONTENT_TYPE } from '../../ops/metrics.js';
import { storeReadiness, type WriteHealthState } from '../../store/write-health.js';
import { errorBody } from './errors.js';

export interface HealthRouteOptions {
  readonly store: TimeSeriesStore;
  /** Renders the Prometheus text of /metrics; absent, there is no /metrics. */
  readonly metrics?: () => Promise<string>;
  /** The writes of the analytics service in this process, when there is one: a store can answer pings and fail every write. */
  readonly writes?: () => WriteHealthState;
}

export const healthRoutes: FastifyPluginAsync<HealthRouteOptions> = async (app, { store, metrics, writes }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    const health = await store.health();
    const readiness = storeReadiness(health, writes?.());
    if (readiness.ok) return { status: 'ready', store: readiness.store };
    request.log.warn({ store: health, reason: readiness.reason }, 'not ready: the store is failing');
    const { error } = errorBody('LW_HTTP_UNAVAILABLE', readiness.reason!.message);
    return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', store: readiness.store, reason: readiness.reason, error });
  });

  if (metrics) {
    app.get('/metrics', async (_request, reply) =>
      reply
        .header('content-type', METRICS_CONTENT_TYPE)
        .header('cache-control', 'no-store')
        .send(await metrics()),
    );
  }
};
