/**
 * Errors of the gateway outbox, in one catalogue with stable codes. The retry
 * decision lives on the error (like influxdb-client-js `HttpError.canRetry()`),
 * so the gateway does not have to know which code means what. What each code
 * means and whether it is retryable is in domain/errors/catalogue.ts; a full
 * disk (ENOSPC, EDQUOT) and EIO are rolled back and retried, not LW_OUTBOX_IO
 * (README.md, "A full disk"). After a failed fsync the kernel may already have
 * dropped the dirty pages, so a second fsync can report success for data that
 * is gone: that is why LW_OUTBOX_IO stops the outbox until it is reopened.
 */
import { catalogueSection } from '../../domain/errors/catalogue.js';
import { LinewatchError } from '../../domain/errors/linewatch-error.js';

export const OUTBOX_ERROR_CODES = catalogueSection(
  ['LW_OUTBOX_FULL', 'LW_OUTBOX_TOO_LARGE', 'LW_OUTBOX_CLOSED', 'LW_OUTBOX_ABORTED', 'LW_OUTBOX_IO', 'LW_OUTBOX_LOCKED', 'LW_OUTBOX_OPTIONS'],
  ({ retryable }) => ({ retry: retryable }),
);

export type OutboxErrorCode = keyof typeof OUTBOX_ERROR_CODES;

export class OutboxError extends LinewatchError<OutboxErrorCode> {
  constructor(code: OutboxErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'OutboxError';
  }

  /** True when trying the same call again later can succeed (the catalogue's `retryable`). */
  canRetry(): boolean {
    return this.retryable;
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
  return new OutboxError('LW_OUTBOX_TOO_LARGE', `a batch of ${bytes} bytes can never fit (maxBatchBytes ${limits.maxBatchBytes}, maxBytes ${limits.maxBytes})`);
}
