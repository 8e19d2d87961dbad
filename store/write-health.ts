/**
 * Whether the store takes the analytics service's writes, for /readyz. The
 * store's own health check pings it; a disk that is full, a bucket that
 * refuses writes or a database that answers pings but fails every write
 * passes that ping while every batch fails. So readiness also follows the
 * writes themselves.
 *
 * The rule: not ready once the last `failuresBeforeUnready` completed writes
 * (default 1: the last one) all failed with no success since; ready again at
 * the first write that succeeds. One failure is enough: the adapters retry a
 * retryable failure with bounded backoff before they reject (retry.ts), so a
 * rejected write is not a blip, and the gateway resends the batch anyway.
 * Pure: the caller says what happened and when.
 */
import type { StoreAdapterName, StoreHealth } from './port.js';

export interface WriteFailure {
  /** The store's stable error code (LW_STORE_*), or the error's name when it has none. */
  readonly code: string;
  /** One line, bounded: what failed, never a stack. */
  readonly message: string;
  /** When the write failed, ms UTC. */
  readonly at: number;
}

export interface WriteHealthState {
  readonly ok: boolean;
  /** Writes failed in a row since the last success (0 when the last write succeeded). */
  readonly consecutiveFailures: number;
  /** The most recent failure since the last success; null when the last write succeeded or none failed. */
  readonly lastError: WriteFailure | null;
  /** When the failing run began, ms UTC; null when not failing. */
  readonly failingSince: number | null;
}

const MAX_MESSAGE = 300;

export class WriteHealth {
  private failures = 0;
  private last: WriteFailure | null = null;
  private since: number | null = null;

  constructor(private readonly failuresBeforeUnready = 1) {
    if (!Number.isInteger(failuresBeforeUnready) || failuresBeforeUnready < 1) throw new RangeError(`failuresBeforeUnready must be an integer >= 1, got ${failuresBeforeUnready}`);
  }

  succeeded(): void {
    this.failures = 0;
    this.last = null;
    this.since = null;
  }

  failed(error: unknown, at: number): void {
    this.failures += 1;
    this.since ??= at;
    this.last = { code: codeOf(error), message: oneLine(error), at };
  }

  state(): WriteHealthState {
    return { ok: this.failures < this.failuresBeforeUnready, consecutiveFailures: this.failures, lastError: this.last, failingSince: this.since };
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.name : 'Error';
}

/** The first line of the message, bounded: a stack or a multi-line driver dump never reaches a probe. */
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const first = text.split(/\r?\n/, 1)[0]!.trim();
  return first.length > MAX_MESSAGE ? `${first.slice(0, MAX_MESSAGE - 1)}…` : first;
}

/** What /readyz says about the store: its health check and, when a writer tracks them, its writes. */
export interface StoreReadiness {
  readonly ok: boolean;
  readonly store: {
    readonly adapter: StoreAdapterName;
    /** The store's own health check (a ping). */
    readonly ok: boolean;
    readonly latencyMs: number;
    /** Present when a writer tracks its writes: whether they succeed now. */
    readonly writes?: { readonly ok: boolean; readonly consecutiveFailures: number; readonly failingSince: number | null };
  };
  /** Why not ready, one line naming the store and the failure's code and message; absent when ready. */
  readonly reason?: { readonly code: string; readonly message: string };
}

/**
 * Ready when the store answers its health check and (if tracked) its writes
 * succeed. The health check's `detail` is left out: it names files and
 * versions, which a probe without auth does not show. A write failure's
 * message is shown: it is what an operator needs (disk full, refused), one
 * bounded line without a stack.
 */
export function storeReadiness(health: StoreHealth, writes?: WriteHealthState): StoreReadiness {
  const store = {
    adapter: health.adapter,
    ok: health.ok,
    latencyMs: health.latencyMs,
    ...(writes ? { writes: { ok: writes.ok, consecutiveFailures: writes.consecutiveFailures, failingSince: writes.failingSince } } : {}),
  };
  if (writes && !writes.ok && writes.lastError) {
    const e = writes.lastError;
    return { ok: false, store, reason: { code: e.code, message: `the ${health.adapter} store failed ${writes.consecutiveFailures} write(s) in a row, the last with ${e.code}: ${e.message}` } };
  }
  if (!health.ok) return { ok: false, store, reason: { code: health.code ?? 'LW_STORE_UNAVAILABLE', message: `the ${health.adapter} store is not healthy${health.code ? ` (${health.code})` : ''}` } };
  return { ok: true, store };
}
