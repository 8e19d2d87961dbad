/**
 * The AlertDirectory of a dashboard running on its own
 * (`linewatch dashboard`), over the bus. The analytics service owns the
 * alert lifecycle; this keeps a read copy and sends actions to it.
 *
 * - Reads: at start, subscribe to `linewatch/v1/alerts/+` first and then
 *   rebuild from the store's alert events, so nothing published in between
 *   is missed. Every event and every stored record is a full alert state, so
 *   the copy takes the newest state of each alert whatever the order
 *   (alert-state-order.ts). After a reconnect without a session (the broker
 *   restarted and forgot what it queued for us) the store is read again,
 *   but only from shortly before the newest event the copy holds
 *   (`resyncOverlapMs`): what it may have missed, not the whole log.
 * - Actions: acknowledge and resolve are commands on
 *   `linewatch/v1/commands/<service id>`, answered on
 *   `linewatch/v1/replies/<service id>` (protocol/alert-command.ts). The
 *   answer is awaited for `timeoutMs`; the command carries the same deadline
 *   as `expiresAt`, so analytics does not apply it after the user was told
 *   it timed out.
 *
 * The MQTT client is the caller's: connected, logged in as the dashboard
 * service (client id `<service id>` or `<service id>:<instance>`), ended by
 * the caller after close().
 */
import { randomUUID } from 'node:crypto';
import type { BusClient } from '../protocol/bus-client.js';
import { AlertActionError, EpisodeBook, type Pareto } from '../monitor/episode-book.js';
import { DEFAULT_CAUSE_CATALOGUE, type CauseCatalogue } from '../monitor/causes.js';
import type { AlertDirectory, AlertFilter, BulkAcknowledgement } from '../core/alerts/alert-directory.js';
import type { Alert, AlertEvent } from '../monitor/alert.js';
import type { Logger } from '../ops/logger.js';
import { decodeAlertReply, encodeAlertCommand, type AlertCommandKind, type AlertReply } from '../protocol/alert-command.js';
import { decodeAlertEvent } from '../protocol/alert-event.js';
import { ALERT_RECORD_KINDS } from '../protocol/event-log/alert-records.js';
import { readEventLog, type BadEventRecord, type EventPageReader } from '../protocol/event-log/read-event-log.js';
import { commandsTopic, enterpriseChannelFilter, parseTopic, repliesTopic } from '../protocol/topics.js';
import { AlertCommandError } from './alert-command-error.js';
import { BusFollower } from './bus-follower.js';
import { checkPositiveWholeOptions } from './whole-number-options.js';
import { isOlderState } from './alert-state-order.js';
import { withDefaults } from '../domain/with-defaults.js';

export interface RemoteAlertOptions {
  /** How long an action waits for the analytics service's answer. ms */
  readonly timeoutMs: number;
  /**
   * After a reconnect without a session the store is read at once and again
   * this much later: events published while the broker was gone reach the
   * store only at the analytics journal's next flush (1 s by default). ms
   */
  readonly resyncDelayMs: number;
  /**
   * A resync reads the events stored from this long before the newest event
   * time the copy holds. Event times are the analytics service's clock and
   * an event reaches the store up to a journal flush (1 s) after its time;
   * the margin covers that and clocks of several analytics workers that
   * disagree by less. ms
   */
  readonly resyncOverlapMs: number;
}

export const DEFAULT_REMOTE_ALERT_OPTIONS: RemoteAlertOptions = Object.freeze({
  timeoutMs: 5_000,
  resyncDelayMs: 3_000,
  resyncOverlapMs: 60_000,
});

export interface RemoteAlertDeps {
  readonly client: BusClient;
  /** The dashboard service's id (its MQTT user name): it names its command and reply topics. */
  readonly serviceId: string;
  /** Only paged event reads are made: the alert events of the log. */
  readonly store: EventPageReader;
  readonly log: Logger;
  /** ms UTC, for the commands' expiresAt. */
  readonly clock?: () => number;
  /** Causes and corrective actions (the configuration's), as analytics checks them. */
  readonly catalogue?: CauseCatalogue;
}

