/**
 * Errors of the gateway outbox, in one catalogue with stable codes. The retry
 * decision lives on the error (like influxdb-client-js `HttpError.canRetry()`),
 * so the gateway does not have to know which code means what.
 */
export const OUTBOX_ERROR_CODES = Object.freeze({
  /** Full under 'reject', its disk full (not under 'block'), or `maxWaiting` appends already waiting: slow down or shed, then retry. */
  LW_OUTBOX_FULL: { retry: true },
  /** One batch larger than `maxBatchBytes` or than the whole outbox: it can never fit. */
  LW_OUTBOX_TOO_LARGE: { retry: false },
  /** The outbox was closed; appends waiting for room are rejected with this too. */
  LW_OUTBOX_CLOSED: { retry: false },
  /** An append waiting for room was aborted through its AbortSignal. */
  LW_OUTBOX_ABORTED: { retry: true },
  /**
   * A write or fsync failed for another reason than a full disk (ENOSPC,
   * EDQUOT) or an I/O error (EIO), which the outbox rolls back and retries
   * (README.md, "A full disk"). After a failed fsync the kernel may already have
   * dropped the dirty pages, so a second fsync can report success for data that
   * is gone: the outbox stops accepting appends; close and reopen it, and
   * recovery rebuilds a consistent state from what is really on disk.
   */
  LW_OUTBOX_IO: { retry: false },
  /** Another process (or another instance in this one) has the directory open. */
  LW_OUTBOX_LOCKED: { retry: false },
  /** An option outside its domain; names the option. */
  LW_OUTBOX_OPTIONS: { retry: false },
} satisfies Record<string, { retry: boolean }>);

export type OutboxErrorCode = keyof typeof OUTBOX_ERROR_CODES;

export class OutboxError extends Error {
  constructor(
    readonly code: OutboxErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OutboxError';
  }

  /** True when trying the same call again later can succeed. */
  canRetry(): boolean {
    return OUTBOX_ERROR_CODES[this.code].retry;
  }
}

/**
 * The outbox is full and its policy is 'reject', too many appends already
 * wait for room, or its disk is full (`limit: 'disk'`, policies 'reject' and
 * 'drop-oldest': they do not wait for space to return).
 */
export class OutboxFullError extends OutboxError {
  constructor(
    /** Which limit was hit: a bound of the outbox, or the queue of appends waiting for room. */
    readonly limit: 'maxBatches' | 'maxBytes' | 'maxWaiting' | 'disk',
    message: string,
  ) {
    super('LW_OUTBOX_FULL', message);
    this.name = 'OutboxFullError';
  }
}

export function closedError(): OutboxError {
  return new OutboxError('LW_OUTBOX_CLOSED', 'the outbox is closed');
}

export function tooLargeError(bytes: number, limits: { maxBatchBytes: number; maxBytes: number }): OutboxError {
  return new OutboxError(
    'LW_OUTBOX_TOO_LARGE',
    `a batch of ${bytes} bytes can never fit (maxBatchBytes ${limits.maxBatchBytes}, maxBytes ${limits.maxBytes})`,
  );
}
