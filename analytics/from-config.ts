import type { ServiceLifecycle } from '../ops/service-lifecycle.js';
import mqtt, { UniqueMessageIdProvider } from 'mqtt';
import { enterpriseProfiles, catalogFromConfig } from '../core/catalog/config-catalog.js';
import { batchLimitsFromConfig } from '../config/limits.js';
import type { LinewatchConfig } from '../config/resolve.js';
import { createLogger, type Logger } from '../ops/logger.js';
import { MetricsRegistry } from '../ops/metrics.js';
import { withDefaults } from '../domain/with-defaults.js';
import { clientIdFor, outputsClientId } from '../protocol/client-id.js';
import { createMeasurementBatchDecoder } from '../protocol/measurement-batch.js';
import { validateStoreConfig } from '../store/config.js';
import { openStore } from '../store/open-store.js';
import type { TimeSeriesStore } from '../store/port.js';
import { storeReadiness, type StoreReadiness } from '../store/write-health.js';
import { ShareKeeper } from './cluster/share-keeper.js';
import { checkpointFile } from './monitoring/checkpoint.js';
import { AnalyticsBus } from './bus/analytics-bus.js';
import { busOutputs } from './bus/bus-outputs.js';
import { OutputWindow } from './bus/output-window.js';
import { AnalyticsCore } from './service/analytics-core.js';
import { registerAnalyticsMetrics } from './service/metrics.js';
import { DEFAULT_ANALYTICS_OPTIONS, type AnalyticsOptions } from './service/options.js';

/**
 * What differs between the places that run analytics. The broker login is
 * always given (the CLI reads a secret, the embedded stack makes an internal
 * account); everything else has a default from the configuration.
 */
export interface AnalyticsOverrides extends Partial<Omit<AnalyticsOptions, 'username' | 'password'>> {
  readonly username: string;
  readonly password: string;
  /** An open store shared with others (the embedded stack's); absent: opened from `config.store`, and closed by stop. */
  readonly store?: TimeSeriesStore;
  /** A registry shared with other services (one /metrics for a process); absent: a registry of its own. */
  readonly metrics?: MetricsRegistry;
  readonly log?: Logger;
  /** Wall clock, ms UTC (tests). */
  readonly clock?: () => number;
}

/** The /readyz answer: ready when it can take batches (connected, and the store answers and takes writes). */
export interface AnalyticsReadiness {
  readonly ok: boolean;
  readonly detail: {
    readonly mqtt: boolean;
    readonly store: StoreReadiness['store'];
    readonly reason?: { readonly code: string; readonly message: string };
    /** A worker also says which share it holds, so an operator (and the cluster test) sees who owns what. */
    readonly cluster?: { readonly worker: string; readonly workers: readonly string[]; readonly enterprises: readonly string[] };
  };
}

export interface Analytics extends ServiceLifecycle<void, AnalyticsReadiness> {
  /** Restores state, connects, subscribes and starts the risk loop; a failed start leaves nothing running. */
  start(): Promise<void>;
  /** Leaves the cluster, finishes the batches in flight, flushes alerts, checkpoints, disconnects (and closes a store it opened). */
  stop(): Promise<void>;
  ready(): Promise<AnalyticsReadiness>;
  /** The registry its metrics are in (the one given, or its own). */
  readonly metrics: MetricsRegistry;
  /** The live model an in-process dashboard serves: alerts, risk and findings directories, limits, counters. */
  readonly core: AnalyticsCore;
  readonly store: TimeSeriesStore;
  readonly mqttUrl: string;
}

/**
 * Builds the analytics service from a loaded configuration: the store, the
 * core, the MQTT client (connected by start) and the bus adapter. The CLI and
 * the embedded stack both build it here; what they do differently is in
 * their overrides.
 */
