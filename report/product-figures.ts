/**
 * A line's month figures per product, where it made more than its configured
 * one: each product's samples (the store's summaries over its spans, pooled)
 * against that product's own limits, so a BV-2.5 run is not judged against
 * BV-1.5's spec nor mixed into its spread.
 */
import type { Product } from '../config/resolve.js';
import { isCharacteristicName } from '../domain/characteristics.js';
import type { SeriesSummary, TimeSeriesStore } from '../store/port.js';
import { figures } from './characteristic-figures.js';
import type { LineProducts, ProductFigures, SpecView } from './report-types.js';

/** Per characteristic of the line, its figures per product made in the month; empty when the line made only its configured product. */
export async function lineProductFigures(
  store: Pick<TimeSeriesStore, 'summarize'>,
  enterprise: string,
  line: LineProducts,
  configured: string | null,
  products: readonly Product[],
): Promise<Map<string, ProductFigures[]>> {
  const out = new Map<string, ProductFigures[]>();
  if (line.periods.every((p) => p.product === configured)) return out;
  // Per characteristic and product, the summaries of its spans.
  const parts = new Map<string, Map<string, SeriesSummary[]>>();
  for (const period of line.periods) {
    if (period.product === null) continue;
    for (const s of await store.summarize({ enterprise, line: line.line, from: period.from, to: period.to })) {
      let byProduct = parts.get(s.key.characteristic);
      if (!byProduct) parts.set(s.key.characteristic, (byProduct = new Map()));
      const list = byProduct.get(period.product);
      if (list) list.push(s);
      else byProduct.set(period.product, [s]);
    }
  }
  const byId = new Map(products.map((p) => [p.id, p]));
  for (const [characteristic, byProduct] of parts) {
    const rows: ProductFigures[] = [];
    for (const [product, summaries] of byProduct) {
      const pooled = pool(summaries);
      const limits = isCharacteristicName(characteristic) ? byId.get(product)?.characteristics[characteristic] : undefined;
      const spec: SpecView | null = limits ? { lsl: limits.lsl ?? null, usl: limits.usl ?? null, nominal: limits.nominal ?? null, source: limits.source ?? null } : null;
      const f = figures(pooled, spec);
      rows.push({ product, spec, n: f.n, mean: f.mean, sd: f.sd, min: pooled?.min ?? null, max: pooled?.max ?? null, pp: f.pp, ppk: f.ppk, expectedPpm: f.ppm });
    }
    out.set(characteristic, rows);
  }
  return out;
}

/** The summary of several spans' samples together (n, mean, sample sd, min, max), or undefined without samples. */
export function pool(summaries: readonly SeriesSummary[]): SeriesSummary | undefined {
  const withData = summaries.filter((s) => s.count > 0);
  if (withData.length === 0) return undefined;
  const n = withData.reduce((a, s) => a + s.count, 0);
  const mean = withData.reduce((a, s) => a + s.count * s.mean, 0) / n;
  // Within-span squares plus the spans' offsets from the pooled mean.
  const squares = withData.reduce((a, s) => a + (s.count - 1) * (s.sd ?? 0) ** 2 + s.count * (s.mean - mean) ** 2, 0);
  return {
    key: withData[0].key,
    count: n,
    mean,
    sd: n < 2 ? null : Math.sqrt(squares / (n - 1)),
    min: Math.min(...withData.map((s) => s.min)),
    max: Math.max(...withData.map((s) => s.max)),
  };
}
