/**
 * The broker built from a loaded configuration: its accounts, where to
 * listen (`mqtt.listen`, with TLS when certificate paths are given), its
 * limits (`mqtt.limits`) and its metrics. `linewatch broker` and the
 * embedded stack both build it with `brokerFromConfig`.
 */
import type { ServiceLifecycle } from '../ops/service-lifecycle.js';
import type { LinewatchConfig } from '../config/resolve.js';
import { MetricsRegistry } from '../ops/metrics.js';
import { type BrokerAccount, accountsFromConfig } from './accounts.js';
import { BrokerError } from './broker-error.js';
import { type BrokerAddress, type BrokerOptions, createBroker, type LinewatchBroker } from './create-broker.js';
import { registerBrokerMetrics } from './metrics.js';
import type { BrokerSettings } from './options.js';
import type { BrokerLogger } from './refusal-log.js';

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

/** What differs between the places that run the broker; everything else comes from the configuration. */
export interface BrokerOverrides extends ListenOverrides {
  /** Accounts besides the configuration's (the embedded stack's in-process clients). */
  readonly extraAccounts?: readonly BrokerAccount[];
  /** A registry shared with other services (one /metrics for a process); absent: a registry of its own. */
  readonly metrics?: MetricsRegistry;
  /** Where refusals and connection events go; absent: pino on stderr. */
  readonly logger?: BrokerLogger;
}

/** The /readyz answer: ready while it listens. */
export interface BrokerReadiness {
  readonly ok: boolean;
  readonly detail: { readonly listening: boolean };
}

export interface BrokerService extends ServiceLifecycle<BrokerAddress, BrokerReadiness> {
  /** Listens; a failed start closes the broker and rejects with its BrokerError. */
  start(): Promise<BrokerAddress>;
  stop(): Promise<void>;
  ready(): Promise<BrokerReadiness>;
  /** The registry its metrics are in (the one given, or its own). */
  readonly metrics: MetricsRegistry;
  readonly broker: LinewatchBroker;
  /** Whether it serves mqtts (the configuration names a key and certificate). */
  readonly tls: boolean;
  /** Where it listens; only after start. */
  readonly address: BrokerAddress;
}

export function brokerFromConfig(config: LinewatchConfig, overrides: BrokerOverrides = {}): BrokerService {
  const { extraAccounts = [], metrics: givenMetrics, logger, port, host } = overrides;
  const options = brokerOptionsFromConfig(config, { port, host }, logger ? { logger } : {});
  const broker = createBroker({ ...options, accounts: [...options.accounts, ...extraAccounts] });
  const metrics = registerBrokerMetrics(givenMetrics ?? new MetricsRegistry(), broker);
  let address: BrokerAddress | null = null;
  return {
    broker,
    metrics,
    tls: options.tls !== undefined,
    get address(): BrokerAddress {
      if (!address) throw new BrokerError('LW_BROKER_STATE', 'the broker has no address before it is started');
      return address;
    },
    async start() {
      try {
        address = await broker.listen();
        return address;
      } catch (err) {
        await broker.close().catch(() => {});
        throw err;
      }
    },
    async stop() {
      address = null;
      await broker.close();
    },
    async ready() {
      return { ok: address !== null, detail: { listening: address !== null } };
    },
  };
}
