/**
 * Which product a series is judged against at the end of a chart's range,
 * and that product's spec limits: from the analytics in this process when
 * there is one and it charts the series (it knows the product of the newest
 * reading), else from the
 * line's newest stored changeover (`product.changed`) before the range's
 * end, else the product the configuration gives the line.
 */
import type { SeriesCatalog, SeriesSpec } from '../../core/catalog/series-catalog.js';
import type { CharacteristicName } from '../../domain/characteristics.js';
import { productEventId } from '../../protocol/event-kinds.js';
import { decodeProductRecord } from '../../protocol/event-log/product-records.js';
import type { TimeSeriesStore } from '../../store/port.js';
import type { CurrentProducts } from '../options.js';

/** How far back a stand-alone dashboard looks for a line's last changeover: a line that changed nothing for a year makes its configured product. ms */
export const CHANGEOVER_LOOKBACK_MS = 366 * 86_400_000;

export interface SeriesProduct {
  readonly spec: SeriesSpec;
  /** The product id; null when neither a changeover nor the configuration names one. */
  readonly product: string | null;
  /** Where the product is known from. */
  readonly basis: 'live' | 'changeover' | 'configuration';
}

export async function seriesProduct(
  key: { readonly enterprise: string; readonly line: string; readonly characteristic: CharacteristicName },
  configured: SeriesSpec,
  at: number,
  deps: { readonly catalog: SeriesCatalog; readonly store: Pick<TimeSeriesStore, 'readEvents'>; readonly live: CurrentProducts | undefined },
): Promise<SeriesProduct> {
  const now = deps.live?.of(key.enterprise, key.line, key.characteristic) ?? null;
  if (now !== null) return { spec: { lsl: now.lsl, usl: now.usl, target: now.target, ...(now.product !== null ? { product: now.product } : {}) }, product: now.product, basis: 'live' };
  const records = await deps.store.readEvents({ enterprise: key.enterprise, id: productEventId(key.line), since: Math.max(0, at - CHANGEOVER_LOOKBACK_MS), until: at + 1 });
  for (let i = records.length - 1; i >= 0; i--) {
    const change = decodeProductRecord(records[i]);
    if (!change.ok) continue; // an unreadable record says nothing about the product; an older one may
    const spec = deps.catalog.productSpecOf(change.value.to, key.characteristic);
    // A product since taken out of the configuration, or one without this characteristic: its limits are unknown here.
    return typeof spec === 'string'
      ? { spec: { lsl: null, usl: null, target: null, product: change.value.to }, product: change.value.to, basis: 'changeover' }
      : { spec, product: spec.product, basis: 'changeover' };
  }
  return { spec: configured, product: configured.product ?? null, basis: 'configuration' };
}
