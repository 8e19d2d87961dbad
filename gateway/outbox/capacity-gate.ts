/**
 * The bound of an outbox and its full policy, in one place for both
 * implementations. The gate counts what is held (batches and bytes, as the
 * outbox defines them) and admits an append only when it fits; otherwise it
 * applies the policy:
 * - 'reject': fail at once with OutboxFullError;
 * - 'block': queue the append; queued appends are admitted strictly in
 *   arrival order (a small batch never overtakes a large one, so seqs keep
 *   the source's order) as `release` makes room; at most `maxWaiting` wait,
 *   more are refused;
 * - 'drop-oldest': ask the host to drop its oldest batch until the append
 *   fits; if nothing can be dropped yet (all of it still being written), wait
 *   as under 'block'.
 * Before any policy applies, the host may `reclaim` room without losing data.
 * While the host `hold`s the gate (its disk is full), nothing is admitted:
 * 'block' queues every append, the other policies refuse it at once.
 *
 * Grants are callbacks run synchronously, so the outbox assigns the seq in
 * the same tick as the admission and no later caller can slip in between.
 */
import { OutboxError, OutboxFullError } from './errors.js';
import type { FullPolicy } from './outbox.js';

export interface CapacityHost {
  /** Frees room without losing data (e.g. retires a fully acknowledged segment); true if it did. */
  reclaim(): boolean;
  /** Drops the oldest unacknowledged batch (policy 'drop-oldest'); false if none can be dropped now. */
  dropOldest(): boolean;
}

export interface CapacityLimits {
  readonly maxBatches: number;
  readonly maxBytes: number;
  readonly fullPolicy: FullPolicy;
  readonly maxWaiting: number;
}

interface Waiter {
  readonly cost: number;
  readonly grant: () => void;
  readonly fail: (error: Error) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: (() => void) | undefined;
}

export class CapacityGate {
  private usedBatches = 0;
  private usedBytes = 0;
  private readonly waiters: Waiter[] = [];
  private draining = false;
  private closedWith: Error | undefined;
  /** Why nothing is admitted now (the disk is full), or undefined. */
  private heldFor: string | undefined;
  /** Appends refused because full, since construction. */
  refused = 0;
  /** Appends that had to wait, since construction. */
  blocked = 0;

  constructor(
    private readonly limits: CapacityLimits,
    private readonly host: CapacityHost,
  ) {}

  get batches(): number {
    return this.usedBatches;
  }

  get bytes(): number {
    return this.usedBytes;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /**
   * Admits one batch of `cost` bytes: calls `grant` (synchronously, with the
   * batch counted) or `fail`, now or later.
   */
  admit(cost: number, grant: () => void, fail: (error: Error) => void, signal?: AbortSignal): void {
    if (this.closedWith) return fail(this.closedWith);
    if (signal?.aborted) return fail(abortError(signal));
    if (this.heldFor !== undefined && this.limits.fullPolicy !== 'block') {
      this.refused++;
      return fail(new OutboxFullError('disk', this.heldFor));
    }
    if (this.heldFor === undefined && this.waiters.length === 0 && this.makeRoom(cost)) {
      this.take(cost);
      return grant();
    }
    if (this.limits.fullPolicy === 'reject') {
      this.refused++;
      return fail(this.fullError(cost));
    }
    if (this.waiters.length >= this.limits.maxWaiting) {
      // The queue is a buffer too: bounded, and full means refused.
      this.refused++;
      return fail(new OutboxFullError('maxWaiting', `outbox full and ${this.waiters.length} appends already waiting for room`));
    }
    this.blocked++;
    let onAbort: (() => void) | undefined;
    if (signal) {
      onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i < 0) return;
        this.waiters.splice(i, 1);
        fail(abortError(signal));
        // The aborted append may have been the one holding up smaller ones behind it.
        this.drain();
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }
    const waiter: Waiter = { cost, grant, fail, signal, onAbort };
    this.waiters.push(waiter);
  }

  /** Counts what is already held (recovered state, a segment header), without asking. */
  reserve(batches: number, bytes: number): void {
    this.usedBatches += batches;
    this.usedBytes += bytes;
  }

  /** Returns room; queued appends that now fit are admitted. */
  release(batches: number, bytes: number): void {
    this.usedBatches -= batches;
    this.usedBytes -= bytes;
    this.drain();
  }

  /** Retries the queue, e.g. once batches became durable and so can be dropped. */
  poke(): void {
    this.drain();
  }

  /**
   * Admits nothing while `reason` is set (the outbox cannot write: its disk is
   * full); undefined admits again, queued appends first.
   */
  hold(reason: string | undefined): void {
    this.heldFor = reason;
    if (reason === undefined) this.drain();
  }

  /** Fails every queued append with `error`, and every later one. */
  close(error: Error): void {
    this.closedWith = error;
    for (const w of this.waiters.splice(0)) {
      if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
      w.fail(error);
    }
  }

  private drain(): void {
    // Releases happen inside drain too (dropOldest, grants): one loop does it all.
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.waiters.length > 0 && !this.closedWith && this.heldFor === undefined) {
        const w = this.waiters[0]!;
        if (!this.makeRoom(w.cost)) break;
        this.waiters.shift();
        if (w.onAbort) w.signal?.removeEventListener('abort', w.onAbort);
        this.take(w.cost);
        w.grant();
      }
    } finally {
      this.draining = false;
    }
  }

  private makeRoom(cost: number): boolean {
    const wasDraining = this.draining;
    this.draining = true;
    try {
      for (;;) {
        if (this.fits(cost)) return true;
        if (this.host.reclaim()) continue;
        if (this.limits.fullPolicy === 'drop-oldest' && this.host.dropOldest()) continue;
        return false;
      }
    } finally {
      this.draining = wasDraining;
    }
  }

  private fits(cost: number): boolean {
    return this.usedBatches + 1 <= this.limits.maxBatches && this.usedBytes + cost <= this.limits.maxBytes;
  }

  private take(cost: number): void {
    this.usedBatches += 1;
    this.usedBytes += cost;
  }

  private fullError(cost: number): OutboxFullError {
    if (this.usedBatches + 1 > this.limits.maxBatches) {
      return new OutboxFullError('maxBatches', `outbox full: ${this.usedBatches} of ${this.limits.maxBatches} batches held`);
    }
    return new OutboxFullError('maxBytes', `outbox full: ${this.usedBytes} of ${this.limits.maxBytes} bytes held, batch needs ${cost}`);
  }
}

function abortError(signal: AbortSignal): OutboxError {
  return new OutboxError('LW_OUTBOX_ABORTED', 'append aborted while waiting for room in the outbox', { cause: signal.reason });
}
