import { storeWriteSecondsHistogram } from './metrics.js';
import type { FindingDirectory } from '../../core/findings/finding.js';
import type { MeasurementBatchDecoder } from '../../protocol/measurement-batch.js';
import { resolveRiskOptions } from '../../risk/options.js';
import type { TimeSeriesStore } from '../../store/port.js';
import type { Logger } from '../../ops/logger.js';
import { withDefaults } from '../../domain/with-defaults.js';
import { enterpriseOfAlertId, type Alert, type AlertEvent } from '../../monitor/alert.js';
import { EpisodeBook } from '../../monitor/episode-book.js';
import { DEFAULT_CAUSE_CATALOGUE } from '../../monitor/causes.js';
import { LiveConfig } from '../../monitor/live-config.js';
import type { BaselineProgress } from '../../monitor/limits.js';
import type { CharacteristicName } from '../../domain/characteristics.js';
import type { AlertDirectory } from '../../core/alerts/alert-directory.js';
import { bookDirectory } from '../../core/alerts/book-directory.js';
import { SeriesRegistry } from '../../core/series/series-registry.js';
import type { SeriesCatalog } from '../../core/catalog/series-catalog.js';
import { RiskEngine, type EnterpriseProfile } from '../../core/enterprise-risk/risk-engine.js';
import type { RiskDirectory } from '../../core/enterprise-risk/risk-directory.js';
import { WriteHealth } from '../../store/write-health.js';
import { AlertJournal } from '../alerts/alert-journal.js';
import { ChangeoverJournal } from '../products/changeover-journal.js';
import { ReelJournal } from '../reels/reel-journal.js';
import { recoverReels, REEL_RECOVERY_WINDOW_MS } from '../reels/reel-recovery.js';
import { ReelTracker } from '../../trace/reels/reel-tracker.js';
import type { ReelRecord } from '../../trace/reels/reel-record.js';
import { BatchIngestor, type IngestOutcome } from '../ingest/batch-ingestor.js';
import { outcomeMessages } from '../ingest/outcome-messages.js';
import { saveCheckpoint } from '../monitoring/checkpoint.js';
import { RiskLoop } from '../risk/risk-loop.js';
import type { AnalyticsOutputs } from './analytics-outputs.js';
import { IngestCounters } from './ingest-counters.js';
import { DEFAULT_ANALYTICS_OPTIONS, type AnalyticsCoreOptions } from './options.js';
import { LiveFeeds } from './live-feeds.js';
import { restoreState } from './restore-state.js';

/** Idle time (ms) after which readings held for a reel mark still on its way are counted. */
const REEL_SETTLE_MS = 1000;

export interface AnalyticsCoreDeps {
  readonly store: TimeSeriesStore;
  readonly catalog: SeriesCatalog;
  /** The enterprises whose risk is assessed (from the configuration); none, no risk model. */
  readonly enterprises?: readonly EnterpriseProfile[];
  /** Reads a measurement batch off the wire (protocol/measurement-batch.ts); it needs the arrival time, so the ingest calls it. */
  readonly decodeBatch: MeasurementBatchDecoder;
  /** Where acks, dead letters, alerts, findings and risk go (the bus adapter, or a test). */
  readonly outputs: AnalyticsOutputs;
  readonly log: Logger;
  /** Wall clock, ms UTC; injected so tests control time. */
  readonly clock?: () => number;
}

/**
 * The analytics service without its bus: ingests measurement batches
 * (validate, chart, store), keeps the alert book and the enterprises' risk,
 * recovers its state at start, checkpoints it, applies alert actions and
 * takes over or hands over enterprises for the cluster. What it sends goes
 * out through `AnalyticsOutputs`; it never touches MQTT.
 */
export class AnalyticsCore {
  readonly options: AnalyticsCoreOptions;
  readonly alerts: EpisodeBook;
  readonly registry: SeriesRegistry;
  readonly counters = new IngestCounters();
  /** How long the store takes to write a batch (the metrics endpoint renders it). */
  readonly storeWriteSeconds = storeWriteSecondsHistogram();
  /** Whether the store takes writes now (readiness: a store can answer pings and fail every write). */
  readonly writeHealth = new WriteHealth();
  readonly risk: RiskEngine;
  /** The alerts as the HTTP API and the in-process dashboard see them. */
  readonly directory: AlertDirectory;
  private readonly ingestor: BatchIngestor;
  private readonly journal: AlertJournal;
  /** The lines' product changeovers, on their way to the event log. */
  readonly changeovers: ChangeoverJournal;
  /** The reels being wound and their quality records as they grow (trace/reels/). */
  readonly reels: ReelTracker;
  /** The reels' records, on their way to the event log. */
  readonly reelJournal: ReelJournal;
  private readonly riskLoop: RiskLoop;
  private readonly clock: () => number;
  private inFlight = 0;
  private idle: Array<() => void> = [];
  private checkpointTimer: NodeJS.Timeout | null = null;
  private reelSettleTimer: NodeJS.Timeout | null = null;
  /** Which enterprises are processed here (a cluster worker's share); absent: all of them. */
  private ownership: ((enterprise: string) => boolean) | null = null;
  /** Alerts, risk and findings to in-process listeners, then out. */
  private readonly feeds: LiveFeeds;

