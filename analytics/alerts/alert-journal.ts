import type { TimeSeriesStore } from '../../store/port.js';
import type { AlertEvent } from '../../monitor/alert.js';
import { encodeAlertRecord } from '../../protocol/event-log/alert-records.js';
import type { Logger } from '../../ops/logger.js';
import { withDefaults } from '../../domain/with-defaults.js';

export interface AlertJournalOptions {
  /** How often coalesced 'updated' events and the store queue are flushed, ms. */
  readonly flushIntervalMs: number;
  /** Most events kept waiting for the store while it is down; beyond it the oldest 'updated' are dropped (counted). */
  readonly maxQueued: number;
  /**
   * An alert's counter updates are stored at most this often, ms (they are
   * still published every flush). A drifting series signals on every sample;
   * storing each second's count of every open alert would make the event log
   * the store's biggest writer. After a crash a count may be behind by this
   * much, until the replay from the store catches it up.
   */
  readonly storeUpdatesEveryMs: number;
}

export const DEFAULT_ALERT_JOURNAL_OPTIONS: AlertJournalOptions = Object.freeze({
  flushIntervalMs: 1000, // ms
  maxQueued: 100_000, // events
  storeUpdatesEveryMs: 60_000, // ms
});

/**
 * Where alert events go: published at once when they matter to a person
 * (raised, acknowledged, resolved), coalesced to one per alert per flush
 * when they only move a counter (updated: a CUSUM can signal on every sample
 * of a drift), and appended to the store in batches. If the store is down
 * the events wait in a bounded queue and are retried at every flush.
 */
export class AlertJournal {
  private readonly options: AlertJournalOptions;
  private readonly pendingUpdates = new Map<string, AlertEvent>();
  /** When each open alert's state was last stored, ms (server time). */
  private readonly lastStored = new Map<string, number>();
  /** The newest counter update of each alert not stored yet, written at stop so a clean restart loses no count. */
  private readonly deferred = new Map<string, AlertEvent>();
  private storeQueue: AlertEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  /** The flush that runs after the one writing now, for what was recorded since it took its batch. */
  private nextFlush: Promise<void> | null = null;
  dropped = 0;
  /** Events the store refused outright (published, but not kept). */
  refused = 0;

  constructor(
    private readonly store: TimeSeriesStore,
    private readonly publish: (event: AlertEvent) => void,
    private readonly log: Logger,
    options: Partial<AlertJournalOptions> = {},
  ) {
    this.options = withDefaults(DEFAULT_ALERT_JOURNAL_OPTIONS, options);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.options.flushIntervalMs);
    this.timer.unref();
  }

  record(event: AlertEvent): void {
    if (event.kind === 'updated') {
      this.pendingUpdates.set(event.alert.id, event);
      return;
    }
    // A newer state supersedes a waiting counter update of the same alert.
    this.pendingUpdates.delete(event.alert.id);
    this.deferred.delete(event.alert.id);
    this.publish(event);
    this.enqueue(event);
    if (event.kind === 'resolved') this.lastStored.delete(event.alert.id);
    else this.lastStored.set(event.alert.id, event.at);
  }

  /**
   * Publishes coalesced updates and writes queued events to the store; resolves
   * once everything recorded before the call is written. A flush already
   * writing took its batch before the call, so the caller waits for one more
   * after it (shared by every caller meanwhile, so a slow store never piles them up).
   */
  flush(): Promise<void> {
    if (!this.flushing) {
      this.flushing = this.flushOnce().finally(() => {
        this.flushing = null;
      });
      return this.flushing;
    }
    const again = () => {
      this.nextFlush = null;
      return this.flush();
    };
    this.nextFlush ??= this.flushing.then(again, again);
    return this.nextFlush;
  }

  private async flushOnce(): Promise<void> {
    for (const event of this.pendingUpdates.values()) {
      this.publish(event);
      const stored = this.lastStored.get(event.alert.id) ?? -Infinity;
      if (event.at - stored >= this.options.storeUpdatesEveryMs) {
        this.enqueue(event);
        this.deferred.delete(event.alert.id);
        this.lastStored.set(event.alert.id, event.at);
      } else {
        this.deferred.set(event.alert.id, event);
      }
    }
    this.pendingUpdates.clear();
    if (this.storeQueue.length === 0) return;
    const batch = this.storeQueue;
    this.storeQueue = [];
    try {
      await this.store.appendEvents(batch.map(encodeAlertRecord));
    } catch (err) {
      if ((err as { retryable?: boolean }).retryable === false) {
        // The store refuses the batch itself, not for now: retrying it would block every later event.
        await this.storeOneByOne(batch);
        return;
      }
      this.log.warn({ err: (err as Error).message, events: batch.length }, 'alert events not stored yet; will retry');
      this.storeQueue = batch.concat(this.storeQueue);
      this.trim();
    }
  }

  private enqueue(event: AlertEvent): void {
    this.storeQueue.push(event);
    this.trim();
  }

  /** Stores the events one at a time, so one the store refuses does not take the others with it; refusals are logged and counted. */
  private async storeOneByOne(batch: AlertEvent[]): Promise<void> {
    for (const event of batch) {
      try {
        await this.store.appendEvents([encodeAlertRecord(event)]);
      } catch (err) {
        if ((err as { retryable?: boolean }).retryable === false) {
          this.refused += 1;
          this.log.error({ err: (err as Error).message, alert: event.alert.id, kind: event.kind }, 'alert event refused by the store; it was published but is not kept');
        } else {
          this.storeQueue.push(event);
        }
      }
    }
  }

  /**
   * Keeps the queue bounded by giving up counter updates first: the next
   * update of the same alert carries its count again. Lifecycle events
   * (raised, acknowledged, resolved) are never given up.
   */
  private trim(): void {
    let excess = this.storeQueue.length - this.options.maxQueued;
    if (excess <= 0) return;
    const kept: AlertEvent[] = [];
    for (const e of this.storeQueue) {
      if (excess > 0 && e.kind === 'updated') {
        excess -= 1;
        this.dropped += 1;
        continue;
      }
      kept.push(e);
    }
    this.storeQueue = kept;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    for (const event of this.deferred.values()) this.enqueue(event);
    this.deferred.clear();
    await this.flush();
  }
}
