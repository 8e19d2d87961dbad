/**
 * Every error the HTTP API answers with: a stable code, its HTTP status and
 * what it means. Clients branch on `error.code`, never on the message text.
 * dashboard/README.md documents each code; test/unit/dashboard/errors.test.ts
 * checks that the catalogue and the README agree.
 *
 * Every error response has the body `{ "error": { "code", "message" } }`,
 * plus `field` when one request field was wrong.
 */
export const HTTP_ERRORS = Object.freeze({
  LW_HTTP_BAD_REQUEST: { status: 400, summary: 'The request is malformed or a field is invalid; `field` names it when there is one.' },
  LW_HTTP_UNAUTHORIZED: { status: 401, summary: 'Login failed, or the bearer token is missing, malformed, tampered with, expired or no longer matches its user.' },
  LW_HTTP_FORBIDDEN: { status: 403, summary: "The user may not see or act on this enterprise's data." },
  LW_HTTP_NOT_FOUND: { status: 404, summary: 'No such route, alert, enterprise, line, series, record, proposal or draw.' },
  LW_HTTP_REQUEST_TIMEOUT: { status: 408, summary: 'The request headers or body did not arrive in time (a slow or stalled client); the connection is closed.' },
  LW_HTTP_CONFLICT: {
    status: 409,
    summary: 'The alert, record, proposal or draw is not in a state that allows the action (acknowledging a resolved alert, a record saved by someone else since it was read, a proposal already decided, a draw already published).',
  },
  LW_HTTP_PAYLOAD_TOO_LARGE: { status: 413, summary: 'The request body is larger than the server accepts.' },
  LW_HTTP_UNSUPPORTED_MEDIA_TYPE: { status: 415, summary: 'The request body has a content type the server does not read (send application/json).' },
  LW_HTTP_RATE_LIMITED: { status: 429, summary: 'Too many login attempts from this address or for this user name; `Retry-After` says when to try again.' },
  LW_HTTP_HEADERS_TOO_LARGE: { status: 431, summary: 'The request line and headers are larger than the server accepts; the connection is closed.' },
  LW_HTTP_INTERNAL: { status: 500, summary: 'The server failed; the message carries the request id to find in the server log.' },
  LW_HTTP_UNAVAILABLE: { status: 503, summary: 'The time-series store cannot be reached right now, or the analytics service did not confirm an alert action in time (retry later); or this dashboard runs without the analytics service, which re-establishing control limits needs.' },
} as const);

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
export class HttpApiError extends Error {
  readonly statusCode: number;
  readonly field: string | undefined;
  readonly rows: readonly { readonly row: number; readonly reason: string }[] | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly code: HttpErrorCode,
    message: string,
    options: HttpApiErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
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
