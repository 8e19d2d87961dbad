/**
 * Probes for orchestrators (docker-compose, Kubernetes), without auth:
 * /healthz says the process answers (restart it if not); /readyz says the
 * store answers too (send it no traffic if not). Neither shows the store's
 * detail text, which names files and versions: that goes to the log.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { TimeSeriesStore } from '../../store/port.js';
import { errorBody } from './errors.js';

export interface HealthRouteOptions {
  readonly store: TimeSeriesStore;
}

export const healthRoutes: FastifyPluginAsync<HealthRouteOptions> = async (app, { store }) => {
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (request, reply) => {
    const health = await store.health();
    const summary = { adapter: health.adapter, ok: health.ok, latencyMs: health.latencyMs };
    if (health.ok) return { status: 'ready', store: summary };
    request.log.warn({ store: health }, 'not ready: the store failed its health check');
    const { error } = errorBody('LW_HTTP_UNAVAILABLE', `the ${health.adapter} store is not healthy${health.code ? ` (${health.code})` : ''}`);
    return reply.code(503).header('retry-after', '5').send({ status: 'unavailable', store: summary, error });
  });
};
