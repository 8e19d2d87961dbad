/**
 * Broker options from a loaded configuration: its accounts, and where to
 * listen (`mqtt.listen`, with TLS when certificate paths are given).
 */
import type { LinewatchConfig } from '../config/resolve.js';
import { accountsFromConfig } from './accounts.js';
import type { BrokerOptions } from './create-broker.js';
import type { BrokerSettings } from './options.js';

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
    settings: { ...limitSettings(config), ...extra.settings, ...(port !== undefined ? { port } : {}), ...(host !== undefined ? { host } : {}) },
    ...(listen?.tls ? { tls: listen.tls } : {}),
  };
}

/** Room for the fixed header, the topic (at most 64 KiB in MQTT) and the packet id around a payload. */
const PACKET_OVERHEAD_BYTES = 64 * 1024;

/** `mqtt.limits` as broker settings; a packet may exceed its payload by the topic and headers. */
function limitSettings(config: LinewatchConfig): Partial<BrokerSettings> {
  const l = config.mqtt.limits ?? {};
  const settings: Partial<BrokerSettings> = {
    maxPayloadBytes: l.maxPayloadBytes,
    maxPacketBytes: l.maxPayloadBytes === undefined ? undefined : l.maxPayloadBytes + PACKET_OVERHEAD_BYTES,
    maxConnections: l.maxConnections,
    maxConnectionsPerGateway: l.maxConnectionsPerGateway,
    connectTimeoutMs: l.connectTimeoutMs,
    maxTopicLength: l.maxTopicLength,
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined));
}
