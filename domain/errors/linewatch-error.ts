import { ERROR_CATALOGUE, type ErrorCode } from './catalogue.js';

/**
 * The base of every error linewatch throws on purpose: a stable catalogued
 * `code` and the catalogue's `retryable`, so a caller (the HTTP API, the
 * command line, a retry loop) decides from those, never from the message or
 * the class. Subclasses keep their own names and extra fields.
 */
export class LinewatchError<C extends ErrorCode = ErrorCode> extends Error {
  /** True when trying the same call again later can succeed (ERROR_CATALOGUE). */
  readonly retryable: boolean;

  constructor(
    readonly code: C,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LinewatchError';
    this.retryable = ERROR_CATALOGUE[code].retryable;
  }
}

export function isLinewatchError(error: unknown): error is LinewatchError {
  return error instanceof LinewatchError;
}
