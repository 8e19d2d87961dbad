import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { encodeAck } from '../../protocol/ack.js';
import { clientIdFor } from '../../protocol/client-id.js';
import { encodeDeadLetter, messageDeadLetter, pointsDeadLetter } from '../../protocol/dead-letter.js';
import { createMeasurementBatchDecoder } from '../../protocol/measurement-batch.js';
import { ackTopic, alertsTopic, deadLetterTopic, findingsTopic, gatewayChannelFilter, parseTopic, riskTopic } from '../../protocol/topics.js';
import type { FindingDirectory, FindingEvent } from '../../core/findings/finding.js';
import { resolveRiskOptions } from '../../risk/options.js';
import type { TimeSeriesStore } from '../../store/port.js';
import type { Logger } from '../../ops/logger.js';
import { withDefaults } from '../../ops/with-defaults.js';
import type { Alert, AlertEvent } from '../../monitor/alert.js';
import { EpisodeBook } from '../../monitor/episode-book.js';
import { DEFAULT_CAUSE_CATALOGUE } from '../../monitor/causes.js';
import { LiveConfig } from '../../monitor/live-config.js';
import type { BaselineProgress } from '../../monitor/limits.js';
import type { CharacteristicName } from '../../domain/characteristics.js';
import type { AlertDirectory } from '../../core/alerts/alert-directory.js';
import { bookDirectory } from '../../core/alerts/book-directory.js';
import { AlertJournal } from '../alerts/alert-journal.js';
import { BatchIngestor, type IngestOutcome } from '../ingest/batch-ingestor.js';
import { loadCheckpoint, saveCheckpoint } from '../monitoring/checkpoint.js';
import { SeriesRegistry } from '../../core/series/series-registry.js';
import type { SeriesCatalog } from '../../core/catalog/series-catalog.js';
import { AlertCommandHandler } from './alert-commands.js';
import { IngestCounters } from './ingest-counters.js';
import { storeWriteSecondsHistogram } from './metrics.js';
import { WriteHealth } from '../../store/write-health.js';
import { DEFAULT_ANALYTICS_OPTIONS, type AnalyticsOptions } from './options.js';
import { rebuildAlerts, catchUpFromStore } from './recovery.js';
import { RiskEngine, type EnterpriseProfile } from '../../core/enterprise-risk/risk-engine.js';
import { RiskLoop } from '../risk/risk-loop.js';
import { classStatesFromEvents } from '../risk/risk-publisher.js';
import type { EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';
import type { RiskDirectory } from '../../core/enterprise-risk/risk-directory.js';
import { enterpriseOfAlertId } from '../../monitor/alert.js';
import { SHARE_KEEPER_DEFAULTS, ShareKeeper } from '../cluster/share-keeper.js';

export interface AnalyticsDeps {
  readonly store: TimeSeriesStore;
  readonly catalog: SeriesCatalog;
  /** The enterprises whose risk is assessed (from the configuration); none, no risk model. */
  readonly enterprises?: readonly EnterpriseProfile[];
  readonly log: Logger;
  /** Wall clock, ms UTC; injected so tests control time. */
  readonly clock?: () => number;
}

/**
 * The analytics service: takes measurement batches off the bus, ingests them
 * (validate, monitor, store), acknowledges each stored batch to its gateway,
 * sends what it rejected to the dead-letter topic, and publishes alerts.
 */
export class AnalyticsService {
  readonly options: AnalyticsOptions;
  readonly alerts: EpisodeBook;
  readonly registry: SeriesRegistry;
  readonly counters = new IngestCounters();
  /** How long the store takes to write a batch (the metrics endpoint renders it). */
  readonly storeWriteSeconds = storeWriteSecondsHistogram();
  /** Whether the store takes writes now (readiness: a store can answer pings and fail every write). */
  readonly writeHealth = new WriteHealth();
  private readonly ingestor: BatchIngestor;
  private readonly journal: AlertJournal;
  private readonly clock: () => number;
  private client: MqttClient | null = null;
  private inFlight = 0;
  private resumeIntake: (() => void) | null = null;
  private idle: Array<() => void> = [];
  private checkpointTimer: NodeJS.Timeout | null = null;
  private readonly alertListeners = new Set<(event: AlertEvent) => void>();
  private readonly riskListeners = new Set<(summary: EnterpriseRiskSummary) => void>();
  private readonly findingListeners = new Set<(event: FindingEvent) => void>();
  readonly risk: RiskEngine;
  private readonly riskLoop: RiskLoop;
  /** The share of the enterprises this worker owns, when it is one of several (null: it takes them all). */
  private shares: ShareKeeper | null = null;

  /** The regulator's findings as the HTTP API and the dashboard see them. */
  readonly findings: FindingDirectory = {
    list: (filter) => this.risk.findings.list(filter),
    subscribe: (listener) => {
      this.findingListeners.add(listener);
      return () => this.findingListeners.delete(listener);
    },
  };

  /** The enterprises' risk as the HTTP API and the dashboard see it. */
  readonly riskDirectory: RiskDirectory = {
    list: () => this.risk.list(),
    detail: (id) => this.risk.detail(id),
    dailyEvidence: (id, fromDay, toDay) => this.risk.dailyEvidence(id, fromDay, toDay),
    subscribe: (listener) => {
      this.riskListeners.add(listener);
      return () => this.riskListeners.delete(listener);
    },
  };

  constructor(
    options: Partial<AnalyticsOptions> & Pick<AnalyticsOptions, 'mqttUrl' | 'username' | 'password'>,
    private readonly deps: AnalyticsDeps,
  ) {
    this.options = withDefaults<AnalyticsOptions>({ ...DEFAULT_ANALYTICS_OPTIONS, mqttUrl: '', username: '', password: '' }, options);
    this.clock = deps.clock ?? Date.now;
    const riskOptions = resolveRiskOptions(this.options.risk);
    this.alerts = new EpisodeBook(this.options.alertCatalogue ?? DEFAULT_CAUSE_CATALOGUE);
    this.directory = bookDirectory(this.alerts, () => this.clock(), (e) => this.journal.record(e), (listener) => this.onAlert(listener));
    this.registry = new SeriesRegistry(deps.catalog, this.options.live ?? new LiveConfig(), { bucketMs: riskOptions.bucketMs, bucketCount: riskOptions.windowMs / riskOptions.bucketMs, evidenceDays: riskOptions.evidenceDays });
    this.risk = new RiskEngine(deps.enterprises ?? [], this.registry, this.alerts, riskOptions);
    this.ingestor = new BatchIngestor({
      decode: createMeasurementBatchDecoder(this.options.batch),
      registry: this.registry,
      alerts: this.alerts,
      store: { writeMeasurements: (points) => this.timedWrite(points), storedValues: (keys) => this.deps.store.storedValues(keys) },
      onAlerts: (events) => {
        for (const event of events) this.journal.record(event);
      },
    });
    this.journal = new AlertJournal(deps.store, (e) => this.publishAlert(e), deps.log);
    this.riskLoop = new RiskLoop(this.risk, deps.store, (summary) => this.publishRisk(summary), (e) => this.publishFinding(e), deps.log, this.clock, this.options);
  }

  /** Restores state (checkpoint, then the store), connects and starts taking batches. */
  async start(): Promise<void> {
    const { log } = this.deps;
    const worker = this.options.worker;
    // A worker rebuilds the state of each enterprise it takes over when it takes it (takeOver).
    if (worker === null) await this.restoreState();
    this.journal.start();

    const client = mqtt.connect(this.options.mqttUrl, {
      username: this.options.username,
      password: this.options.password,
      clientId: this.options.clientId ?? clientIdFor(this.options.username, worker ?? undefined),
      // A worker's share changes with the other workers: a persistent session would bring back
      // subscriptions and queued batches of enterprises it no longer owns.
      clean: worker !== null,
      will: worker !== null ? ShareKeeper.will(worker) : undefined,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    const shares = worker === null ? null : new ShareKeeper(client, {
      ...SHARE_KEEPER_DEFAULTS,
      worker,
      enterprises: this.enterpriseIds(),
      handoverDelayMs: this.options.handoverDelayMs,
    }, this, log);
    this.shares = shares;
    if (shares) this.risk.scope = (enterprise) => shares.owns(enterprise);
    // A dashboard on its own acts on alerts through commands (alert-commands.ts); everything else is a batch.
    // The handler is in place before the connection opens: with a persistent session the broker
    // delivers what it queued for us at once, and nothing may reach MQTT.js's default handler.
    const commands = new AlertCommandHandler({ actions: this, publish: (topic, payload) => client.publishAsync(topic, payload, { qos: 1 }), log, clock: this.clock });
    client.handleMessage = (packet, done) => {
      if (shares && ShareKeeper.accepts(packet.topic)) shares.handle(packet.topic, packet.payload);
      else if (AlertCommandHandler.accepts(packet.topic)) commands.handle(packet.topic, packet.payload);
      else return this.take(packet, done);
      done();
    };
    client.on('reconnect', () => log.info('reconnecting to the broker'));
    // Set at once: batches handed over before the subscriptions are confirmed are acknowledged too.
    this.client = client;
    try {
      await new Promise<void>((resolve, reject) => {
        client.once('connect', () => resolve());
        client.once('error', reject);
      });
      client.on('error', (err) => log.warn({ err: err.message }, 'MQTT error'));
      if (shares) await shares.start();
      else await client.subscribeAsync(gatewayChannelFilter('measurements'), { qos: 1 });
      // Without it only a standalone dashboard loses its actions (an external broker's ACL may predate the channel): say so, run on.
      await client.subscribeAsync(AlertCommandHandler.filter, { qos: 1 }).catch((err: Error) => log.warn({ err: err.message }, 'alert commands unavailable: the broker refused the subscription'));
    } catch (err) {
      // Leave nothing running behind a failed start, so the process can report and exit.
      this.client = null;
      await client.endAsync(true).catch(() => {});
      await this.journal.stop().catch(() => {});
      throw err;
    }
    if (this.options.checkpointPath) {
      this.checkpointTimer = setInterval(() => void this.checkpoint(), this.options.checkpointIntervalMs);
      this.checkpointTimer.unref();
    }
    await this.riskLoop.tick(true);
    this.riskLoop.start();
    log.info({ url: this.options.mqttUrl, series: this.registry.size, worker }, 'analytics service started');
  }

  /** Alerts, risk classes and SPC state from the checkpoint and the store (of some enterprises only, when given). */
  private async restoreState(enterprises?: ReadonlySet<string>): Promise<void> {
    const { log, store } = this.deps;
    await rebuildAlerts(store, this.alerts, enterprises);
    for (const [enterprise, state] of classStatesFromEvents(await store.readEvents({}))) {
      if (!enterprises || enterprises.has(enterprise)) this.risk.restoreClass(enterprise, state);
    }
    if (this.options.checkpointPath && !enterprises) {
      const checkpoint = await loadCheckpoint(this.options.checkpointPath);
      this.registry.restore(checkpoint.series);
      this.risk.restoreEvidence(checkpoint.riskDays);
    }
    const replayed = await catchUpFromStore(store, this.deps.catalog, this.registry, this.alerts, this.clock(), (e) => this.journal.record(e), this.risk.options.windowMs, enterprises);
    if (replayed > 0) log.info({ points: replayed, enterprises: enterprises?.size }, 'SPC state caught up from the store');
  }

  /**
   * A worker takes over enterprises: their charts are rebuilt from what the
   * store holds (state kept from an earlier turn here is dropped, as another
   * worker has charted since), then their batches are taken.
   */
  async takeOver(enterprises: readonly string[]): Promise<void> {
    for (const e of enterprises) this.registry.forgetEnterprise(e);
    await this.restoreState(new Set(enterprises));
    for (const e of enterprises) this.risk.touch(e);
  }

  /** A worker hands enterprises over: their charts are another worker's now. */
  handOver(enterprises: readonly string[]): void {
    for (const e of enterprises) {
      this.registry.forgetEnterprise(e);
      this.risk.findings.forgetEnterprise(e);
    }
  }

  /** This worker's name, the workers it knows and the enterprises it owns (null when it runs alone). */
  get cluster(): { worker: string; workers: readonly string[]; owned: number } | null {
    const shares = this.shares;
    return shares && this.options.worker ? { worker: this.options.worker, workers: shares.workers, owned: shares.share.size } : null;
  }

  /** The enterprises whose batches this worker takes now, sorted (every configured one when it runs alone). */
  ownedEnterprises(): string[] {
    return this.enterpriseIds().filter((e) => this.owns(e));
  }

  /** Whether batches of this enterprise are processed here. */
  owns(enterprise: string): boolean {
    return this.shares ? this.shares.owns(enterprise) : true;
  }

  /** Alert commands are answered by the worker that owns the alert's enterprise. */
  answersFor(alertId: string): boolean {
    return this.owns(enterpriseOfAlertId(alertId));
  }

  private enterpriseIds(): string[] {
    const ids = new Set<string>();
    for (const ref of this.deps.catalog.list()) ids.add(ref.enterprise);
    for (const p of this.deps.enterprises ?? []) ids.add(p.id);
    return [...ids].sort();
  }

  /** Stops taking batches, finishes those in flight, flushes alerts and checkpoints. */
  async stop(): Promise<void> {
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    // First let the others start taking this worker's share; they wait out the handover delay while this one finishes.
    await this.shares?.leave();
    const client = this.client;
    this.client = null;
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    await this.riskLoop.stop();
    await this.journal.stop();
    if (client) await client.endAsync();
    await this.checkpoint();
  }

  /** Connected to the broker now (readiness). */
  get connected(): boolean {
    return this.client?.connected ?? false;
  }

  /** Listens to every alert event as it is published (the in-process dashboard uses it). */
  onAlert(listener: (event: AlertEvent) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }

  /** The alerts as the HTTP API and the in-process dashboard see them. */
  readonly directory: AlertDirectory;

  acknowledgeAlert(id: string, by: string, comment: string, cause: string | null = null, action: string | null = null): Alert {
    return this.directory.acknowledge(id, by, comment, cause, action) as Alert;
  }

  resolveAlert(id: string, by: string, comment: string, cause: string | null, action: string | null): Alert {
    return this.directory.resolve(id, by, comment, cause, action) as Alert;
  }

  /**
   * Starts a new Phase I for a series on request (a regulator or the
   * enterprise accepts its new level); the charts stop until the new limits
   * lock. Returns false for a series that is not monitored here.
   */
  reestablishLimits(enterprise: string, line: string, characteristic: CharacteristicName): boolean {
    if (!this.owns(enterprise)) return false;
    const state = this.registry.stateOf(enterprise, line, characteristic);
    if (typeof state === 'string') return false;
    state.watch.reestablish('request');
    // Reassessed in the risk loop's next round, so every page's breakdown shows the new Phase I, not the old limits.
    this.risk.touch(enterprise);
    return true;
  }

  /** A series' Phase I progress while its limits are being established; null when they are locked or it is unknown here. */
  baselineProgress(enterprise: string, line: string, characteristic: CharacteristicName): BaselineProgress | null {
    const state = this.registry.stateOf(enterprise, line, characteristic);
    return typeof state === 'string' ? null : state.watch.baseline;
  }

  /** Waits until every batch taken so far is processed and alert events are flushed. */
  async drain(): Promise<void> {
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    await this.journal.flush();
  }

  async checkpoint(): Promise<void> {
    if (!this.options.checkpointPath) return;
    try {
      await saveCheckpoint(this.options.checkpointPath, this.registry.snapshot(), this.clock(), this.risk.evidenceSnapshot());
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'SPC checkpoint not saved');
    }
  }

  /**
   * MQTT.js hands over the next packet only after `done`: holding it back
   * once `maxInFlight` batches are being processed is the backpressure that
   * keeps a slow store from filling memory.
   */
  private take(packet: IPublishPacket, done: () => void): void {
    this.inFlight += 1;
    void this.process(packet).finally(() => {
      this.inFlight -= 1;
      if (this.resumeIntake && this.inFlight < this.options.maxInFlight) {
        const resume = this.resumeIntake;
        this.resumeIntake = null;
        resume();
      }
      if (this.inFlight === 0) for (const wake of this.idle.splice(0)) wake();
    });
    if (this.inFlight < this.options.maxInFlight) done();
    else this.resumeIntake = done;
  }

  private async process(packet: IPublishPacket): Promise<void> {
    const parsed = parseTopic(packet.topic);
    if (!parsed.ok || parsed.topic.scope !== 'gateway' || parsed.topic.channel !== 'measurements') {
      this.counters.refusedMessage(parsed.ok ? 'not a measurements topic' : parsed.reason);
      return;
    }
    const { enterprise, gateway } = parsed.topic;
    if (!this.owns(enterprise)) {
      // Handed over a moment ago: not processed and not acknowledged here, so the gateway sends it again to the new owner.
      this.counters.notOwned();
      return;
    }
    let outcome: IngestOutcome;
    try {
      outcome = await this.ingestor.ingest({ enterprise, gateway, payload: packet.payload, receivedAt: this.clock() });
    } catch (err) {
      // Not stored, so not acknowledged: the gateway keeps the batch and sends it again.
      this.counters.storeFailure();
      this.deps.log.warn({ enterprise, gateway, err: (err as Error).message }, 'batch not stored; the gateway will resend it');
      return;
    }
    this.report(enterprise, gateway, outcome);
  }

  private report(enterprise: string, gateway: string, outcome: IngestOutcome): void {
    const client = this.client;
    if (outcome.kind === 'refused') {
      this.counters.refusedMessage(outcome.reason);
      this.deps.log.warn({ enterprise, gateway, reason: outcome.reason }, 'batch refused');
      void client?.publishAsync(deadLetterTopic(enterprise, gateway), encodeDeadLetter(messageDeadLetter(enterprise, gateway, outcome.reason, outcome.payload)), { qos: 1 }).catch(() => {});
      // A refused batch is settled (its content is on the dead-letter topic): the gateway may let it go.
      if (outcome.seq !== null) void client?.publishAsync(ackTopic(enterprise, gateway), encodeAck({ ...epochOf(outcome), seq: outcome.seq, stored: 0, duplicates: 0, rejected: 1 }), { qos: 1 }).catch(() => {});
      return;
    }
    this.counters.batch(outcome.stored, outcome.duplicates, outcome.rejected, outcome.historical, outcome.charted);
    this.risk.touch(enterprise);
    for (const event of outcome.alertEvents) this.journal.record(event);
    if (outcome.rejected.length > 0) {
      void client?.publishAsync(deadLetterTopic(enterprise, gateway), encodeDeadLetter(pointsDeadLetter(enterprise, gateway, outcome.seq, outcome.rejected)), { qos: 1 }).catch(() => {});
    }
    const ack = encodeAck({ ...epochOf(outcome), seq: outcome.seq, stored: outcome.stored, duplicates: outcome.duplicates, rejected: outcome.rejected.length, historical: outcome.historical });
    void client?.publishAsync(ackTopic(enterprise, gateway), ack, { qos: 1 }).catch(() => {});
  }

  /** One clock read on each side of the write: the only per-batch cost of the latency histogram. */
  private async timedWrite(points: Parameters<TimeSeriesStore['writeMeasurements']>[0]) {
    const started = performance.now();
    try {
      const result = await this.deps.store.writeMeasurements(points);
      this.writeHealth.succeeded();
      return result;
    } catch (err) {
      this.writeHealth.failed(err, this.clock());
      throw err;
    } finally {
      this.storeWriteSeconds.observe((performance.now() - started) / 1000);
    }
  }

  /** Assesses now (tests and the report use it; the loop does it on its own timer). */
  assessRisk(all = true): Promise<void> {
    return this.riskLoop.tick(all);
  }

  private publishRisk(summary: EnterpriseRiskSummary): void {
    for (const listener of this.riskListeners) listener(summary);
    void this.client?.publishAsync(riskTopic(summary.id), JSON.stringify(summary), { qos: 1 }).catch(() => {});
  }

  private publishFinding(event: FindingEvent): void {
    for (const listener of this.findingListeners) listener(event);
    void this.client?.publishAsync(findingsTopic(event.finding.enterprise), JSON.stringify(event), { qos: 1 }).catch(() => {});
  }

  private publishAlert(event: AlertEvent): void {
    for (const listener of this.alertListeners) listener(event);
    void this.client?.publishAsync(alertsTopic(event.alert.enterprise), JSON.stringify(event), { qos: 1 }).catch(() => {});
  }
}

/** The ack echoes the batch's outbox epoch, when it had one, so only that outbox acts on it. */
function epochOf(outcome: { readonly epoch: string }): { epoch?: string } {
  return outcome.epoch === '' ? {} : { epoch: outcome.epoch };
}
