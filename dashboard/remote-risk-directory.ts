/**
 * The risk summaries of a dashboard running on its own (`linewatch
 * dashboard`), over the bus: the analytics service runs the risk engine and
 * publishes each enterprise's summary on `linewatch/v1/risk/<enterprise>`
 * (protocol/risk-summary.ts); this keeps the newest of each, so regulators
 * see the ranked list in the compose layout as in `linewatch start`.
 *
 * - At start it subscribes to `linewatch/v1/risk/+` first and then reads the
 *   newest stored assessment of every configured enterprise (`risk.assessed`
 *   records, protocol/event-kinds.ts), so nothing published in between is
 *   missed. A summary is a state: the copy keeps the one with the newest
 *   `at`, whatever the order they arrive in.
 * - After every reconnect the store is read again, at once and
 *   `resyncDelayMs` later: the broker may have dropped what it queued for us,
 *   and analytics stores an assessment whenever its level or suggested class
 *   changes (analytics/risk/risk-publisher.ts), so the store has what
 *   matters. Between two changes the live topic brings the score.
 *
 * What it cannot give: the per-series breakdown and the days of evidence.
 * Both live only in the analytics process (neither is published nor stored
 * in the event log), so this implements RiskSummaryDirectory, not
 * RiskDirectory, and the app leaves GET /api/enterprises/:id/risk out.
 *
 * The bus client is the caller's: connected, logged in as the dashboard
 * service, ended by the caller after close().
 */
import { withDefaults } from '../domain/with-defaults.js';
import type { RiskSummaryDirectory } from '../core/enterprise-risk/risk-directory.js';
import type { EnterpriseRiskSummary } from '../core/enterprise-risk/risk-views.js';
import type { Logger } from '../ops/logger.js';
import type { BusClient } from '../protocol/bus-client.js';
import { RISK_EVENT_KIND, riskEventId } from '../protocol/event-kinds.js';
import { decodeRiskRecord } from '../protocol/event-log/risk-records.js';
import { decodeRiskSummary } from '../protocol/risk-summary.js';
import { BusFollower } from './bus-follower.js';
import { checkPositiveWholeOptions } from './whole-number-options.js';
import { enterpriseChannelFilter, parseTopic } from '../protocol/topics.js';
import type { TimeSeriesStore } from '../store/port.js';

export interface RemoteRiskOptions {
  /** After a reconnect the store is read at once and again this much later (analytics stores a round's assessments after publishing them). ms */
  readonly resyncDelayMs: number;
  /** Enterprises whose stored assessments are read at the same time. count */
  readonly readConcurrency: number;
}

export const DEFAULT_REMOTE_RISK_OPTIONS: RemoteRiskOptions = Object.freeze({
  resyncDelayMs: 3_000,
  readConcurrency: 8,
});

/**
 * How far back the newest stored assessment is looked for, widening until one
 * is found: analytics stores one at least every 5 minutes per enterprise
 * while it runs, so the first window nearly always answers; the last is the
 * whole log (an enterprise not assessed for a long time). ms
 */
const LOOKBACK_MS: readonly number[] = [3_600_000, 86_400_000, 32 * 86_400_000, Number.POSITIVE_INFINITY];

export interface RemoteRiskDeps {
  readonly client: BusClient;
  readonly store: TimeSeriesStore;
  /** The configured enterprises: summaries of others are refused. */
  readonly enterprises: readonly string[];
  readonly log: Logger;
  /** Now, ms UTC: where the store's lookback starts. */
  readonly clock?: () => number;
}

export class RemoteRiskDirectory implements RiskSummaryDirectory {
  readonly options: RemoteRiskOptions;
  private readonly summaries = new Map<string, EnterpriseRiskSummary>();
  private readonly listeners = new Set<(summary: EnterpriseRiskSummary) => void>();
  private readonly known: ReadonlySet<string>;
  private readonly clock: () => number;
  private readonly follower: BusFollower;

  /** Subscribes, reads the store and follows live summaries; rejects if the subscription or the first read fails. */
  static async open(deps: RemoteRiskDeps, options: Partial<RemoteRiskOptions> = {}): Promise<RemoteRiskDirectory> {
    const directory = new RemoteRiskDirectory(deps, options);
    await directory.start();
    return directory;
  }

