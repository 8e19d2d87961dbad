/**
 * Every way the store can fail, with a stable code and the retry decision,
 * so callers branch on `error.retryable` instead of parsing messages.
 * The meanings and retry decisions live in domain/errors/catalogue.ts;
 * README.md documents each code; test/unit/store/errors.test.ts checks that.
 */
import { catalogueSection } from '../domain/errors/catalogue.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';

export const STORE_ERRORS = catalogueSection(
  [
    'LW_STORE_CONFIG',
    'LW_STORE_INVALID_ARGUMENT',
    'LW_STORE_UNAVAILABLE',
    'LW_STORE_OVERLOADED',
    'LW_STORE_AUTH',
    'LW_STORE_NOT_FOUND',
    'LW_STORE_REJECTED',
    'LW_STORE_FAILED',
    'LW_STORE_BAD_RESPONSE',
    'LW_STORE_TOO_LARGE',
    'LW_STORE_CLOSED',
  ],
  ({ retryable, meaning }) => ({ retryable, summary: meaning }),
);

export type StoreErrorCode = keyof typeof STORE_ERRORS;

export class StoreError extends LinewatchError<StoreErrorCode> {
  /** A delay the server asked for (Retry-After), ms; undefined when it did not. */
  readonly retryAfterMs: number | undefined;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown; retryAfterMs?: number }) {
    super(code, message, options);
    this.name = 'StoreError';
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
export const POINT_REJECTIONS = catalogueSection(['LW_POINT_SHAPE', 'LW_POINT_VALUE', 'LW_POINT_CHARACTERISTIC', 'LW_POINT_TAG', 'LW_POINT_TIMESTAMP'], ({ meaning }) => meaning);

export type PointRejectionCode = keyof typeof POINT_REJECTIONS;