  /** The regulator's findings as the HTTP API and the dashboard see them. */
  readonly findings: FindingDirectory = {
    list: (filter) => this.risk.findings.list(filter),
    subscribe: (listener) => this.feeds.listen('finding', listener),
  };

  /** The enterprises' risk as the HTTP API and the dashboard see it. */
  readonly riskDirectory: RiskDirectory = {
    list: () => this.risk.list(),
    detail: (id) => this.risk.detail(id),
    dailyEvidence: (id, fromDay, toDay) => this.risk.dailyEvidence(id, fromDay, toDay),
    subscribe: (listener) => this.feeds.listen('risk', listener),
  };

  constructor(
    options: Partial<AnalyticsCoreOptions>,
    private readonly deps: AnalyticsCoreDeps,
  ) {
    this.options = withDefaults<AnalyticsCoreOptions>(DEFAULT_ANALYTICS_OPTIONS, options);
    this.clock = deps.clock ?? Date.now;
    this.feeds = new LiveFeeds(deps.outputs);
    const riskOptions = resolveRiskOptions(this.options.risk);
    this.alerts = new EpisodeBook(this.options.alertCatalogue ?? DEFAULT_CAUSE_CATALOGUE, this.options.alertBook);
    this.directory = bookDirectory(
      this.alerts,
      () => this.clock(),
      (e) => this.journal.record(e),
      (listener) => this.onAlert(listener),
    );
    this.registry = new SeriesRegistry(deps.catalog, this.options.live ?? new LiveConfig(), {
      bucketMs: riskOptions.bucketMs,
      bucketCount: riskOptions.windowMs / riskOptions.bucketMs,
      evidenceDays: riskOptions.evidenceDays,
    });
    this.risk = new RiskEngine(deps.enterprises ?? [], this.registry, this.alerts, riskOptions);
    this.reels = new ReelTracker((product, characteristic) => {
      const spec = this.registry.productSpec(product, characteristic);
      return typeof spec === 'string' ? null : spec;
    });
    this.ingestor = new BatchIngestor({
      decode: deps.decodeBatch,
      registry: this.registry,
      alerts: this.alerts,
      store: { writeMeasurements: (points) => this.timedWrite(points), storedValues: (keys) => deps.store.storedValues(keys), appendEvents: (events) => deps.store.appendEvents(events) },
      onAlerts: (events) => {
        for (const event of events) this.journal.record(event);
      },
      onChangeovers: (changes) => this.changeovers.record(changes),
      reels: this.reels,
    });
    this.changeovers = new ChangeoverJournal(deps.store, deps.log);
    this.reelJournal = new ReelJournal(deps.store, deps.log);
    this.journal = new AlertJournal(deps.store, (e) => this.feeds.alert(e), deps.log);
    this.riskLoop = new RiskLoop(
      this.risk,
      deps.store,
      (s) => this.feeds.risk(s),
      (e) => this.feeds.finding(e),
      deps.log,
      this.clock,
      this.options,
    );
    const share = this.options.share;
    if (share !== null) {
      const owned = new Set(share);
      this.restrictTo((enterprise) => owned.has(enterprise));
    }
  }

  /**
   * Restores state (checkpoint, then the store) and opens the alert journal,
   * before any batch is taken: every enterprise, or a shard's share only. A
   * cluster worker restores nothing here: it rebuilds each enterprise when it
   * takes it over (takeOver).
   */
  async open(): Promise<void> {
    const share = this.options.share;
    if (this.options.worker === null) await this.restore(share === null ? undefined : new Set(share), true);
    this.journal.start();
  }

  /** Starts the periodic work once batches flow: the checkpoint timer and the risk loop (after a first full assessment). */
  async start(): Promise<void> {
    if (this.options.checkpointPath) {
      this.checkpointTimer = setInterval(() => void this.checkpoint(), this.options.checkpointIntervalMs);
      this.checkpointTimer.unref();
    }
    await this.riskLoop.tick(true);
    this.riskLoop.start();
  }

