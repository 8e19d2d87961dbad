/**
 * Group commit with a bounded queue. Calls that arrive while a commit is
 * under way wait and go together in the next one (up to maxBatchPoints), so
 * a stream of small writes costs one fsync per group instead of one per call,
 * without a linger timer: an idle store commits a lone call at once.
 *
 * Every call settles: it resolves when the commit that carried its points has
 * resolved (durable) and rejects with that commit's error otherwise. When the
 * queue holds maxQueuedPoints, new calls are refused at once with
 * LW_STORE_OVERLOADED; queued points are never dropped.
 */
import { StoreError } from './errors.js';

export type CommitFn<T> = (items: readonly T[]) => Promise<void>;

export interface BatcherLimits {
  /** Most items one commit carries, unless a single call is larger. items */
  readonly maxBatchPoints: number;
  /** Most items accepted but not yet committed (queued and in flight). items */
  readonly maxQueuedPoints: number;
  /** Commits running at once. */
  readonly maxInFlight: number;
}

interface Pending<T> {
  readonly items: readonly T[];
  resolve(): void;
  reject(error: unknown): void;
}

export class WriteBatcher<T> {
  private readonly queue: Pending<T>[] = [];
  private pendingItems = 0;
  private inFlight = 0;
  private closed = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly commit: CommitFn<T>,
    private readonly limits: BatcherLimits,
  ) {}

  /** Items accepted and not yet durable. */
  get pending(): number {
    return this.pendingItems;
  }

  submit(items: readonly T[]): Promise<void> {
    if (this.closed) return Promise.reject(new StoreError('LW_STORE_CLOSED', 'the store is closed; the write was not accepted'));
    if (items.length === 0) return Promise.resolve();
    // A single call larger than the whole queue is still taken when nothing
    // else waits: its memory is the caller's already, and refusing it would
    // make it impossible to ever store.
    if (this.pendingItems > 0 && this.pendingItems + items.length > this.limits.maxQueuedPoints) {
      return Promise.reject(
        new StoreError('LW_STORE_OVERLOADED', `write queue full: ${this.pendingItems} points waiting, ${items.length} more would exceed maxQueuedPoints=${this.limits.maxQueuedPoints}; retry later`),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      this.pendingItems += items.length;
      this.pump();
    });
  }

  /** Resolves when everything accepted so far has settled. */
  drain(): Promise<void> {
    if (this.queue.length === 0 && this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Refuses new calls, then waits for the accepted ones to settle. */
  close(): Promise<void> {
    this.closed = true;
    return this.drain();
  }

  private pump(): void {
    while (this.inFlight < this.limits.maxInFlight && this.queue.length > 0) {
      const group = [this.queue.shift() as Pending<T>];
      let count = group[0].items.length;
      while (this.queue.length > 0 && count + this.queue[0].items.length <= this.limits.maxBatchPoints) {
        const next = this.queue.shift() as Pending<T>;
        group.push(next);
        count += next.items.length;
      }
      this.run(group, count);
    }
  }

  private run(group: Pending<T>[], count: number): void {
    this.inFlight++;
    const items = group.length === 1 ? group[0].items : group.flatMap((pending) => pending.items);
    let committed: Promise<void>;
    try {
      committed = this.commit(items);
    } catch (error) {
      committed = Promise.reject(error);
    }
    committed.then(
      () => this.settle(group, count, (pending) => pending.resolve()),
      (error: unknown) => this.settle(group, count, (pending) => pending.reject(error)),
    );
  }

  /**
   * Frees the group's room before settling its calls, so a caller that
   * writes again as soon as its write resolves finds the room free.
   */
  private settle(group: Pending<T>[], count: number, each: (pending: Pending<T>) => void): void {
    this.inFlight--;
    this.pendingItems -= count;
    group.forEach(each);
    this.pump();
    if (this.queue.length === 0 && this.inFlight === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }
}