  private constructor(
    private readonly deps: RemoteRiskDeps,
    options: Partial<RemoteRiskOptions>,
  ) {
    this.options = withDefaults(DEFAULT_REMOTE_RISK_OPTIONS, options);
    checkPositiveWholeOptions('RemoteRiskDirectory', this.options);
    this.known = new Set(deps.enterprises);
    this.clock = deps.clock ?? Date.now;
    this.follower = new BusFollower(deps.client, {
      filters: [enterpriseChannelFilter('risk')],
      onMessage: this.onMessage,
      load: () => this.loadFromStore(),
      reload: () => this.resync(),
      // Whatever the broker kept for us, the store has every change of level and class: read it again.
      onReconnect: () => deps.log.info('reconnected to the broker; reading risk summaries from the store again'),
      resyncDelayMs: this.options.resyncDelayMs,
    });
  }

  /** Every enterprise with a summary, riskiest first (ties by id), as the in-process directory ranks them. */
  list(): EnterpriseRiskSummary[] {
    return [...this.summaries.values()].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }

  /** One enterprise's newest summary. */
  get(enterprise: string): EnterpriseRiskSummary | undefined {
    return this.summaries.get(enterprise);
  }

  subscribe(listener: (summary: EnterpriseRiskSummary) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops following the bus; the client stays the caller's to end. */
  close(): Promise<void> {
    return this.follower.close();
  }

  private async start(): Promise<void> {
    await this.follower.start();
    this.deps.log.info({ enterprises: this.summaries.size }, 'risk summaries read from the store; following live assessments');
  }

  private readonly onMessage = (topic: string, payload: Buffer): void => {
    const parsed = parseTopic(topic);
    if (!parsed.ok || parsed.topic.scope !== 'enterprise' || parsed.topic.channel !== 'risk') return;
    const enterprise = parsed.topic.enterprise;
    const decoded = decodeRiskSummary(payload);
    if (!decoded.ok) {
      this.deps.log.warn({ topic, reason: decoded.reason }, 'risk summary refused');
      return;
    }
    if (decoded.value.id !== enterprise) {
      this.deps.log.warn({ topic, id: decoded.value.id }, 'risk summary refused: it is about another enterprise than its topic names');
      return;
    }
    this.take(decoded.value, topic);
  };

  /** Keeps a summary unless the copy holds a newer one, and tells the listeners; says whether it took it. */
  private take(summary: EnterpriseRiskSummary, from: string): boolean {
    if (!this.known.has(summary.id)) {
      this.deps.log.warn({ from, enterprise: summary.id }, 'risk summary refused: the enterprise is not in the configuration');
      return false;
    }
    const held = this.summaries.get(summary.id);
    if (held && held.at >= summary.at) return false;
    this.summaries.set(summary.id, summary);
    for (const listener of this.listeners) {
      try {
        listener(summary);
      } catch (err) {
        this.deps.log.error({ err }, 'risk listener failed');
      }
    }
    return true;
  }

  /** Reads the newest stored assessment of every configured enterprise, a few enterprises at a time. */
  private async loadFromStore(): Promise<void> {
    const queue = [...this.known];
    const worker = async (): Promise<void> => {
      for (let enterprise = queue.shift(); enterprise !== undefined; enterprise = queue.shift()) {
        const summary = await this.newestStored(enterprise);
        if (summary) this.take(summary, 'store');
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.readConcurrency, queue.length) }, worker));
  }

  /** The enterprise's newest stored summary that passes the schema, looking back further until one is found. */
  private async newestStored(enterprise: string): Promise<EnterpriseRiskSummary | undefined> {
    const now = this.clock();
    // Each window reaches back further and stops where the previous one began, so no record is read twice.
    let until: number | undefined;
    for (const lookback of LOOKBACK_MS) {
      const since = Number.isFinite(lookback) ? Math.max(0, now - lookback) : undefined;
      const events = await this.deps.store.readEvents({
        enterprise,
        id: riskEventId(enterprise),
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
      });
      // Oldest first: the newest readable one wins.
      for (let i = events.length - 1; i >= 0; i--) {
        const event = events[i];
        if (event.kind !== RISK_EVENT_KIND) continue;
        // The event-log codec checks the record (its summary against the bus's schema, and that it is this enterprise's).
        const decoded = decodeRiskRecord(event);
        if (decoded.ok) return decoded.value.summary;
        this.deps.log.warn({ enterprise, at: event.at, reason: decoded.reason }, 'stored risk assessment refused');
      }
      if (since === undefined || since === 0) break;
      until = since;
    }
    return undefined;
  }

  private async resync(): Promise<void> {
    try {
      await this.loadFromStore();
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'risk summaries not re-read from the store; live assessments continue');
    }
  }
}
