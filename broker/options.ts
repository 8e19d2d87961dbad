/**
 * Every setting of the broker in one place, with units. Overrides are checked
 * once, when the broker is built; the result is frozen.
 */
import { DEFAULT_MEASUREMENT_BATCH_OPTIONS } from '../protocol/measurement-batch.js';
import { BrokerError } from './broker-error.js';
import { withDefaults } from '../domain/with-defaults.js';

export interface BrokerSettings {
  /** TCP port (IANA 1883 for MQTT; 8883 is usual for MQTT over TLS). 0 picks a free port. */
  readonly port: number;
  /** Address to bind. */
  readonly host: string;
  /** Longest topic or subscription filter, in characters. */
  readonly maxTopicLength: number;
  /** Most levels in a topic; aedes refuses deeper ones itself. */
  readonly maxTopicLevels: number;
  /** Largest PUBLISH payload, in bytes. */
  readonly maxPayloadBytes: number;
  /** Largest MQTT packet on the wire, in bytes; larger ones cut the connection before they are buffered. */
  readonly maxPacketBytes: number;
  /** Most simultaneous connections. */
  readonly maxConnections: number;
  /** Most simultaneous sessions of one gateway account (distinct client ids); services are not limited. */
  readonly maxConnectionsPerGateway: number;
  /** How long a new connection may take to send CONNECT, in ms. */
  readonly connectTimeoutMs: number;
  /**
   * How long a subscriber whose socket is full may show no sign of life
   * (send no byte, take no write of ours) before it is cut off, in ms
   * (drain-watch.ts); 0 never cuts it. A subscriber that is only behind
   * (analytics working through a backlog, sending a PUBACK for each batch it
   * takes) is not cut: with `deliveryConcurrency` 0 its buffer may hold everything
   * the publishers keep in flight, and aedes' own rule (cut unless the
   * buffer is empty again within the timeout) would cut it.
   */
  readonly drainTimeoutMs: number;
  /**
   * Messages the broker delivers at once (aedes' `concurrency`, its
   * mqemitter's). 0, the default, sets no limit. A limit is head-of-line
   * blocking for the whole broker: a delivery to a subscriber whose socket is
   * full holds its slot until the socket drains, so once a slow subscriber
   * holds them all, every other message waits behind its backlog in one
   * queue: acks to gateways and alerts to dashboards behind the batches for
   * analytics. Without a limit a message that cannot be written yet waits in
   * its own subscriber's socket buffer instead of that queue; memory holds
   * the same messages either way, bounded by what publishers keep in flight:
   * aedes reads a publisher's next packets only once its last ones are
   * delivered. count
   */
  readonly deliveryConcurrency: number;
  /** Interval of the broker's $SYS heartbeat, in ms (also paces aedes' clean-up of stale wills). */
  readonly heartbeatIntervalMs: number;
  /** Verified credentials remembered so reconnect storms skip scrypt (entries; 0 turns it off). */
  readonly credentialCacheEntries: number;
  /** Refusal log lines per minute; beyond that refusals are only counted, and a summary line follows. */
  readonly refusalLogsPerMinute: number;
}

export const DEFAULT_BROKER_OPTIONS: BrokerSettings = Object.freeze({
  port: 1883,
  // Loopback unless told otherwise: exposing a broker is a decision, not an accident.
  host: '127.0.0.1',
  // linewatch topics stay under 200 characters; the limit keeps parsing and logging cheap.
  maxTopicLength: 512,
  // linewatch topics have 4 or 5 levels; aedes caps this at 100.
  maxTopicLevels: 16,
  // One measurement batch at its limit (1 MiB).
  maxPayloadBytes: DEFAULT_MEASUREMENT_BATCH_OPTIONS.maxBytes,
  // A full payload plus room for the topic and headers.
  maxPacketBytes: DEFAULT_MEASUREMENT_BATCH_OPTIONS.maxBytes + 64 * 1024,
  // A county cluster needs about 2,000 (gateways and services).
  maxConnections: 10_000,
  // A gateway needs one; a second lets a replacement start before the old one has gone.
  maxConnectionsPerGateway: 2,
  connectTimeoutMs: 10_000,
  drainTimeoutMs: 30_000,
  deliveryConcurrency: 0,
  heartbeatIntervalMs: 60_000,
  credentialCacheEntries: 4096,
  refusalLogsPerMinute: 60,
});

function optionError(message: string): BrokerError {
  return new BrokerError('LW_BROKER_OPTIONS', message);
}

export function resolveBrokerSettings(overrides: Partial<BrokerSettings> = {}): BrokerSettings {
  const s: BrokerSettings = withDefaults(DEFAULT_BROKER_OPTIONS, overrides);
  if (!Number.isInteger(s.port) || s.port < 0 || s.port > 65535) throw optionError(`port must be a whole number from 0 to 65535, got ${s.port}`);
  if (typeof s.host !== 'string' || s.host === '') throw optionError(`host must be a non-empty string, got ${String(s.host)}`);
  const positive = ['maxTopicLength', 'maxTopicLevels', 'maxPayloadBytes', 'maxPacketBytes', 'maxConnections', 'maxConnectionsPerGateway', 'connectTimeoutMs', 'heartbeatIntervalMs'] as const;
  for (const name of positive) {
    if (!Number.isSafeInteger(s[name]) || s[name] < 1) throw optionError(`${name} must be a positive whole number, got ${s[name]}`);
  }
  for (const name of ['drainTimeoutMs', 'deliveryConcurrency', 'credentialCacheEntries', 'refusalLogsPerMinute'] as const) {
    if (!Number.isSafeInteger(s[name]) || s[name] < 0) throw optionError(`${name} must be a whole number >= 0, got ${s[name]}`);
  }
  if (s.maxTopicLevels > 100) throw optionError(`maxTopicLevels must be at most 100 (aedes' own ceiling), got ${s.maxTopicLevels}`);
  if (s.maxPacketBytes <= s.maxPayloadBytes) throw optionError(`maxPacketBytes (${s.maxPacketBytes}) must exceed maxPayloadBytes (${s.maxPayloadBytes}) to leave room for the topic and headers`);
  return Object.freeze(s);
}
