/**
 * Broker options from a loaded configuration: its accounts, and where to
 * listen (`mqtt.listen`, with TLS when certificate paths are given).
 */
import type { LinewatchConfig } from '../config/resolve.js';
import { accountsFromConfig } from './accounts.js';
import type { BrokerOptions } from './create-broker.js';

export interface ListenOverrides {
  readonly port?: number;
  readonly host?: string;
}

export function brokerOptionsFromConfig(config: LinewatchConfig, overrides: ListenOverrides = {}, extra: Omit<BrokerOptions, 'accounts' | 'tls'> = {}): BrokerOptions {
  const listen = config.mqtt.listen;
  const port = overrides.port ?? listen?.port;
  const host = overrides.host ?? listen?.host;
  return {
    ...extra,
    accounts: accountsFromConfig(config),
    settings: { ...extra.settings, ...(port !== undefined ? { port } : {}), ...(host !== undefined ? { host } : {}) },
    ...(listen?.tls ? { tls: listen.tls } : {}),
  };
}
