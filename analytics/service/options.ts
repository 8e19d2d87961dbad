import type { LiveConfig } from '../../monitor/live-config.js';
import type { CauseCatalogue } from '../../monitor/causes.js';
import type { EpisodeBookOptions } from '../../monitor/episode-book.js';
import type { RiskOptions } from '../../risk/options.js';
import type { MeasurementBatchOptions } from '../../protocol/measurement-batch.js';

/** How the analytics service connects and behaves. Defaults below, units in the comments. */
export interface AnalyticsOptions {
  /** Any MQTT URL: mqtt://, mqtts://, ws:// (the embedded broker, or an external one). */
  readonly mqttUrl: string;
  readonly username: string;
  readonly password: string;
  /**
   * Fixed client id with a persistent session, so the broker queues batches
   * while the service restarts. The broker accepts only `<user>` or
   * `<user>:<instance>` (protocol/client-id.ts); the default is the user name.
   * The outputs connection takes this id with `.outputs` (or `:outputs`) added.
   */
  readonly clientId?: string;
  /** Batches being processed at once before the service stops taking more from the broker. */
  readonly maxInFlight: number;
  /**
   * Outputs (acks, alerts, risk, ...) published and waiting for the broker's
   * PUBACK at which the service takes no new batch until they go out
   * (analytics/bus/output-window.ts). Well under MQTT's 65,535 packet ids.
   */
  readonly maxOutputsInFlight: number;
  /** Where the SPC checkpoint is kept; null keeps no checkpoint (state is rebuilt from the store). */
  readonly checkpointPath: string | null;
  /** How often the SPC state is checkpointed, ms. */
  readonly checkpointIntervalMs: number;
  /** The live monitor's options per characteristic (monitor/README.md); absent: the defaults. */
  readonly live: LiveConfig | null;
  /** Causes and corrective actions people resolve episodes with; absent: monitor/causes.ts. */
  readonly alertCatalogue: CauseCatalogue | null;
  /** The alert book's bounds (resolved episodes kept in memory); absent: monitor/episode-book.ts's defaults. */
  readonly alertBook: Partial<EpisodeBookOptions>;
  readonly risk: Partial<RiskOptions>;
  /** How often enterprises with new data are reassessed, ms; every enterprise is reassessed every `assessAllEveryMs`. */
  readonly assessEveryMs: number;
  readonly assessAllEveryMs: number;
  readonly batch: MeasurementBatchOptions;
  /**
   * This worker's name when several analytics workers share the enterprises
   * (analytics/cluster/README.md); null runs one service that takes them all.
   * Its client id is `<user>:<worker>`.
   */
  readonly worker: string | null;
  /** How long a worker waits before taking over enterprises from another, ms (ShareKeeper). */
  readonly handoverDelayMs: number;
  /**
   * A fixed share of the enterprises, for one shard of a sharded analytics
   * service (analytics/shards/): only these are restored, subscribed to,
   * charted and assessed. null takes them all (or, a worker, what its
   * cluster gives it).
   */
  readonly share: readonly string[] | null;
}

/** What the core (ingest, alerts, risk, recovery) is told; the rest is the bus adapter's. */
export type AnalyticsCoreOptions = Omit<AnalyticsOptions, 'mqttUrl' | 'username' | 'password' | 'clientId' | 'maxInFlight' | 'maxOutputsInFlight' | 'handoverDelayMs'>;

export const DEFAULT_ANALYTICS_OPTIONS = Object.freeze({
  maxInFlight: 256, // batches
  maxOutputsInFlight: 8192, // messages
  checkpointPath: null,
  checkpointIntervalMs: 10_000, // ms
  live: null,
  alertCatalogue: null,
  alertBook: {},
  risk: {},
  // ms: a county's enterprises all send every second, so each round reassesses and publishes (retained)
  // every one of them: 1,050 risk messages a second at 1 s, as many as the batches. The score rests on
  // hours to months of data; alerts, which are what is urgent, never wait for it.
  assessEveryMs: 5000,
  assessAllEveryMs: 10_000, // ms: a silent gateway shows within this
  batch: {},
  worker: null,
  handoverDelayMs: 2000, // ms
  share: null,
});
