import type { StoredEvent } from '../../domain/event-log-record.js';
import type { Logger } from '../../ops/logger.js';
import type { TimeSeriesStore } from '../../store/port.js';

/** Items kept waiting for the store while it is down; beyond it the oldest are given up (counted, logged). */
const MAX_QUEUED = 10_000;

export interface QueuedEventKind<T> {
  /** What the items are, for the log: 'product changeovers', 'reel records'. */
  readonly noun: string;
  /** What is lost when items are given up, for the log. */
  readonly lost: string;
  readonly encode: (item: T) => StoredEvent;
  /**
   * The item's identity in the store, when a newer item replaces an older
   * one there (the same event identity): while both wait, only the newer is
   * kept, so an outage holds one item per key. Absent: every item is kept.
   */
  readonly keyOf?: (item: T) => string;
}

/**
 * Event-log records written off the ingest path (no batch waits for them):
 * appended as they come, and while the store is down kept in a bounded
 * queue and written with the next ones, or at `flush`. What the product
 * changeovers and the reels' quality records share.
 */
export class QueuedEventWriter<T> {
  /** Waiting items by key, oldest first. */
  private queue = new Map<string, T>();
  private unkeyed = 0;
  private writing: Promise<void> | null = null;
  /** Items written to the store so far. */
  written = 0;
  /** Items given up because the store stayed down while the queue was full. */
  dropped = 0;

  constructor(
    private readonly store: Pick<TimeSeriesStore, 'appendEvents'>,
    private readonly log: Logger,
    private readonly kind: QueuedEventKind<T>,
  ) {}

  /** Items waiting to be written. */
  get waiting(): number {
    return this.queue.size;
  }

  record(items: readonly T[]): void {
    if (items.length === 0) return;
    for (const item of items) {
      const key = this.kind.keyOf?.(item) ?? `#${this.unkeyed++}`;
      this.queue.delete(key); // a newer write goes to the back
      this.queue.set(key, item);
    }
    if (this.queue.size > MAX_QUEUED) {
      const excess = this.queue.size - MAX_QUEUED;
      let n = 0;
      for (const key of this.queue.keys()) {
        if (n++ >= excess) break;
        this.queue.delete(key);
      }
      this.dropped += excess;
      this.log.error({ dropped: excess }, `${this.kind.noun} not stored: the store has been down too long; ${this.kind.lost}`);
    }
    void this.flush();
  }

  /** Writes what waits; resolves once everything recorded before the call is written or has failed for now. */
  flush(): Promise<void> {
    this.writing ??= this.writeAll().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  private async writeAll(): Promise<void> {
    while (this.queue.size > 0) {
      const batch = this.queue;
      this.queue = new Map();
      try {
        await this.store.appendEvents([...batch.values()].map(this.kind.encode));
        this.written += batch.size;
      } catch (err) {
        this.log.warn({ err: (err as Error).message, count: batch.size }, `${this.kind.noun} not stored yet; will retry with the next ones or at stop`);
        // What was recorded meanwhile is newer: it wins over the failed batch's item of the same key.
        for (const [key, item] of this.queue) batch.set(key, item);
        this.queue = batch;
        return;
      }
    }
  }
}
