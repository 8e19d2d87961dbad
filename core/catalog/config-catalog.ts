import type { CharacteristicName } from '../../domain/characteristics.js';
import type { SupervisionClass } from '../../risk/options.js';
import type { SeriesCatalog, SeriesSpec } from './series-catalog.js';
import type { EnterpriseProfile } from '../enterprise-risk/risk-engine.js';

/**
 * What the catalogues need of a validated configuration (config/resolve.ts's
 * LinewatchConfig has this shape). Declared here so the core does not import
 * the configuration layer above it.
 */
export interface CatalogSource {
  readonly products: ReadonlyArray<{
    readonly id: string;
    readonly characteristics: Readonly<Partial<Record<string, { readonly lsl?: number | null; readonly usl?: number | null; readonly nominal?: number | null } | undefined>>>;
  }>;
  readonly enterprises: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly class: SupervisionClass;
    readonly lastInspection: string;
    readonly lines: ReadonlyArray<{ readonly id: string; readonly product: string }>;
  }>;
  readonly gateways: ReadonlyArray<{ readonly id: string; readonly enterprise: string; readonly lines?: readonly string[] | null; readonly sparkplug?: { readonly role: string } | null }>;
}

/**
 * The series the configuration defines: each line of each enterprise makes
 * one product, and that product's standard lists the characteristics
 * measured and their limits. Built once into nested maps for O(1) look-ups.
 */
export function catalogFromConfig(config: CatalogSource): SeriesCatalog {
  const products = new Map(config.products.map((p) => [p.id, p]));
  const specs = new Map<string, Map<string, Map<string, SeriesSpec>>>();
  const all: Array<{ enterprise: string; line: string; characteristic: CharacteristicName }> = [];
  for (const e of config.enterprises) {
    const lines = new Map<string, Map<string, SeriesSpec>>();
    specs.set(e.id, lines);
    for (const l of e.lines) {
      const product = products.get(l.product);
      const chars = new Map<string, SeriesSpec>();
      lines.set(l.id, chars);
      for (const [name, limits] of Object.entries(product?.characteristics ?? {})) {
        if (!limits) continue;
        chars.set(name, Object.freeze({ lsl: limits.lsl ?? null, usl: limits.usl ?? null, target: limits.nominal ?? null, product: l.product }));
        all.push({ enterprise: e.id, line: l.id, characteristic: name as CharacteristicName });
      }
    }
  }
  return {
    specOf(enterprise, line, characteristic) {
      const lines = specs.get(enterprise);
      if (!lines) return `unknown enterprise '${enterprise}'`;
      const chars = lines.get(line);
      if (!chars) return `enterprise '${enterprise}' has no line '${line}'`;
      return chars.get(characteristic) ?? `line '${line}' of '${enterprise}' does not measure ${characteristic} (not in its product's specification)`;
    },
    productSpecOf(product, characteristic) {
      const entry = products.get(product);
      if (!entry) return `unknown product '${product}' (not among the configuration's products: ${[...products.keys()].join(', ')})`;
      const limits = entry.characteristics[characteristic];
      if (!limits) return `product '${product}' does not specify ${characteristic} (not in its standard's characteristics)`;
      return Object.freeze({ lsl: limits.lsl ?? null, usl: limits.usl ?? null, target: limits.nominal ?? null, product });
    },
    list: () => all,
  };
}

/** The enterprises as the risk model needs them: name, registered class, last inspection. */
export function enterpriseProfiles(config: CatalogSource): EnterpriseProfile[] {
  return config.enterprises.map((e) => ({
    id: e.id,
    name: e.name,
    class: e.class,
    lastInspection: e.lastInspection,
    // A Sparkplug edge account publishes Sparkplug, never measurements: its silence is its reading gateway's, not a second finding.
    gateways: config.gateways.filter((g) => g.enterprise === e.id && g.sparkplug?.role !== 'edge').map((g) => ({ id: g.id, lines: g.lines ?? null })),
  }));
}