  /** Finishes the batches in flight, stops the risk loop, flushes alert events and checkpoints. */
  async stop(): Promise<void> {
    await this.idleNow();
    await this.abandon();
    await this.checkpoint();
  }

  /** After a failed start: stops what runs and flushes alert events, without checkpointing a state that may be half restored. */
  async abandon(): Promise<void> {
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.checkpointTimer = null;
    if (this.reelSettleTimer) clearTimeout(this.reelSettleTimer);
    this.reelSettleTimer = null;
    await this.riskLoop.stop();
    await this.journal.stop();
    await this.changeovers.flush();
    // The open reels as they stand, so the store holds their newest record (a restart rebuilds them from there).
    this.reelJournal.record(this.reels.takeChanged(true));
    await this.reelJournal.flush();
  }

  /** Limits the core to a share of the enterprises (a cluster worker's); batches and alert commands of others are left alone. */
  restrictTo(owns: (enterprise: string) => boolean): void {
    this.ownership = owns;
    this.risk.scope = owns;
  }

  /** Whether batches of this enterprise are processed here. */
  owns(enterprise: string): boolean {
    return this.ownership ? this.ownership(enterprise) : true;
  }

  /** Alert commands are answered by the worker that owns the alert's enterprise. */
  answersFor(alertId: string): boolean {
    return this.owns(enterpriseOfAlertId(alertId));
  }

  /** Every enterprise of the configuration, sorted: what cluster workers share. */
  enterpriseIds(): string[] {
    const ids = new Set<string>();
    for (const ref of this.deps.catalog.list()) ids.add(ref.enterprise);
    for (const p of this.deps.enterprises ?? []) ids.add(p.id);
    return [...ids].sort();
  }

  /** The enterprises whose batches are processed here now, sorted (every configured one when it runs alone). */
  ownedEnterprises(): string[] {
    return this.enterpriseIds().filter((e) => this.owns(e));
  }

  /**
   * A worker takes over enterprises: their charts are rebuilt from what the
   * store holds (state kept from an earlier turn here is dropped, as another
   * worker has charted since), then their batches are taken.
   */
  async takeOver(enterprises: readonly string[]): Promise<void> {
    for (const e of enterprises) {
      this.registry.forgetEnterprise(e);
      this.ingestor.forgetEnterprise(e);
      this.reels.forgetEnterprise(e);
    }
    await this.restore(new Set(enterprises), false);
    for (const e of enterprises) this.risk.touch(e);
  }

  /** A worker hands enterprises over: their charts are another worker's now. */
  handOver(enterprises: readonly string[]): void {
    for (const e of enterprises) {
      this.registry.forgetEnterprise(e);
      this.ingestor.forgetEnterprise(e);
      this.reels.forgetEnterprise(e);
      this.risk.findings.forgetEnterprise(e);
    }
  }

