import type { LinewatchConfig } from '../config/resolve.js';
import type { StoreConfig } from '../store/config.js';

/** The store section of the configuration in the form the store opens it. */
export function storeConfigOf(config: LinewatchConfig): StoreConfig {
  return config.store as StoreConfig;
}
