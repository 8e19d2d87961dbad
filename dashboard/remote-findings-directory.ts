/**
 * The regulator's findings for a dashboard running on its own (`linewatch
 * dashboard`), over the bus: the analytics service opens, updates and closes
 * findings, publishes each event on `linewatch/v1/findings/<enterprise>`
 * (protocol/finding-event.ts) and stores it in the event log (kind
 * `finding.changed`); this keeps the newest state of each finding.
 *
 * - At start it subscribes to `linewatch/v1/findings/+` first and then reads
 *   the stored finding events of the configured enterprises, so nothing
 *   published in between is missed. A finding event carries the finding's
 *   whole state: the copy keeps the one with the newest `updatedAt` (a closed
 *   one wins a tie), whatever the order they arrive in.
 * - After every reconnect the store is read again, at once and
 *   `resyncDelayMs` later: the broker may have dropped what it queued for us.
 *   Only from `resyncOverlapMs` before the newest event it holds: event times
 *   are the analytics clock, and an event reaches the store after its round
 *   published it.
 * - Like the in-process tracker it keeps the open findings and at most
 *   `closedKept` closed ones (the newest).
 *
 * The bus client is the caller's: connected, logged in as the dashboard
 * service, ended by the caller after close().
 */
import type { Finding, FindingDirectory, FindingEvent } from '../core/findings/finding.js';
import { withDefaults } from '../domain/with-defaults.js';
import type { Logger } from '../ops/logger.js';
import type { BusClient } from '../protocol/bus-client.js';
import { FINDING_EVENT_KIND } from '../protocol/event-kinds.js';
import { decodeFindingRecord } from '../protocol/event-log/finding-records.js';
import { storedEventPages } from '../protocol/event-log/read-event-log.js';
import { decodeFindingEvent } from '../protocol/finding-event.js';
import { BusFollower } from './bus-follower.js';
import { checkPositiveWholeOptions } from './whole-number-options.js';
import { enterpriseChannelFilter, parseTopic } from '../protocol/topics.js';
import type { EventPageReader } from '../protocol/event-log/read-event-log.js';

export interface RemoteFindingsOptions {
  /** After a reconnect the store is read at once and again this much later (analytics stores a round's findings after publishing them). ms */
  readonly resyncDelayMs: number;
  /** A re-read after a reconnect starts this long before the newest event held. ms */
  readonly resyncOverlapMs: number;
  /** Closed findings kept (the newest), as the in-process tracker's `closedKept`. count */
  readonly closedKept: number;
}

export const DEFAULT_REMOTE_FINDINGS_OPTIONS: RemoteFindingsOptions = Object.freeze({
  resyncDelayMs: 3_000,
  resyncOverlapMs: 60_000,
  closedKept: 5_000,
});

export interface RemoteFindingsDeps {
  readonly client: BusClient;
  /** The event log's paged reader (a TimeSeriesStore has it). */
  readonly store: EventPageReader;
  /** The configured enterprises: findings of others are refused. */
  readonly enterprises: readonly string[];
  readonly log: Logger;
}

export class RemoteFindingsDirectory implements FindingDirectory {
  readonly options: RemoteFindingsOptions;
  private readonly findings = new Map<string, Finding>();
  private readonly listeners = new Set<(event: FindingEvent) => void>();
  private readonly known: ReadonlySet<string>;
  /** The newest event time held (live or stored), where a re-read starts from. ms */
  private newestAt = 0;
  private readonly follower: BusFollower;

  /** Subscribes, reads the store and follows live finding events; rejects if the subscription or the first read fails. */
  static async open(deps: RemoteFindingsDeps, options: Partial<RemoteFindingsOptions> = {}): Promise<RemoteFindingsDirectory> {
    const directory = new RemoteFindingsDirectory(deps, options);
    await directory.start();
    return directory;
  }

  private constructor(
    private readonly deps: RemoteFindingsDeps,
    options: Partial<RemoteFindingsOptions>,
  ) {
    this.options = withDefaults(DEFAULT_REMOTE_FINDINGS_OPTIONS, options);
    checkPositiveWholeOptions('RemoteFindingsDirectory', this.options);
    this.known = new Set(deps.enterprises);
    this.follower = new BusFollower(deps.client, {
      filters: [enterpriseChannelFilter('findings')],
      onMessage: this.onMessage,
      load: () => this.loadFromStore(),
      reload: () => this.resync(),
      onReconnect: () => deps.log.info('reconnected to the broker; reading findings from the store again'),
      resyncDelayMs: this.options.resyncDelayMs,
    });
  }

