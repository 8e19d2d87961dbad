/**
 * GET /api/series/:enterprise/:line/:characteristic?from&to&buckets
 *
 * A chart wants every point when there are few and a summary when there are
 * many: a range holding at most `maxRawPoints` points is answered raw, a
 * larger one as mean/min/max buckets. The point count comes from the store's
 * summary first, so a week of a 10 Hz gauge is never read raw just to be
 * thrown away.
 *
 * `spec` and `product` are those of the product the line made at the end of
 * the range (series-product.ts): a line changes product, and each product is
 * judged against its own limits.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import { catalogFromConfig } from '../../core/catalog/config-catalog.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import { CHARACTERISTIC_NAMES, CHARACTERISTICS, type CharacteristicName } from '../../domain/characteristics.js';
import type { SeriesKey, TimeRange, TimeSeriesStore } from '../../store/port.js';
import type { CurrentProducts, SeriesLimits } from '../options.js';
import { seriesProduct, type SeriesProduct } from './series-product.js';
import { badRequest, notFound } from './errors.js';
import { assertCanSee, requirePrincipal } from './principal.js';
import { IdText, TimeText } from './schemas.js';
import { parseTime } from './time-param.js';

export interface SeriesRouteOptions {
  readonly config: LinewatchConfig;
  readonly store: TimeSeriesStore;
  readonly limits: SeriesLimits;
  readonly clock: () => number;
  /** The product each line makes now, from the analytics in this process; absent, from the stored changeovers. */
  readonly products?: CurrentProducts;
}

const SeriesParams = Type.Object({ enterprise: IdText, line: IdText, characteristic: Type.Enum([...CHARACTERISTIC_NAMES]) });
type SeriesParams = Static<typeof SeriesParams>;

export const seriesRoutes: FastifyPluginAsync<SeriesRouteOptions> = async (app, { config, store, limits, clock, products }) => {
  const catalog = catalogFromConfig(config);
  const SeriesQuery = Type.Object(
    { from: Type.Optional(TimeText), to: Type.Optional(TimeText), buckets: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.maxBuckets })) },
    { additionalProperties: false },
  );
  type SeriesQuery = Static<typeof SeriesQuery>;

  app.get<{ Params: SeriesParams; Querystring: SeriesQuery }>('/series/:enterprise/:line/:characteristic', { schema: { params: SeriesParams, querystring: SeriesQuery } }, async (request) => {
    const { enterprise, line } = request.params;
    const characteristic = request.params.characteristic as CharacteristicName;
    // Tenant check before existence, so another enterprise's lines cannot be probed through 404s.
    assertCanSee(requirePrincipal(request), enterprise);
    const spec = catalog.specOf(enterprise, line, characteristic);
    if (typeof spec === 'string') throw notFound(spec);
    const range = requestedRange(request.query, clock(), limits.defaultRangeMs);
    const key = { enterprise, line, characteristic };
    // The live product is the product now: it answers for a range ending now, the stored changeovers for one ending earlier.
    const live = request.query.to === undefined ? products : undefined;
    const product = await seriesProduct(key, spec, range.to, { catalog, store, live });
    return readWindow(store, key, range, product, request.query.buckets ?? limits.defaultBuckets, limits.maxRawPoints);
  });
};

function requestedRange(q: { from?: string; to?: string }, now: number, defaultRangeMs: number): TimeRange {
  const to = q.to === undefined ? now : parseTime('to', q.to);
  const from = q.from === undefined ? Math.max(0, to - defaultRangeMs) : parseTime('from', q.from);
  if (from >= to) {
    throw badRequest('from', `query parameter 'from' (${new Date(from).toISOString()}) must be before 'to' (${new Date(to).toISOString()})`);
  }
  return { from, to };
}

async function readWindow(store: TimeSeriesStore, key: SeriesKey, range: TimeRange, { spec, product, basis }: SeriesProduct, buckets: number, maxRawPoints: number) {
  const head = {
    key,
    unit: CHARACTERISTICS[key.characteristic].unit,
    spec: { lsl: spec.lsl, usl: spec.usl, nominal: spec.target },
    product,
    productBasis: basis,
    from: range.from,
    to: range.to,
  };
  const [summary] = await store.summarize({ ...key, ...range });
  const count = summary?.count ?? 0;
  if (count > maxRawPoints) {
    const down = await store.readDownsampled(key, range, buckets);
    return { ...head, kind: 'downsampled' as const, count, bucketMs: down.bucketMs, buckets: down.buckets };
  }
  const points: Array<[number, number]> = [];
  if (count > 0) {
    const raw = await store.readSeries(key, range);
    for (let i = 0; i < raw.ts.length; i++) points.push([raw.ts[i], raw.value[i]]);
  }
  // Points that arrived between the count and the read are included: the limit is a size guide, not a contract.
  return { ...head, kind: 'raw' as const, count: points.length, points };
}
