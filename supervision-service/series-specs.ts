/**
 * The spec limits of an enterprise's series, from the configuration: each
 * line's product names the limits of its characteristics. What "no
 * out-of-spec production" and the Ppk bound of a class suggestion measure
 * against.
 */
import { isCharacteristicName } from '../domain/characteristics.js';
import type { LinewatchConfig } from '../config/resolve.js';
import type { SeriesSpec } from '../supervision/quality-evidence.js';

export function seriesSpecsOf(config: Pick<LinewatchConfig, 'enterprises' | 'products'>, enterprise: string): SeriesSpec[] {
  const e = config.enterprises.find((x) => x.id === enterprise);
  if (!e) return [];
  const products = new Map(config.products.map((p) => [p.id, p]));
  const specs: SeriesSpec[] = [];
  for (const line of e.lines) {
    const product = products.get(line.product);
    if (!product) continue;
    for (const [name, limits] of Object.entries(product.characteristics)) {
      if (!limits || !isCharacteristicName(name)) continue;
      specs.push({ line: line.id, characteristic: name, lsl: limits.lsl ?? null, usl: limits.usl ?? null });
    }
  }
  // Days recorded under a product a changeover named are judged against that product's limits, on any line.
  for (const product of config.products) {
    for (const [name, limits] of Object.entries(product.characteristics)) {
      if (!limits || !isCharacteristicName(name)) continue;
      specs.push({ line: '*', characteristic: name, product: product.id, lsl: limits.lsl ?? null, usl: limits.usl ?? null });
    }
  }
  return specs;
}
