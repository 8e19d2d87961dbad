/** How a gateway connects, batches and resends. Defaults below, units in the comments. */
export interface GatewayOptions {
  /** Any MQTT URL: mqtt://, mqtts://, ws://. */
  readonly mqttUrl: string;
  readonly enterprise: string;
  /** The gateway id: also its MQTT user name unless `username` says otherwise. */
  readonly gateway: string;
  /** The MQTT user name, when it is not the gateway id (in-process gateways of linewatch start). */
  readonly username?: string;
  readonly password: string;
  /** Points per batch; a batch is also closed after `maxBatchDelayMs`. */
  readonly maxBatchPoints: number;
  /** Longest a point waits in an open batch, ms: the floor of end-to-end latency. */
  readonly maxBatchDelayMs: number;
  /** Batches published but not yet acknowledged, at most. */
  readonly window: number;
  /** A batch unacknowledged this long is sent again (with all after it), ms. */
  readonly ackTimeoutMs: number;
  /** Reconnect backoff: first delay and ceiling, ms (doubling in between). */
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** Accept self-signed broker certificates (mqtts in tests only). */
  readonly rejectUnauthorized: boolean;
}

export const DEFAULT_GATEWAY_OPTIONS = Object.freeze({
  maxBatchPoints: 500, // points
  maxBatchDelayMs: 50, // ms
  window: 64, // batches
  ackTimeoutMs: 10_000, // ms
  reconnectMinMs: 250, // ms
  reconnectMaxMs: 30_000, // ms
  rejectUnauthorized: true,
});