export async function analyticsFromConfig(config: LinewatchConfig, overrides: AnalyticsOverrides): Promise<Analytics> {
  const { store: givenStore, metrics: givenMetrics, log: givenLog, clock, ...given } = overrides;
  const worker = given.worker ?? null;
  // What the file says, over the built-in defaults; the caller's overrides over both.
  const fromFile = {
    mqttUrl: config.mqtt.url,
    username: given.username,
    password: given.password,
    live: config.live,
    alertCatalogue: config.alerts,
    risk: config.risk,
    batch: batchLimitsFromConfig(config),
    // A worker rebuilds each enterprise it takes over from the store, so a checkpoint of its own would go unused.
    checkpointPath: worker === null ? checkpointFile(config) : null,
  };
  const options = withDefaults<AnalyticsOptions>({ ...DEFAULT_ANALYTICS_OPTIONS, ...fromFile }, given);
  const log = givenLog ?? createLogger('analytics');
  const store = givenStore ?? (await openStore(validateStoreConfig(config.store)));
  const closeStore = givenStore ? async () => {} : () => store.close();

  const clientId = options.clientId ?? clientIdFor(options.username, options.worker ?? undefined);
  // The batches come in here (and a worker's presence goes out here, under its will).
  const client = mqtt.connect(options.mqttUrl, {
    manualConnect: true,
    username: options.username,
    password: options.password,
    clientId,
    // A worker's share changes with the other workers: a persistent session would bring back
    // subscriptions and queued batches of enterprises it no longer owns.
    clean: options.worker !== null,
    will: options.worker !== null ? ShareKeeper.will(options.worker) : undefined,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  // Everything the service sends goes out here, never behind the batches coming in (analytics/README.md, "Two connections").
  // It subscribes to nothing, so a clean session loses nothing; MQTT.js resends its unacknowledged publishes on reconnect.
  const outputsClient = mqtt.connect(options.mqttUrl, {
    manualConnect: true,
    username: options.username,
    password: options.password,
    clientId: outputsClientId(clientId),
    clean: true,
    // Packet ids never reused while one is in flight: with the default counter a publish still waiting after
    // 65,535 others would share its id with a new one, and one of the two would never be confirmed.
    messageIdProvider: new UniqueMessageIdProvider(),
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  const outputs = new OutputWindow(outputsClient, options.maxOutputsInFlight);
  const core = new AnalyticsCore(options, {
    store,
    catalog: catalogFromConfig(config),
    enterprises: enterpriseProfiles(config),
    decodeBatch: createMeasurementBatchDecoder(options.batch),
    outputs: busOutputs(outputs, log),
    log,
    clock,
  });
  const bus = new AnalyticsBus({ intake: client, outputs }, core, options, { log, clock });
  const metrics = registerAnalyticsMetrics(givenMetrics ?? new MetricsRegistry(), core, bus);

  return {
    core,
    store,
    metrics,
    mqttUrl: options.mqttUrl,
    async start() {
      try {
        // State first: the broker delivers queued batches as soon as the connection opens.
        await core.open();
        outputsClient.connect();
        client.connect();
        await bus.start();
      } catch (err) {
        // Leave nothing running behind a failed start, so the process can report and exit.
        await bus.close(true).catch(() => {});
        await core.abandon().catch(() => {});
        await closeStore().catch(() => {});
        throw err;
      }
      await core.start();
      log.info({ url: options.mqttUrl, series: core.registry.size, worker: options.worker }, 'analytics service started');
    },
    async stop() {
      // First let the others start taking this worker's share; they wait out the handover delay while this one finishes.
      await bus.leave();
      await core.stop();
      await bus.close();
      await closeStore();
    },
    async ready() {
      const storeState = storeReadiness(await store.health(), core.writeHealth.state());
      const cluster = bus.cluster;
      const reason = storeState.reason ?? (bus.connected ? undefined : { code: 'LW_MQTT_DISCONNECTED', message: 'not connected to the broker' });
      const share = cluster ? { worker: cluster.worker, workers: cluster.workers, enterprises: core.ownedEnterprises() } : undefined;
      return { ok: bus.connected && storeState.ok, detail: { mqtt: bus.connected, store: storeState.store, reason, cluster: share } };
    },
  };
}
