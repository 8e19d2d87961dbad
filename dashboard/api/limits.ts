/**
 * POST /api/series/:enterprise/:line/:characteristic/limits: re-establish a
 * series' control limits, i.e. start a new Phase I (monitor/: the charts
 * stop signalling until the new limits lock; product out of spec is still
 * reported). For a regulator, or the enterprise's own user, once the process
 * has accepted a new level (a new die, a new material) as the normal one.
 * Nothing is read from the body (send none, or `{}`).
 *
 * Only a dashboard running in the analytics service's process can do it
 * (buildApp's `limits` option); on its own it answers 503.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import { catalogFromConfig } from '../../core/catalog/config-catalog.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import { CHARACTERISTIC_NAMES, type CharacteristicName } from '../../domain/characteristics.js';
import type { LimitsControl } from '../options.js';
import { HttpApiError, notFound } from './errors.js';
import { assertCanSee, requirePrincipal } from './principal.js';
import { IdText } from './schemas.js';

export interface LimitsRouteOptions {
  readonly config: LinewatchConfig;
  readonly limits: LimitsControl | undefined;
}

const SeriesParams = Type.Object({ enterprise: IdText, line: IdText, characteristic: Type.Enum([...CHARACTERISTIC_NAMES]) });
type SeriesParams = Static<typeof SeriesParams>;

export const limitsRoutes: FastifyPluginAsync<LimitsRouteOptions> = async (app, { config, limits }) => {
  const catalog = catalogFromConfig(config);

  app.post<{ Params: SeriesParams }>('/series/:enterprise/:line/:characteristic/limits', { schema: { params: SeriesParams } }, async (request, reply) => {
    const { enterprise, line } = request.params;
    const characteristic = request.params.characteristic as CharacteristicName;
    const principal = requirePrincipal(request);
    // Tenant check before existence, so another enterprise's lines cannot be probed through 404s.
    assertCanSee(principal, enterprise);
    const spec = catalog.specOf(enterprise, line, characteristic);
    if (typeof spec === 'string') throw notFound(spec);
    if (!limits) {
      throw new HttpApiError('LW_HTTP_UNAVAILABLE', 'control limits can only be re-established where the analytics service runs (linewatch start); this dashboard runs on its own');
    }
    if (!limits.reestablish(enterprise, line, characteristic)) throw notFound(`the series ${enterprise}/${line}/${characteristic} is not monitored by this process`);
    request.log.info({ user: principal.id, enterprise, line, characteristic }, 'control limits re-established on request');
    return reply.code(202).send({ series: { enterprise, line, characteristic }, baseline: limits.baseline(enterprise, line, characteristic) });
  });
};