interface Pending {
  readonly action: AlertCommandKind;
  readonly resolve: (alert: Alert) => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class RemoteAlertDirectory implements AlertDirectory {
  readonly options: RemoteAlertOptions;
  private readonly book: EpisodeBook;
  private readonly listeners = new Set<(event: AlertEvent) => void>();
  private readonly pending = new Map<string, Pending>();
  private readonly clock: () => number;
  private readonly replies: string;
  private readonly follower: BusFollower;
  /** Newest event time (analytics clock) the copy took, from the bus or the store; -Infinity before any. */
  private newestEventAt = -Infinity;
  /** Stored records the event-log codec refused, over the directory's life. */
  badStoredEvents = 0;

  /** Subscribes, rebuilds from the store and follows live events; rejects if either fails. */
  static async open(deps: RemoteAlertDeps, options: Partial<RemoteAlertOptions> = {}): Promise<RemoteAlertDirectory> {
    const directory = new RemoteAlertDirectory(deps, options);
    await directory.start();
    return directory;
  }

  private constructor(
    private readonly deps: RemoteAlertDeps,
    options: Partial<RemoteAlertOptions>,
  ) {
    this.options = withDefaults(DEFAULT_REMOTE_ALERT_OPTIONS, options);
    checkPositiveWholeOptions('RemoteAlertDirectory', this.options);
    this.clock = deps.clock ?? Date.now;
    this.book = new EpisodeBook(deps.catalogue ?? DEFAULT_CAUSE_CATALOGUE);
    this.replies = repliesTopic(deps.serviceId);
    this.follower = new BusFollower(deps.client, {
      filters: [enterpriseChannelFilter('alerts'), this.replies],
      onMessage: this.onMessage,
      load: () => this.loadFromStore(),
      reload: () => this.resync(),
      // With a session the broker kept our queued events; without one, they are gone and the store has them.
      mayHaveLost: (connack) => !connack.sessionPresent,
      onReconnect: () => deps.log.warn({ from: this.resyncFrom() }, 'reconnected without a session; reading the alert events it may have missed from the store'),
      resyncDelayMs: this.options.resyncDelayMs,
    });
  }

  list(filter: AlertFilter = {}): Alert[] {
    return this.book.list(filter);
  }

  get(id: string): Alert | undefined {
    return this.book.get(id);
  }

  acknowledge(id: string, by: string, comment: string, cause: string | null = null, action: string | null = null): Promise<Alert> {
    return this.request('acknowledge', id, by, comment, cause, action);
  }

  resolve(id: string, by: string, comment: string, cause: string | null, action: string | null): Promise<Alert> {
    return this.request('resolve', id, by, comment, cause, action);
  }

  /** One command per alert, sent together; each failure is listed with its code. */
  async acknowledgeMany(ids: readonly string[], by: string, comment: string, cause: string | null = null, action: string | null = null): Promise<BulkAcknowledgement> {
    const outcomes = await Promise.allSettled([...new Set(ids)].map((id) => this.acknowledge(id, by, comment, cause, action)));
    const result: BulkAcknowledgement = { acknowledged: [], failures: [] };
    [...new Set(ids)].forEach((id, i) => {
      const o = outcomes[i];
      if (o.status === 'fulfilled') result.acknowledged.push(o.value);
      else result.failures.push({ id, code: (o.reason as { code?: string }).code ?? 'LW_ALERT_FAILED', message: (o.reason as Error).message });
    });
    return result;
  }

  pareto(filter: AlertFilter = {}): Pareto {
    return this.book.pareto(filter);
  }

  get catalogue(): CauseCatalogue {
    return this.book.catalogue;
  }

  subscribe(listener: (event: AlertEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops following the bus and fails the actions still waiting; the client stays the caller's to end. */
  async close(): Promise<void> {
    if (this.follower.isClosed) return;
    const closing = this.follower.close();
    for (const [requestId, p] of this.pending) this.settle(requestId, p, new AlertCommandError('LW_ALERT_UNAVAILABLE', 'the dashboard is shutting down; the action is not confirmed'));
    await closing;
  }

  private async start(): Promise<void> {
    const events = await this.follower.start();
    this.deps.log.info({ events, alerts: this.book.size, replies: this.replies }, 'alerts rebuilt from the store; following live events');
  }

  private readonly onMessage = (topic: string, payload: Buffer): void => {
    if (topic === this.replies) return this.takeReply(payload);
    const parsed = parseTopic(topic);
    if (parsed.ok && parsed.topic.scope === 'enterprise' && parsed.topic.channel === 'alerts') this.takeEvent(payload);
  };

  private async request(action: AlertCommandKind, alertId: string, by: string, comment: string, cause: string | null, corrective: string | null): Promise<Alert> {
    const { client, serviceId } = this.deps;
    if (this.follower.isClosed) throw new AlertCommandError('LW_ALERT_UNAVAILABLE', 'the dashboard is shutting down; the action was not sent');
    // Queued while offline, the command could reach analytics after the user was told it failed: refuse at once.
    if (!client.connected) throw new AlertCommandError('LW_ALERT_UNAVAILABLE', 'the dashboard is not connected to the broker; the action was not sent');
    const requestId = randomUUID();
    const payload = encodeAlertCommand({
      requestId,
      action,
      alertId,
      by,
      comment,
      ...(cause !== null ? { cause } : {}),
      ...(corrective !== null ? { correctiveAction: corrective } : {}),
      expiresAt: this.clock() + this.options.timeoutMs,
    });
    return new Promise<Alert>((resolve, reject) => {
      const timer = setTimeout(() => {
        const p = this.pending.get(requestId);
        if (p) this.settle(requestId, p, new AlertCommandError('LW_ALERT_TIMEOUT', `the analytics service did not answer within ${this.options.timeoutMs} ms; the ${action} is not confirmed`));
      }, this.options.timeoutMs);
      this.pending.set(requestId, { action, resolve, reject, timer });
      client.publishAsync(commandsTopic(serviceId), payload, { qos: 1 }).catch((err: Error) => {
        const p = this.pending.get(requestId);
        if (p) this.settle(requestId, p, new AlertCommandError('LW_ALERT_UNAVAILABLE', `the action could not be sent to the broker: ${err.message}`));
      });
    });
  }

  private takeReply(payload: Buffer): void {
    const decoded = decodeAlertReply(payload);
    if (!decoded.ok) {
      // Without a readable request id there is nobody to answer: that request times out.
      this.deps.log.warn({ reason: decoded.reason }, 'alert reply refused');
      return;
    }
    const reply = decoded.value;
    const p = this.pending.get(reply.requestId);
    if (!p) {
      this.deps.log.debug({ requestId: reply.requestId }, 'reply to a request no longer waiting (timed out, or from before a restart)');
      return;
    }
    if (reply.ok) {
      // Read-your-writes: the next GET shows the change even if its event is still on the way.
      this.apply({ kind: p.action === 'acknowledge' ? 'acknowledged' : 'resolved', at: this.clock(), alert: reply.alert });
      this.settle(reply.requestId, p, reply.alert);
      return;
    }
    this.settle(reply.requestId, p, errorOf(reply));
  }

  private takeEvent(payload: Buffer): void {
    const decoded = decodeAlertEvent(payload);
    if (!decoded.ok) {
      this.deps.log.warn({ reason: decoded.reason }, 'alert event refused');
      return;
    }
    this.noteEventTime(decoded.value.at);
    if (!this.apply(decoded.value)) return;
    for (const listener of this.listeners) {
      try {
        listener(decoded.value);
      } catch (err) {
        this.deps.log.error({ err }, 'alert listener failed');
      }
    }
  }

  /** Takes a state unless the copy already holds a newer one; says whether it took it. */
  private apply(event: AlertEvent): boolean {
    const known = this.book.get(event.alert.id);
    if (known && isOlderState(event.alert, known)) return false;
    this.book.replay(event);
    return true;
  }

  /**
   * Reads the stored alert events from `from` on into the copy, oldest
   * first; returns how many it read. A record that does not decode is
   * logged with its identity and reason, counted, and skipped.
   */
  private async loadFromStore(from = 0): Promise<number> {
    let events = 0;
    const onBad = (bad: BadEventRecord): void => {
      this.badStoredEvents += 1;
      this.deps.log.warn({ record: { id: bad.id, at: bad.at, kind: bad.kind, enterprise: bad.enterprise }, reason: bad.reason }, 'stored alert event refused by the event-log codec');
    };
    for await (const page of readEventLog(this.deps.store, { kinds: ALERT_RECORD_KINDS, from }, onBad)) {
      for (const entry of page) {
        if (entry.type !== 'alert') continue;
        this.noteEventTime(entry.event.at);
        this.apply(entry.event);
        events += 1;
      }
    }
    this.deps.log.debug({ events, from }, 'alert events read from the store');
    return events;
  }

  /** Only times of the analytics service's events count: a reply is applied with the dashboard's own clock. */
  private noteEventTime(at: number): void {
    if (at > this.newestEventAt) this.newestEventAt = at;
  }

  /** Where a resync starts: shortly before the newest event the copy holds (the whole log when it holds none). */
  private resyncFrom(): number {
    return Number.isFinite(this.newestEventAt) ? Math.max(0, this.newestEventAt - this.options.resyncOverlapMs) : 0;
  }

  private async resync(): Promise<void> {
    try {
      await this.loadFromStore(this.resyncFrom());
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message }, 'alerts not re-read from the store; live events continue');
    }
  }

  private settle(requestId: string, p: Pending, outcome: Alert | Error): void {
    clearTimeout(p.timer);
    this.pending.delete(requestId);
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome);
  }
}

/** The error the in-process directory would have thrown, so the HTTP API answers the same either way. */
function errorOf(reply: Extract<AlertReply, { ok: false }>): Error {
  switch (reply.code) {
    case 'LW_ALERT_NOT_FOUND':
    case 'LW_ALERT_STATE':
      return new AlertActionError(reply.code, reply.message);
    case 'LW_ALERT_EXPIRED':
      return new AlertCommandError('LW_ALERT_TIMEOUT', `the analytics service got the command after it expired and did not apply it (are the two hosts' clocks apart?): ${reply.message}`);
    default:
      return new AlertCommandError('LW_ALERT_REJECTED', `the analytics service refused the command: ${reply.code}: ${reply.message}`);
  }
}
