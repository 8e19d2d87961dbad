/**
 * Default products for simulated lines: spec limits from the product
 * standards (docs/design.md, "The domain") and the in-control behaviour
 * of an honest plant. Only what a simulation needs; the live system takes its
 * specs from the configuration file.
 */
import type { SeriesSpec } from '../core/catalog/series-catalog.js';
import type { CharacteristicName } from '../domain/characteristics.js';

/** A series' spec as the analytics service sees it (lsl, usl, nominal target; null where none). */
export type SpecLimits = SeriesSpec;

export interface CharacteristicDefaults extends SpecLimits {
  readonly characteristic: CharacteristicName;
  readonly unit: string;
  /** In-control process mean of a plant that does not cut material. */
  readonly mean: number;
  /** In-control standard deviation of the readings. */
  readonly sigma: number;
  /**
   * Which way a plant that saves material moves this characteristic: -1 for
   * thinner (diameter, thickness), +1 for higher resistance (less copper).
   * Drifts, steps and off-centre settings of the scenario mix go this way.
   */
  readonly savingDirection: 1 | -1;
  /** Where the limits come from. */
  readonly source: string;
}

export interface Product {
  readonly id: string;
  readonly description: string;
  readonly characteristics: readonly CharacteristicDefaults[];
}

// Annealed copper at 20 C: 1/58 ohm mm2/m (IEC 60028), so 12.1 ohm/km needs at
// least 17.241/12.1 = 1.425 mm2 of copper, a round wire of 1.347 mm.
const COPPER_RESISTIVITY = 17.241; // ohm mm2/km
const MIN_DIAMETER_1_5 = Math.round(Math.sqrt((4 * (COPPER_RESISTIVITY / 12.1)) / Math.PI) * 1000) / 1000;

/**
 * BVV 2 x 1.5 mm2: light PVC-sheathed cable, 227 IEC 10 (IEC 60227-4,
 * GB/T 5023.4), plain copper class 1 conductors (IEC 60228, GB/T 3956).
 */
export const BVV_2X1_5: Product = Object.freeze({
  // Product ids never appear in topics, so they keep the '.' of the cross-section, as config/demo.json writes them.
  id: 'BVV-2x1.5',
  description: 'BVV 2 x 1.5 mm2, 227 IEC 10 light PVC-sheathed cable, plain copper class 1',
  characteristics: Object.freeze([
    Object.freeze({
      characteristic: 'conductor_diameter',
      unit: 'mm',
      // IEC 60228 limits a class 1 conductor by its resistance, not its
      // diameter: lsl is the thinnest wire that still meets 12.1 ohm/km; usl
      // is a typical works tolerance (nominal + 0.04 mm), not a standard limit.
      lsl: MIN_DIAMETER_1_5,
      usl: 1.42,
      target: 1.38, // sqrt(4 x 1.5 / pi) = 1.382
      mean: 1.38,
      sigma: 0.005,
      savingDirection: -1,
      source: 'IEC 60228 class 1, 1.5 mm2 (lsl derived from the 12.1 ohm/km maximum)',
    }),
    Object.freeze({
      characteristic: 'conductor_resistance',
      unit: 'ohm/km',
      lsl: null,
      usl: 12.1,
      target: null,
      mean: 11.75, // typical production: 11.6 to 11.9
      sigma: 0.05,
      savingDirection: 1,
      source: 'IEC 60228 / GB/T 3956 Table 1: 1.5 mm2 plain copper class 1, max 12.1 ohm/km at 20 C',
    }),
    Object.freeze({
      characteristic: 'insulation_thickness',
      unit: 'mm',
      lsl: 0.53, // minimum at any point: 90% of nominal - 0.1 mm
      usl: null,
      target: 0.7,
      mean: 0.74, // plants run a little above nominal: the mean must not fall below it
      sigma: 0.02,
      savingDirection: -1,
      source: 'IEC 60227-4 / GB/T 5023.4, 227 IEC 10: nominal 0.7 mm; IEC 60227-1: min 0.9 x nominal - 0.1 mm',
    }),
    Object.freeze({
      characteristic: 'sheath_thickness',
      unit: 'mm',
      lsl: 0.92, // minimum at any point: 85% of nominal - 0.1 mm
      usl: null,
      target: 1.2,
      mean: 1.26,
      sigma: 0.03,
      savingDirection: -1,
      source: 'IEC 60227-4 / GB/T 5023.4, 227 IEC 10 2 x 1.5: nominal 1.2 mm; IEC 60227-1: min 0.85 x nominal - 0.1 mm',
    }),
  ]),
});

export const PRODUCTS: Readonly<Record<string, Product>> = Object.freeze({ [BVV_2X1_5.id]: BVV_2X1_5 });
export const DEFAULT_PRODUCT_ID = BVV_2X1_5.id;

/** The defaults of one characteristic of a product, or undefined when it has none. */
export function characteristicDefaults(productId: string, characteristic: CharacteristicName): CharacteristicDefaults | undefined {
  const product = Object.hasOwn(PRODUCTS, productId) ? PRODUCTS[productId] : undefined;
  return product?.characteristics.find((c) => c.characteristic === characteristic);
}

/** The limit that saving material pushes toward (usl for resistance, lsl for thickness), or null. */
export function savingLimit(c: CharacteristicDefaults): number | null {
  return c.savingDirection === 1 ? c.usl : c.lsl;
}
