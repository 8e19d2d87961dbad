/**
 * Opens the store a configuration names. Adapters are imported on demand so
 * an InfluxDB deployment never loads DuckDB's native module and vice versa.
 */
import { validateStoreConfig, type StoreConfig } from './config.js';
import { resolveStoreOptions, type StoreOptionsInput } from './options.js';
import type { TimeSeriesStore } from './port.js';

export async function openStore(config: StoreConfig, options?: StoreOptionsInput): Promise<TimeSeriesStore> {
  const checked = validateStoreConfig(config);
  const resolved = resolveStoreOptions(options);
  if (checked.kind === 'embedded') {
    const { openDuckDbStore } = await import('./duckdb/duckdb-store.js');
    return openDuckDbStore(checked.dataDir, resolved);
  }
  const { openInfluxStore } = await import('./influx/influx-store.js');
  return openInfluxStore(checked, resolved);
}
