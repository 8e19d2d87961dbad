/**
 * The defensive limits of the configuration file: `mqtt.limits` (the broker
 * and the batch decoder) and `http.limits` (the dashboard's HTTP server,
 * sessions and login). Every key is optional; an absent one keeps the
 * service's own safe default (DEFAULT_BROKER_OPTIONS, DEFAULT_MEASUREMENT_BATCH_OPTIONS,
 * DEFAULT_DASHBOARD_OPTIONS), so a file states only what it changes.
 *
 * The file speaks in the units people think in (seconds, minutes); the
 * resolved form is in the services' units (ms) and names their settings.
 */
import Type from 'typebox';

const closed = { additionalProperties: false } as const;
const Count = (minimum: number, maximum: number) => Type.Optional(Type.Integer({ minimum, maximum }));
const Seconds = (maximum: number) => Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum }));

export const MqttLimitsSchema = Type.Object(
  {
    /** Largest measurement batch (PUBLISH payload), bytes. */
    maxMessageBytes: Count(1024, 64 * 1_048_576),
    /** Most points in one measurement batch. */
    maxPointsPerMessage: Count(1, 1_000_000),
    /** Most simultaneous connections to the embedded broker. */
    maxConnections: Count(1, 1_000_000),
    /** Most simultaneous sessions of one gateway account. */
    maxConnectionsPerGateway: Count(1, 100),
    /** How long a new connection may take to send its CONNECT. */
    connectTimeoutSeconds: Seconds(300),
    /** Longest topic or subscription filter, characters. */
    maxTopicLength: Count(64, 65_535),
  },
  closed,
);

export const HttpLimitsSchema = Type.Object(
  {
    /** Most simultaneous HTTP (and socket.io) connections. */
    maxConnections: Count(1, 1_000_000),
    /** How long a client may take to send a request's headers. */
    headersTimeoutSeconds: Seconds(600),
    /** How long a client may take to send a whole request. */
    requestTimeoutSeconds: Seconds(3600),
    /** Largest request head (request line and headers), bytes. */
    maxHeaderBytes: Count(1024, 1_048_576),
    /** How long a connection may send nothing (a connection that never sends a request is closed then). */
    idleTimeoutSeconds: Seconds(3600),
    /** Largest request body, bytes. */
    maxBodyBytes: Count(1024, 64 * 1_048_576),
    /** Lifetime of a session token. */
    tokenTtlMinutes: Count(1, 7 * 24 * 60),
    /** Login attempts one client address may make per minute. */
    loginAttemptsPerAddressPerMinute: Count(1, 100_000),
    /** Failed logins of one user name before further attempts are refused for `loginLockoutMinutes`. */
    loginFailuresPerUser: Count(1, 1000),
    loginLockoutMinutes: Count(1, 24 * 60),
  },
  closed,
);

export type MqttLimitsEntry = Type.Static<typeof MqttLimitsSchema>;
export type HttpLimitsEntry = Type.Static<typeof HttpLimitsSchema>;

/** `mqtt.limits` in the services' units; only what the file set. */
export interface MqttLimits {
  readonly maxPayloadBytes?: number;
  readonly maxPoints?: number;
  readonly maxConnections?: number;
  readonly maxConnectionsPerGateway?: number;
  readonly connectTimeoutMs?: number;
  readonly maxTopicLength?: number;
}

/** `http.limits` in the services' units; only what the file set. */
export interface HttpLimits {
  readonly maxConnections?: number;
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly maxHeaderBytes?: number;
  readonly idleTimeoutMs?: number;
  readonly bodyLimit?: number;
  readonly tokenTtlSeconds?: number;
  readonly loginPerIpMax?: number;
  readonly loginPerUserMaxFailures?: number;
  readonly loginPerUserWindowMs?: number;
}

export function resolveMqttLimits(entry: MqttLimitsEntry | undefined): MqttLimits {
  const e = entry ?? {};
  return defined({
    maxPayloadBytes: e.maxMessageBytes,
    maxPoints: e.maxPointsPerMessage,
    maxConnections: e.maxConnections,
    maxConnectionsPerGateway: e.maxConnectionsPerGateway,
    connectTimeoutMs: ms(e.connectTimeoutSeconds, 1000),
    maxTopicLength: e.maxTopicLength,
  });
}

export function resolveHttpLimits(entry: HttpLimitsEntry | undefined): HttpLimits {
  const e = entry ?? {};
  return defined({
    maxConnections: e.maxConnections,
    headersTimeoutMs: ms(e.headersTimeoutSeconds, 1000),
    requestTimeoutMs: ms(e.requestTimeoutSeconds, 1000),
    maxHeaderBytes: e.maxHeaderBytes,
    idleTimeoutMs: ms(e.idleTimeoutSeconds, 1000),
    bodyLimit: e.maxBodyBytes,
    tokenTtlSeconds: e.tokenTtlMinutes === undefined ? undefined : e.tokenTtlMinutes * 60,
    loginPerIpMax: e.loginAttemptsPerAddressPerMinute,
    loginPerUserMaxFailures: e.loginFailuresPerUser,
    loginPerUserWindowMs: ms(e.loginLockoutMinutes, 60_000),
  });
}

function ms(value: number | undefined, unitMs: number): number | undefined {
  return value === undefined ? undefined : Math.round(value * unitMs);
}

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The batch decoder's limits (protocol/measurement-batch.ts) from `mqtt.limits`: the analytics service refuses what the broker would. */
export function batchLimitsFromConfig(config: { readonly mqtt: { readonly limits?: MqttLimits } }): { maxBytes?: number; maxPoints?: number } {
  const l = config.mqtt.limits ?? {};
  return defined({ maxBytes: l.maxPayloadBytes, maxPoints: l.maxPoints });
}
