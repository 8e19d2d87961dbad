import type { CharacteristicName } from '../../domain/characteristics.js';

/** The specification of one monitored series, from its product's standard. */
export interface SeriesSpec {
  /** Lower and upper spec limits; null where the standard sets none (resistance has only a maximum). */
  readonly lsl: number | null;
  readonly usl: number | null;
  /** Nominal value, where the standard gives one. */
  readonly target: number | null;
  /** The product the line makes, when known: a different one re-establishes the series' live limits. */
  readonly product?: string;
}

/** The spec of a series while its line makes a named product. */
export type ProductSpec = SeriesSpec & { readonly product: string };

/**
 * Which series exist: the reference data (enterprises, their lines, the
 * products made on them and those products' specs). The ingest step asks it
 * about every point so that data for an unknown series is rejected with a
 * reason instead of silently creating a series.
 */
export interface SeriesCatalog {
  /** The spec of a configured series, or a sentence saying why there is none. */
  specOf(enterprise: string, line: string, characteristic: CharacteristicName): SeriesSpec | string;
  /** The spec of a configured product for a characteristic (a changeover reported by a gateway), or why there is none. */
  productSpecOf(product: string, characteristic: CharacteristicName): ProductSpec | string;
  /** Every configured series. */
  list(): Iterable<{ readonly enterprise: string; readonly line: string; readonly characteristic: CharacteristicName }>;
}
