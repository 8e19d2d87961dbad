import mqtt, { type MqttClient } from 'mqtt';
import type { ServiceLifecycle } from '../ops/service-lifecycle.js';
import { clientIdFor } from '../protocol/client-id.js';
import type { BusClient } from '../protocol/bus-client.js';
import { gatewayWill } from '../protocol/status.js';
import { statusTopic } from '../protocol/topics.js';
import { createLogger, type Logger } from '../ops/logger.js';
import { MetricsRegistry } from '../ops/metrics.js';
import { withDefaults } from '../domain/with-defaults.js';
import { GatewayService, type GatewaySettings } from './gateway-service.js';
import { registerGatewayMetrics } from './metrics.js';
import { DEFAULT_GATEWAY_OPTIONS, type GatewayOptions } from './options.js';
import { FileOutbox, type FileOutboxOptions } from './outbox/file-outbox.js';
import type { Outbox } from './outbox/outbox.js';

/** How a gateway reaches the broker, and its sending settings. */
export type GatewayConnectOptions = Partial<GatewayOptions> & Pick<GatewayOptions, 'mqttUrl' | 'enterprise' | 'gateway' | 'password'>;

/** A gateway as the CLI and the embedded stack describe it: the connection, the sending settings, and its disk outbox. */
export interface GatewayConfig extends GatewayConnectOptions {
  /**
   * The disk outbox. `firstSeq` defaults to `Date.now() * 1000`: a new
   * directory then starts above every seq an older one issued, which keeps
   * them apart even for an analytics service that predates epochs
   * (outbox/README.md); an existing directory continues its own seqs.
   */
  readonly outbox: FileOutboxOptions;
}

/** What a caller may put in place of what `gatewayFromConfig` would make. */
export interface GatewayOverrides {
  readonly log?: Logger;
  readonly clock?: () => number;
  /** An outbox already open (a `MemoryOutbox` in a test): `config.outbox` is then not opened. */
  readonly outbox?: Outbox;
  /** A bus client in place of the MQTT connection to `config.mqttUrl` (a unit test's in-process client). */
  readonly client?: BusClient;
}

/** A built gateway: what a process needs to run it and to answer its operations endpoints. */
export interface GatewayReadiness {
  readonly ok: boolean;
  readonly detail: { readonly connected: boolean; readonly outboxBatches: number };
}

export interface GatewayRuntime extends ServiceLifecycle<void, GatewayReadiness> {
  readonly gateway: GatewayService;
  /** Starts sending (points are accepted from now on, connected or not). */
  start(): Promise<void>;
  /** Flushes, waits up to `timeoutMs` for acks, ends the connection and closes the outbox. */
  stop(timeoutMs?: number): Promise<void>;
  /** Ready while connected to the broker. */
  ready(): Promise<GatewayReadiness>;
}

/**
 * Builds a gateway from its configuration, the same way for `linewatch
 * gateway`, `linewatch replay` and the gateways of the embedded stack: opens
 * its disk outbox, connects to the broker, and wires the two into a
 * `GatewayService`. Rejects when the outbox cannot be opened, with an
 * `OutboxOpenError` that names the directory and why.
 */
export async function gatewayFromConfig(config: GatewayConfig, overrides: GatewayOverrides = {}): Promise<GatewayRuntime> {
  const log = overrides.log ?? createLogger(`gateway-${config.gateway}`);
  const outbox = overrides.outbox ?? (await openOutbox(config.outbox));
  const client = overrides.client ?? connectBus(config);
  const gateway = new GatewayService(sendingSettings(config), { outbox, client, log, ...(overrides.clock ? { clock: overrides.clock } : {}) });
  const registry = registerGatewayMetrics(new MetricsRegistry(), () => [gateway]);
  return {
    gateway,
    start: async () => gateway.start(),
    stop: (timeoutMs) => gateway.stop(timeoutMs),
    ready: async () => {
      const { connected, outbox: held } = gateway.stats();
      return { ok: connected, detail: { connected, outboxBatches: held.batches } };
    },
    metrics: registry,
  };
}

/** A gateway over MQTT with an outbox the caller opened (tests and benchmarks that bring a `MemoryOutbox`). */
export function connectGateway(options: GatewayConnectOptions, deps: { readonly outbox: Outbox; readonly log: Logger; readonly clock?: () => number }): GatewayService {
  return new GatewayService(sendingSettings(options), { ...deps, client: connectBus(options) });
}

/**
 * The gateway's MQTT connection: its login, a clean session, its last will
 * (status offline, retained), and reconnecting with exponential backoff
 * from `reconnectMinMs` to `reconnectMaxMs`. Connects in the background.
 */
export function connectBus(options: GatewayConnectOptions): MqttClient {
  const o = withDefaults<GatewayOptions>({ ...DEFAULT_GATEWAY_OPTIONS, mqttUrl: '', enterprise: '', gateway: '', password: '' }, options);
  const username = o.username ?? o.gateway;
  let reconnectDelay = o.reconnectMinMs;
  const client = mqtt.connect(o.mqttUrl, {
    username,
    password: o.password,
    clientId: clientIdFor(username),
    clean: true,
    reconnectPeriod: reconnectDelay,
    connectTimeout: 10_000,
    rejectUnauthorized: o.rejectUnauthorized,
    will: gatewayWill(statusTopic(o.enterprise, o.gateway), Date.now()),
  });
  // Exponential backoff, read by MQTT.js when it schedules the next attempt.
  client.on('connect', () => {
    reconnectDelay = o.reconnectMinMs;
    client.options.reconnectPeriod = reconnectDelay;
  });
  client.on('close', () => {
    reconnectDelay = Math.min(o.reconnectMaxMs, reconnectDelay * 2);
    client.options.reconnectPeriod = reconnectDelay;
  });
  return client;
}

/** The outbox directory could not be opened (locked by another gateway, unreadable, not a directory...). */
export class OutboxOpenError extends Error {
  constructor(
    readonly dir: string,
    cause: unknown,
  ) {
    super(`cannot open the outbox in ${dir}: ${(cause as Error).message}`, { cause });
    this.name = 'OutboxOpenError';
  }
}

async function openOutbox(options: FileOutboxOptions): Promise<FileOutbox> {
  try {
    return await FileOutbox.open({ firstSeq: Date.now() * 1000, ...options });
  } catch (err) {
    throw new OutboxOpenError(options.dir, err);
  }
}

function sendingSettings(options: GatewayConnectOptions): GatewaySettings {
  const { mqttUrl: _url, password: _password, username: _username, rejectUnauthorized: _tls, reconnectMinMs: _min, reconnectMaxMs: _max, ...settings } = options;
  return settings;
}
