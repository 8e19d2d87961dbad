/**
 * GET /api/series answers with the product the line makes and that
 * product's spec limits: on its own, from the line's newest stored
 * changeover before the range's end (else the configured product); in the
 * analytics' process, from the live series. Real fastify (inject) on a real
 * embedded store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { catalogFromConfig } from '../../../core/catalog/config-catalog.js';
import { SeriesRegistry } from '../../../core/series/series-registry.js';
import { LiveConfig } from '../../../monitor/live-config.js';
import { isCharacteristicName } from '../../../domain/characteristics.js';
import { encodeProductRecord } from '../../../protocol/event-log/product-records.js';
import { bearer, startApi, T0, type ApiHarness } from '../../support/http-api-fixture.js';

const HOUR = 3_600_000;
let api: ApiHarness | null = null;

afterEach(async () => {
  await api?.close();
  api = null;
});

interface SeriesHead {
  spec: { lsl: number | null; usl: number | null; nominal: number | null };
  product: string | null;
  productBasis: string;
}

async function series(h: ApiHarness, query = ''): Promise<SeriesHead> {
  const token = await h.login('qa-acme');
  const res = await h.app.inject({ method: 'GET', url: `/api/series/acme/line-1/insulation_thickness${query}`, headers: bearer(token) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<SeriesHead>();
}

describe('a dashboard on its own', () => {
  it('shows the configured product until a changeover is stored, then the new product and its limits', async () => {
    api = await startApi();
    expect(await series(api)).toMatchObject({ product: 'BV-1.5', productBasis: 'configuration', spec: { lsl: 0.53, usl: null, nominal: 0.7 } });

    await api.store.appendEvents([encodeProductRecord({ enterprise: 'acme', line: 'line-1', at: T0 - HOUR, from: 'BV-1.5', to: 'BV-2.5' })]);
    expect(await series(api)).toMatchObject({ product: 'BV-2.5', productBasis: 'changeover', spec: { lsl: 0.62, usl: null, nominal: 0.8 } });
    // A range ending before the changeover was judged against the product made then.
    expect(await series(api, `?from=${T0 - 3 * HOUR}&to=${T0 - 2 * HOUR}`)).toMatchObject({ product: 'BV-1.5', productBasis: 'configuration', spec: { lsl: 0.53 } });
    // Another line's changeover is not this line's.
    await api.store.appendEvents([encodeProductRecord({ enterprise: 'acme', line: 'line-2', at: T0 - 10 * 60_000, from: 'BV-2.5', to: 'BV-1.5' })]);
    expect(await series(api)).toMatchObject({ product: 'BV-2.5' });
  });
});

describe('a dashboard in the analytics process', () => {
  it("shows the product of the live series' newest reading", async () => {
    let registry: SeriesRegistry | null = null;
    api = await startApi({
      products: {
        of: (e, l, c) => {
          if (!registry || !isCharacteristicName(c)) return null;
          for (const s of registry.ofEnterprise(e)) if (s.line === l && s.characteristic === c) return { product: s.product, lsl: s.spec.lsl, usl: s.spec.usl, target: s.spec.target };
          return null;
        },
      },
    });
    // Not charted yet: the stored changeovers, here none, so the configuration.
    expect(await series(api)).toMatchObject({ product: 'BV-1.5', productBasis: 'configuration' });
    const catalog = catalogFromConfig(api.config);
    registry = new SeriesRegistry(catalog, new LiveConfig());
    const state = registry.stateOf('acme', 'line-1', 'insulation_thickness');
    if (typeof state === 'string') throw new Error(state);
    const spec = catalog.productSpecOf('BV-2.5', 'insulation_thickness');
    if (typeof spec === 'string') throw new Error(spec);
    state.useProduct(spec);
    expect(await series(api)).toMatchObject({ product: 'BV-2.5', productBasis: 'live', spec: { lsl: 0.62, nominal: 0.8 } });
  });
});
