import type { LinewatchConfig } from '../config/resolve.js';
import { StoreError } from '../store/errors.js';
import { validateStoreConfig, type StoreConfig } from '../store/config.js';
import { CliError } from './cli-error.js';

/** The store section of the configuration, checked by the store itself (an InfluxDB section needs a database or bucket). */
export function storeConfigOf(command: string, config: LinewatchConfig): StoreConfig {
  try {
    return validateStoreConfig(config.store);
  } catch (err) {
    if (err instanceof StoreError) throw new CliError('LW_CONFIG', `${command}: ${config.source}: ${err.message}`);
    throw err;
  }
}
