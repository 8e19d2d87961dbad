/**
 * The file outbox's state while writes fail for lack of space (or with EIO):
 * holds the capacity gate with the reason, says so once in the log, and
 * schedules one retry at a time with a doubling backoff (disk-full.ts has
 * the policy: which errors, which delays, which words). The outbox decides
 * what a retry does and when writing has resumed.
 */
import type { CapacityGate } from './capacity-gate.js';
import { blockedMessage, defaultOutboxLog, nextRetryMs, refusingMessage, resumedMessage, type OutboxLog } from './disk-full.js';
import type { FullPolicy } from './outbox.js';

/** Writes fail for lack of space (or with EIO) since `since`; retried with a backoff. */
interface Stall {
  readonly code: string;
  readonly since: number;
  retryMs: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class DiskFullStall {
  private stall: Stall | undefined;
  /** Times writes started failing that way since open (each one logged). */
  stalls = 0;

  constructor(
    private readonly dir: string,
    private readonly policy: FullPolicy,
    private readonly gate: Pick<CapacityGate, 'hold'>,
    /** Tries the failed writes again (after the backoff). */
    private readonly retry: () => void,
    private log: OutboxLog | undefined,
  ) {}

  /** True while writes fail for lack of space. */
  get active(): boolean {
    return this.stall !== undefined;
  }

  /**
   * A write failed with `code`: the first time, hold the gate (appends wait
   * under 'block', are refused otherwise) and log it; then schedule a retry,
   * unless one is scheduled already (failing ack flushes must not postpone
   * it) or the outbox is closing.
   */
  enter(code: string, pending: number, closing: boolean): void {
    if (!this.stall) {
      this.stall = { code, since: Date.now(), retryMs: 0, timer: undefined };
      this.stalls++;
      const message = this.policy === 'block' ? blockedMessage(code, this.dir) : refusingMessage(code, this.dir);
      this.gate.hold(message);
      this.log ??= defaultOutboxLog();
      this.log.warn({ dir: this.dir, code, policy: this.policy, pending }, message);
    }
    const stall = this.stall;
    if (closing || stall.timer) return;
    stall.retryMs = nextRetryMs(stall.retryMs);
    // Not unref'd: the appends held back must keep the process alive until they are durable or closed.
    stall.timer = setTimeout(() => {
      stall.timer = undefined;
      this.retry();
    }, stall.retryMs);
  }

  /** Cancels the scheduled retry: the outbox retries now, or closes. */
  cancelRetry(): void {
    if (this.stall?.timer) clearTimeout(this.stall.timer);
    if (this.stall) this.stall.timer = undefined;
  }

  /** A write succeeded: the disk takes data again; the gate opens and the log says how long it was blocked. */
  leave(): void {
    const stall = this.stall!;
    if (stall.timer) clearTimeout(stall.timer);
    this.stall = undefined;
    this.log?.info({ dir: this.dir, code: stall.code, blockedMs: Date.now() - stall.since }, resumedMessage(this.dir));
    this.gate.hold(undefined);
  }
}
