/**
 * A disk that cannot take a write now: which errors mean it, how long to wait
 * before trying again, and what is logged (README.md, "A full disk").
 *
 * ENOSPC and EDQUOT say there is no room: space can return (an ack lets a
 * segment go, an operator deletes a file). EIO says the device failed the
 * write; it may be a transient fault of a USB or network disk. For all three
 * the file outbox rolls the failed write back to its last durable record and
 * writes the same records again later, so nothing it reported durable relies
 * on the failed call (the concern behind stopping after a failed fsync).
 * Other errors (EROFS, EBADF, ...) do not heal by waiting: the outbox stops.
 */
import { createLogger } from '../../ops/logger.js';

const STALL_CODES = new Set(['ENOSPC', 'EDQUOT', 'EIO']);

/** The errno code when `e` is a write failure worth waiting out, else undefined. */
export function diskStallCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && STALL_CODES.has(code) ? code : undefined;
}

/** First retry after this long, doubling up to `MAX_RETRY_MS`; an ack that frees a segment retries at once. */
export const FIRST_RETRY_MS = 200;
export const MAX_RETRY_MS = 5000;

export function nextRetryMs(previous: number): number {
  return previous <= 0 ? FIRST_RETRY_MS : Math.min(MAX_RETRY_MS, previous * 2);
}

/** What the outbox says when it blocks and resumes: pino-compatible, so a gateway can pass its own logger. */
export interface OutboxLog {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** A logger of its own for outboxes opened without one (created on the first stall only). */
export function defaultOutboxLog(): OutboxLog {
  return createLogger('outbox');
}

export function blockedMessage(code: string, dir: string): string {
  return code === 'EIO'
    ? `outbox blocked: I/O error (EIO) writing at ${dir}; holding the source back until writes succeed`
    : `outbox blocked: disk full at ${dir}; holding the source back until space returns`;
}

export function refusingMessage(code: string, dir: string): string {
  return code === 'EIO' ? `outbox refusing batches: I/O error (EIO) writing at ${dir}` : `outbox refusing batches: disk full at ${dir}`;
}

export function resumedMessage(dir: string): string {
  return `outbox resumed: writing at ${dir} again`;
}
