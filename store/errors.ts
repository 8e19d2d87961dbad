/**
 * Every way the store can fail, with a stable code and the retry decision,
 * so callers branch on `error.retryable` instead of parsing messages.
 * README.md documents each code; test/unit/store/errors.test.ts checks that.
 */
export const STORE_ERRORS = Object.freeze({
  LW_STORE_CONFIG: { retryable: false, summary: 'The store configuration is invalid.' },
  LW_STORE_INVALID_ARGUMENT: { retryable: false, summary: 'A read or an event append was called with arguments it cannot accept.' },
  LW_STORE_UNAVAILABLE: {
    retryable: true,
    summary: 'The database could not be reached or did not answer in time, after bounded retries with backoff. Nothing of the failed call is acknowledged.',
  },
  LW_STORE_OVERLOADED: { retryable: true, summary: 'The write queue is full (maxQueuedPoints); the call was refused before anything was queued.' },
  LW_STORE_AUTH: { retryable: false, summary: 'The database refused the credentials (HTTP 401/403).' },
  LW_STORE_NOT_FOUND: { retryable: false, summary: 'The database or bucket does not exist (HTTP 404).' },
  LW_STORE_REJECTED: { retryable: false, summary: 'The database refused the request as malformed or too large (HTTP 4xx other than auth and not found).' },
  LW_STORE_FAILED: { retryable: true, summary: 'The embedded database failed to run a statement (disk full, I/O error); the transaction was rolled back.' },
  LW_STORE_BAD_RESPONSE: { retryable: false, summary: 'The database answered with something the adapter cannot interpret.' },
  LW_STORE_TOO_LARGE: {
    retryable: false,
    summary: 'A raw read would return more than maxRawPoints points (read it downsampled or in smaller ranges), or one instant holds more than maxEvents events, which a page cannot split on InfluxDB.',
  },
  LW_STORE_CLOSED: { retryable: false, summary: 'The store was closed.' },
} as const);

export type StoreErrorCode = keyof typeof STORE_ERRORS;

export class StoreError extends Error {
  readonly retryable: boolean;
  /** A delay the server asked for (Retry-After), ms; undefined when it did not. */
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterMs?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StoreError';
    this.retryable = STORE_ERRORS[code].retryable;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

export function isStoreError(error: unknown, code?: StoreErrorCode): error is StoreError {
  return error instanceof StoreError && (code === undefined || error.code === code);
}

/**
 * Why a single point was refused. These are not thrown: they are listed in
 * WriteResult.rejected while the rest of the batch is stored.
 */
export const POINT_REJECTIONS = Object.freeze({
  LW_POINT_SHAPE: 'The point is not an object.',
  LW_POINT_VALUE: 'The value is not a finite number (NaN, Infinity or not a number at all).',
  LW_POINT_CHARACTERISTIC: 'The characteristic is not one of domain/characteristics.ts.',
  LW_POINT_TAG: 'enterprise or line is empty, too long, not a string, or holds a character that cannot be stored safely (control character, backslash).',
  LW_POINT_TIMESTAMP: 'The timestamp is not an integer number of ms between 1970-01-01 and 2262-04-11 (InfluxDB\'s int64 ns limit).',
} as const);

export type PointRejectionCode = keyof typeof POINT_REJECTIONS;