  /** Open findings, and closed ones changed since `since`, newest first (as the in-process tracker lists them). */
  list(filter: { enterprise?: string; status?: Finding['status']; since?: number } = {}): Finding[] {
    return [...this.findings.values()]
      .filter(
        (f) =>
          (filter.enterprise === undefined || f.enterprise === filter.enterprise) &&
          (filter.status === undefined || f.status === filter.status) &&
          (filter.since === undefined || f.updatedAt >= filter.since),
      )
      .sort((a, b) => b.updatedAt - a.updatedAt || b.openedAt - a.openedAt)
      .map((f) => ({ ...f, evidence: { ...f.evidence } }));
  }

  subscribe(listener: (event: FindingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops following the bus; the client stays the caller's to end. */
  close(): Promise<void> {
    return this.follower.close();
  }

  private async start(): Promise<void> {
    await this.follower.start();
    this.deps.log.info({ open: this.list({ status: 'open' }).length }, 'findings read from the store; following live finding events');
  }

  private readonly onMessage = (topic: string, payload: Buffer): void => {
    const parsed = parseTopic(topic);
    if (!parsed.ok || parsed.topic.scope !== 'enterprise' || parsed.topic.channel !== 'findings') return;
    const decoded = decodeFindingEvent(payload);
    if (!decoded.ok) {
      this.deps.log.warn({ topic, reason: decoded.reason }, 'finding event refused');
      return;
    }
    if (decoded.value.finding.enterprise !== parsed.topic.enterprise) {
      this.deps.log.warn({ topic, enterprise: decoded.value.finding.enterprise }, 'finding event refused: it is about another enterprise than its topic names');
      return;
    }
    this.take(decoded.value, topic);
  };

  /** Keeps the event's finding unless the copy holds a newer state of it, and tells the listeners; says whether it took it. */
  private take(event: FindingEvent, from: string): boolean {
    const f = event.finding;
    if (!this.known.has(f.enterprise)) {
      this.deps.log.warn({ from, enterprise: f.enterprise }, 'finding event refused: the enterprise is not in the configuration');
      return false;
    }
    const held = this.findings.get(f.id);
    if (held && (held.updatedAt > f.updatedAt || (held.updatedAt === f.updatedAt && (held.status === 'closed' || f.status === 'open')))) return false;
    this.findings.set(f.id, { ...f, evidence: { ...f.evidence } });
    this.newestAt = Math.max(this.newestAt, event.at);
    if (f.status === 'closed') this.trimClosed();
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.deps.log.error({ err }, 'finding listener failed');
      }
    }
    return true;
  }

  private trimClosed(): void {
    const closed = [...this.findings.values()].filter((f) => f.status === 'closed');
    if (closed.length <= this.options.closedKept) return;
    closed.sort((a, b) => a.updatedAt - b.updatedAt);
    for (const f of closed.slice(0, closed.length - this.options.closedKept)) this.findings.delete(f.id);
  }

  /** The stored finding events of the configured enterprises from `from` (all without), oldest first; the one place this reads the store. */
  private async loadFromStore(from?: number): Promise<void> {
    const query = { enterprises: [...this.known], kinds: [FINDING_EVENT_KIND], ...(from !== undefined ? { from } : {}) };
    for await (const records of storedEventPages(this.deps.store, query)) {
      for (const record of records) {
        const decoded = decodeFindingRecord(record);
        if (decoded.ok) this.take(decoded.value, 'store');
        else this.deps.log.warn({ id: record.id, at: record.at, enterprise: record.enterprise, reason: decoded.reason }, 'stored finding event refused');
      }
    }
  }

  private async resync(): Promise<void> {
    try {
      await this.loadFromStore(this.newestAt > 0 ? Math.max(0, this.newestAt - this.options.resyncOverlapMs) : undefined);
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'findings not re-read from the store; live finding events continue');
    }
  }
}
