/**
 * Every error the HTTP API answers with: a stable code, its HTTP status and
 * what it means. Clients branch on `error.code`, never on the message text.
 * dashboard/README.md documents each code; test/unit/dashboard/errors.test.ts
 * checks that the catalogue and the README agree.
 *
 * Meanings and retry decisions live in domain/errors/catalogue.ts.
 *
 * Every error response has the body `{ "error": { "code", "message" } }`,
 * plus `field` when one request field was wrong.
 */
import { ERROR_CATALOGUE, type ErrorCode } from '../../domain/errors/catalogue.js';
import { LinewatchError } from '../../domain/errors/linewatch-error.js';

/** The HTTP status of each code; what it means and whether it is retryable is the catalogue's. */
const HTTP_STATUS = Object.freeze({
  LW_HTTP_BAD_REQUEST: 400,
  LW_HTTP_UNAUTHORIZED: 401,
  LW_HTTP_FORBIDDEN: 403,
  LW_HTTP_NOT_FOUND: 404,
  LW_HTTP_REQUEST_TIMEOUT: 408,
  LW_HTTP_CONFLICT: 409,
  LW_HTTP_PAYLOAD_TOO_LARGE: 413,
  LW_HTTP_UNSUPPORTED_MEDIA_TYPE: 415,
  LW_HTTP_RATE_LIMITED: 429,
  LW_HTTP_HEADERS_TOO_LARGE: 431,
  LW_HTTP_INTERNAL: 500,
  LW_HTTP_UNAVAILABLE: 503,
} as const satisfies Partial<Record<ErrorCode, number>>);

export const HTTP_ERRORS = Object.freeze(
  Object.fromEntries(Object.entries(HTTP_STATUS).map(([code, status]) => [code, { status, summary: ERROR_CATALOGUE[code as ErrorCode].meaning }])) as {
    readonly [C in keyof typeof HTTP_STATUS]: { readonly status: (typeof HTTP_STATUS)[C]; readonly summary: string };
  },
);

export type HttpErrorCode = keyof typeof HTTP_ERRORS;

export interface HttpApiErrorOptions {
  /** The request field that was wrong, when one was. */
  readonly field?: string;
  /** For a refused CSV: every bad row and why. */
  readonly rows?: readonly { readonly row: number; readonly reason: string }[];
  /** Headers the answer must carry (WWW-Authenticate, Retry-After). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly cause?: unknown;
}

/** An error meant for the client: its message is safe to show. */
export class HttpApiError extends LinewatchError<HttpErrorCode> {
  readonly statusCode: number;
  readonly field: string | undefined;
  readonly rows: readonly { readonly row: number; readonly reason: string }[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(code: HttpErrorCode, message: string, options: HttpApiErrorOptions = {}) {
    super(code, message, options);
    this.name = 'HttpApiError';
    this.statusCode = HTTP_ERRORS[code].status;
    this.field = options.field;
    this.rows = options.rows;
    this.headers = options.headers ?? {};
  }
}

export function badRequest(field: string, message: string): HttpApiError {
  return new HttpApiError('LW_HTTP_BAD_REQUEST', message, { field });
}

export function notFound(message: string): HttpApiError {
  return new HttpApiError('LW_HTTP_NOT_FOUND', message);
}

export function forbidden(message: string): HttpApiError {
  return new HttpApiError('LW_HTTP_FORBIDDEN', message);
}

/** The JSON body of every error answer. */
export interface ErrorBody {
  readonly error: { readonly code: HttpErrorCode; readonly message: string; readonly field?: string; readonly rows?: readonly { row: number; reason: string }[] };
}

export function errorBody(code: HttpErrorCode, message: string, field?: string, rows?: readonly { row: number; reason: string }[]): ErrorBody {
  return { error: { code, message, ...(field !== undefined ? { field } : {}), ...(rows !== undefined && rows.length > 0 ? { rows } : {}) } };
}
