/**
 * The Sparkplug B source: a read-only Sparkplug host application on an MQTT
 * broker (linewatch's own, or the plant's). It subscribes to its groups
 * with QoS 1 on a persistent session (fixed client id, clean: false), so the
 * broker keeps what edge nodes publish while the gateway is down; a message
 * is acknowledged (PUBACK) only once its readings are in the gateway's batch.
 *
 * It never publishes: no STATE, no NCMD, no DCMD, no will. The MQTT client is
 * held only through `ReadOnlyBus`, which has no publish, so no code here
 * can send one (sparkplug/README.md, "Read-only").
 */
import { readFile } from 'node:fs/promises';
import type { IClientOptions, IPublishPacket, ISubscriptionGrant, MqttClient } from 'mqtt';
import { ConfigError } from '../../../config/config-error.js';
import type { GatewaySource, SourceDeps, SourceSink } from '../gateway-source.js';
import { DEFAULT_RECONNECT, type SparkplugSourceConfig } from './sparkplug-config.js';
import { readBirthFile, writeBirthFile } from './birth-file.js';
import { SparkplugHost } from './sparkplug-host.js';
import { loadPayloadReader } from './sparkplug-payload.js';
import { SPARKPLUG_NAMESPACE } from '../../../protocol/sparkplug.js';
import { MetricMap } from './metric-map.js';

/** The part of an MQTT client this source may use: subscribe, listen, end. No publish. */
export interface ReadOnlyBus {
  subscribeAsync(filters: string[], options: { qos: 1 }): Promise<ISubscriptionGrant[]>;
  on(event: 'connect' | 'close' | 'offline', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  /** MQTT.js calls it for every message, one at a time, and sends the PUBACK once `done` is called. */
  handleMessage: (packet: IPublishPacket, done: (err?: Error) => void) => void;
  endAsync(force?: boolean): Promise<void>;
}

/** The MQTT filters a host of these groups subscribes to (every group: `spBv1.0/#`). */
export function sparkplugFilters(groups: readonly string[] | undefined): string[] {
  return groups === undefined ? [`${SPARKPLUG_NAMESPACE}/#`] : groups.map((g) => `${SPARKPLUG_NAMESPACE}/${g}/#`);
}

export class SparkplugSource implements GatewaySource {
  readonly kind = 'sparkplug';
  private bus: ReadOnlyBus | undefined;
  private stopped = false;

  constructor(
    private readonly config: SparkplugSourceConfig,
    private readonly deps: SourceDeps,
  ) {}

  async start(sink: SourceSink): Promise<void> {
    const { config, deps } = this;
    const password = await passwordOf(config);
    const host = new SparkplugHost(await loadPayloadReader(), new MetricMap(config.metrics), deps.clock ?? Date.now);
    if (config.stateFile !== undefined) {
      try {
        host.restore(await readBirthFile(config.stateFile));
      } catch (err) {
        throw new ConfigError('LW_CONFIG_INVALID', `the Sparkplug source of ${config.mqttUrl}`, [{ path: 'stateFile', message: (err as Error).message }]);
      }
    }
    let saved = host.changes;
    const filters = sparkplugFilters(config.groups);
    const bus = await connectReadOnly(config, password);
    this.bus = bus;
    bus.handleMessage = (packet, done) => {
      try {
        const outcome = host.receive(packet.topic, packet.payload as Buffer);
        for (const p of outcome.problems) sink.bad(p.reason, p.detail);
        // take never rejects; the PUBACK waits until the readings are in the batch (and a birth in stateFile).
        const taken = outcome.events.length > 0 ? sink.take(outcome.events) : Promise.resolve();
        const file = config.stateFile;
        const kept =
          file !== undefined && host.changes !== saved
            ? writeBirthFile(file, host.savedBirths()).then(
                () => void (saved = host.changes),
                (err: Error) => sink.bad('read-error', `cannot write stateFile ${file}: ${err.message}`),
              )
            : undefined;
        Promise.all([taken, kept]).then(
          () => done(),
          () => done(),
        );
      } catch (err) {
        // receive never throws; if it ever did, one message is counted, never the gateway lost.
        sink.bad('protocol', `${packet.topic}: ${(err as Error).message}`);
        done();
      }
    };
    bus.on('connect', () => {
      sink.connected(true);
      bus.subscribeAsync(filters, { qos: 1 }).then(
        (grants) => {
          for (const g of grants) if (g.qos === 128) sink.bad('read-error', `the broker refused the subscription ${g.topic}: this account may not read it (broker ACL)`);
        },
        (err: Error) => {
          if (!this.stopped) deps.log.warn({ source: this.kind, err: err.message }, 'sparkplug: subscribe failed; retried at the next connect');
        },
      );
    });
    bus.on('close', () => sink.connected(false));
    bus.on('error', (err) => deps.log.warn({ source: this.kind, err: err.message }, 'sparkplug: broker connection error'));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    // Not forced: a message being read finishes and is acknowledged first.
    await this.bus?.endAsync(false);
  }
}

/**
 * Connects with a persistent session and exponential back-off; returns the
 * client as a `ReadOnlyBus`. The one place the full MQTT client exists.
 */
async function connectReadOnly(config: SparkplugSourceConfig, password: string | undefined): Promise<ReadOnlyBus> {
  const mqtt = await import('mqtt');
  const { minMs = DEFAULT_RECONNECT.minMs, maxMs = DEFAULT_RECONNECT.maxMs } = config.reconnect ?? {};
  let delay = minMs;
  const options: IClientOptions = {
    clientId: clientIdOf(config),
    // Persistent: the broker queues QoS 1 messages for this host while it is away.
    clean: false,
    reconnectPeriod: delay,
    connectTimeout: 10_000,
    rejectUnauthorized: config.insecureTls !== true,
    ...(config.username !== undefined ? { username: config.username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
  const client: MqttClient = mqtt.connect(config.mqttUrl, options);
  client.on('connect', () => {
    delay = minMs;
    client.options.reconnectPeriod = delay;
  });
  client.on('close', () => {
    delay = Math.min(maxMs, delay * 2);
    client.options.reconnectPeriod = delay;
  });
  return client;
}

/** The fixed client id of the host's persistent session. On linewatch's broker it must be `<username>:<instance>`. */
export function clientIdOf(config: Pick<SparkplugSourceConfig, 'clientId' | 'username'>): string {
  return config.clientId ?? (config.username !== undefined ? `${config.username}:sparkplug-host` : 'linewatch-sparkplug-host');
}

/** The password the file points to; a ConfigError with the field's path when it cannot be had. */
async function passwordOf(config: SparkplugSourceConfig): Promise<string | undefined> {
  const where = `the Sparkplug source of ${config.mqttUrl}`;
  if (config.passwordEnv !== undefined) {
    const value = process.env[config.passwordEnv];
    if (value === undefined || value === '') throw new ConfigError('LW_CONFIG_INVALID', where, [{ path: 'passwordEnv', message: `environment variable ${config.passwordEnv} is not set` }]);
    return value;
  }
  if (config.passwordFile !== undefined) {
    try {
      return (await readFile(config.passwordFile, 'utf8')).split(/\r?\n/)[0];
    } catch (err) {
      throw new ConfigError('LW_CONFIG_INVALID', where, [{ path: 'passwordFile', message: `cannot read ${config.passwordFile}: ${(err as Error).message}` }]);
    }
  }
  return undefined;
}