  /**
   * One batch off the bus: ingested, then settled through the outputs (ack,
   * dead letters, alerts). A batch the store failed to write is neither
   * acknowledged nor dead-lettered: the gateway keeps it and sends it again.
   */
  async ingest(enterprise: string, gateway: string, payload: Uint8Array | string): Promise<void> {
    if (!this.owns(enterprise)) {
      // Handed over a moment ago: not processed and not acknowledged here, so the gateway sends it again to the new owner.
      this.counters.notOwned();
      return;
    }
    this.inFlight += 1;
    try {
      const outcome = await this.ingestor.ingest({ enterprise, gateway, payload, receivedAt: this.clock() });
      this.settle(enterprise, gateway, outcome);
    } catch (err) {
      this.counters.storeFailure();
      this.deps.log.warn({ enterprise, gateway, err: (err as Error).message }, 'batch not stored; the gateway will resend it');
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) {
        this.settleReelsSoon();
        for (const wake of this.idle.splice(0)) wake();
      }
    }
  }

  private settle(enterprise: string, gateway: string, outcome: IngestOutcome): void {
    if (outcome.kind === 'refused') {
      this.counters.refusedMessage(outcome.reason);
      this.deps.log.warn({ enterprise, gateway, reason: outcome.reason }, 'batch refused');
    } else {
      this.counters.batch(outcome.stored, outcome.duplicates, outcome.rejected, outcome.historical, outcome.charted);
      this.risk.touch(enterprise);
      for (const event of outcome.alertEvents) this.journal.record(event);
      this.reelJournal.record(this.reels.takeChanged());
    }
    const { ack, deadLetter } = outcomeMessages(enterprise, gateway, outcome);
    if (deadLetter) this.deps.outputs.deadLetter(enterprise, gateway, deadLetter);
    if (ack) this.deps.outputs.ack(enterprise, gateway, ack);
  }

  /** Waits until every batch taken so far is processed and alert events are flushed. */
  async drain(): Promise<void> {
    await this.idleNow();
    this.settleReels();
    await this.journal.flush();
    await this.changeovers.flush();
    await this.reelJournal.flush();
  }

  /** The live quality records of the reels open now (of one enterprise when given); the embedded dashboard reads them. */
  openReels(enterprise?: string): ReelRecord[] {
    return this.reels.openRecords(enterprise).filter((r) => this.owns(r.enterprise));
  }

  /** Listens to every alert event as it is published (the in-process dashboard uses it). */
  onAlert(listener: (event: AlertEvent) => void): () => void {
    return this.feeds.listen('alert', listener);
  }

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

  /**
   * The product a series' line makes now, with the spec it is judged
   * against; null when the series is not charted here (yet). Never starts a
   * series: the dashboard asks, a reading starts one.
   */
  currentProduct(enterprise: string, line: string, characteristic: CharacteristicName): { product: string | null; lsl: number | null; usl: number | null; target: number | null } | null {
    if (!this.owns(enterprise)) return null;
    for (const s of this.registry.ofEnterprise(enterprise)) {
      if (s.line === line && s.characteristic === characteristic) return { product: s.product, lsl: s.spec.lsl, usl: s.spec.usl, target: s.spec.target };
    }
    return null;
  }

  /** A series' Phase I progress while its limits are being established; null when they are locked or it is unknown here. */
  baselineProgress(enterprise: string, line: string, characteristic: CharacteristicName): BaselineProgress | null {
    const state = this.registry.stateOf(enterprise, line, characteristic);
    return typeof state === 'string' ? null : state.watch.baseline;
  }

  /** Assesses now (tests and the report use it; the loop does it on its own timer). */
  assessRisk(all = true): Promise<void> {
    return this.riskLoop.tick(all);
  }

  async checkpoint(): Promise<void> {
    if (!this.options.checkpointPath) return;
    try {
      await saveCheckpoint(this.options.checkpointPath, this.registry.snapshot(), this.clock(), this.risk.evidenceSnapshot());
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'SPC checkpoint not saved');
    }
  }

  /** `fromCheckpoint`: at open (the checkpoint is this service's own); not at a take-over, where another worker charted since. */
  private async restore(enterprises: ReadonlySet<string> | undefined, fromCheckpoint: boolean): Promise<void> {
    const { store, catalog, log } = this.deps;
    const { alerts, registry, risk } = this;
    const checkpointPath = fromCheckpoint ? this.options.checkpointPath : null;
    const now = this.clock();
    await restoreState({ store, catalog, alerts, registry, risk, journal: (e) => this.journal.record(e), checkpointPath, now, log }, enterprises);
    const lineProduct = (enterprise: string, line: string): string | null => {
      for (const s of registry.ofEnterprise(enterprise)) if (s.line === line && s.product !== null) return s.product;
      return null;
    };
    const reels = await recoverReels(store, catalog, this.reels, lineProduct, now, REEL_RECOVERY_WINDOW_MS, log, enterprises);
    this.reelJournal.record(reels.records);
  }

  /**
   * A gateway's send lanes can deliver a later batch first, so the reels hold
   * each reading until the mark that may start its reel can have come: once
   * the ingest has been idle a moment, every batch sent by then has been
   * taken, and the held readings are counted (under steady load they are
   * counted as the line's readings move on; reel-tracker.ts).
   */
  private settleReelsSoon(): void {
    if (this.reelSettleTimer !== null) clearTimeout(this.reelSettleTimer);
    this.reelSettleTimer = setTimeout(() => {
      this.reelSettleTimer = null;
      if (this.inFlight === 0) this.settleReels();
    }, REEL_SETTLE_MS);
    this.reelSettleTimer.unref();
  }

  private settleReels(): void {
    this.reels.settle();
    this.reelJournal.record(this.reels.takeChanged());
    this.logReelProblems();
  }

  /** Stored marks the reels could not apply (an end of a reel that is not the open one, ...): the marks stay stored, the reason is logged. */
  private logReelProblems(): void {
    const problems = this.reels.takeProblems();
    if (problems.length > 0) this.deps.log.warn({ problems }, 'reel marks not applied to the reels');
  }

  private idleNow(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.idle.push(resolve));
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
}
