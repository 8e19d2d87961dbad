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
  /**
   * Of the window, at most this many batches in flight from a backlog (what
   * the outbox held when a sending round began: after a reconnect or an ack
   * timeout). The backlog goes oldest first at this pace while newer batches
   * use the rest of the window, so an hour of catching up neither delays this
   * gateway's live data nor floods the analytics service's intake that other
   * gateways share. At least 1; the live lane always keeps at least 1 batch.
   */
  readonly backlogWindow: number;
  /**
   * How a round's held batches go: `beside-live` (a live gateway: the backlog
   * beside newer batches, after a live one has gone, so the server takes it
   * for a backlog) or `in-order` (a replay of recorded data: strictly oldest
   * first, so every reading reaches the charts in time order).
   */
  readonly catchUp: 'beside-live' | 'in-order';
  /**
   * Live batches made durable and waiting for room in the window are kept in
   * memory, up to this many bytes (of JSON), and published from there without
   * reading the outbox. Beyond it they are read back from the outbox, as a
   * backlog is: a slow broker costs disk reads, never unbounded memory.
   */
  readonly liveMemoryBytes: number;
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
  // ms: one batch a second per gateway. Every batch costs the analytics a store commit's share and
  // an ack whatever its size, so 1 s batches (120 points from 12 series at 10 Hz) cost about a
  // quarter to a seventh of 100 ms ones per reading (bench/results/ingest-cost.md). The price is
  // up to a second more from a reading to its alert: far inside what a line's quality staff act on.
  maxBatchDelayMs: 1000,
  window: 64, // batches
  backlogWindow: 16, // batches: 16 x 500 points per round trip, ~800k points/s at a 10 ms RTT, 80k at 100 ms
  catchUp: 'beside-live',
  liveMemoryBytes: 8 * 1024 * 1024, // bytes: about 200 batches of 500 points
  ackTimeoutMs: 10_000, // ms
  reconnectMinMs: 250, // ms
  reconnectMaxMs: 30_000, // ms
  rejectUnauthorized: true,
});
