/**
 * The one place where a thrown error becomes an HTTP answer. Client errors
 * keep their message (it describes the request, not the server); anything
 * else becomes a 500 whose body names only the request id, so no stack
 * trace, file path or database detail ever reaches a client. The full error
 * goes to the log under the same request id.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isStoreError } from '../../store/errors.js';
import { isRegisterError } from '../../register/errors.js';
import { isSupervisionInputError } from '../../supervision-service/input-error.js';
import { isTraceError, type TraceErrorCode } from '../../trace-service/index.js';
import { errorBody, HTTP_ERRORS, HttpApiError, type HttpErrorCode } from './errors.js';
import { isLinewatchError } from '../../domain/errors/linewatch-error.js';

/** How long a client should wait before retrying when the store is down. s */
const STORE_RETRY_AFTER_S = 5;

/** Client errors fastify or its plugins raise themselves (bad JSON, body too large, ...). */
const CODE_BY_STATUS: Readonly<Record<number, HttpErrorCode>> = Object.freeze(Object.fromEntries(Object.entries(HTTP_ERRORS).map(([code, { status }]) => [status, code as HttpErrorCode])));

/** What each refusal of the trace service answers. */
const TRACE_STATUS: Readonly<Record<TraceErrorCode, HttpErrorCode>> = {
  LW_TRACE_INPUT: 'LW_HTTP_BAD_REQUEST',
  LW_TRACE_FORBIDDEN: 'LW_HTTP_FORBIDDEN',
  LW_TRACE_NOT_FOUND: 'LW_HTTP_NOT_FOUND',
  LW_TRACE_SIGNED: 'LW_HTTP_CONFLICT',
};

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = toApiError(error, request);
  if (answer.statusCode >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: answer.code, message: answer.message }, 'request refused');
  for (const [name, value] of Object.entries(answer.headers)) reply.header(name, value);
  return reply.code(answer.statusCode).send(errorBody(answer.code, answer.message, answer.field, answer.rows));
}

/** The 404 of a scope whose routes answer in this format. */
export function handleNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url.split('?')[0];
  return reply.code(404).send(errorBody('LW_HTTP_NOT_FOUND', `no route ${request.method} ${path}`));
}

export function toApiError(error: unknown, request: FastifyRequest): HttpApiError {
  if (error instanceof HttpApiError) return error;
  if (isSupervisionInputError(error)) return new HttpApiError('LW_HTTP_BAD_REQUEST', error.message, { field: error.field, rows: error.rows });
  if (isTraceError(error)) return new HttpApiError(TRACE_STATUS[error.code], error.message, { field: error.field, rows: error.rows.length > 0 ? error.rows : undefined });
  if (isRegisterError(error)) {
    // The register's messages name the record and field, never SQL or a path (register/errors.ts).
    if (error.code === 'LW_REGISTER_INVALID') return new HttpApiError('LW_HTTP_BAD_REQUEST', error.message);
    if (error.code === 'LW_REGISTER_NOT_FOUND') return new HttpApiError('LW_HTTP_NOT_FOUND', error.message);
    if (error.code === 'LW_REGISTER_CONFLICT') return new HttpApiError('LW_HTTP_CONFLICT', error.message);
    if (error.retryable || error.code === 'LW_REGISTER_CLOSED') {
      return new HttpApiError('LW_HTTP_UNAVAILABLE', 'the register database is unavailable; retry later', { headers: { 'retry-after': String(STORE_RETRY_AFTER_S) } });
    }
    return internal(request);
  }
  if (isStoreError(error)) {
    // Retryable store failures are outages, which a client can wait out; the rest are our bugs.
    if (error.retryable) {
      return new HttpApiError('LW_HTTP_UNAVAILABLE', 'the time-series store is unavailable; retry later', {
        headers: { 'retry-after': String(STORE_RETRY_AFTER_S) },
      });
    }
    return internal(request);
  }
  // Any other outage the catalogue calls retryable (domain/errors/catalogue.ts) is one a client can wait out.
  if (isLinewatchError(error) && error.retryable) {
    return new HttpApiError('LW_HTTP_UNAVAILABLE', 'a service the request needs is unavailable; retry later', { headers: { 'retry-after': String(STORE_RETRY_AFTER_S) } });
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = CODE_BY_STATUS[status] ?? 'LW_HTTP_BAD_REQUEST';
    return new HttpApiError(code, (error as Error).message || HTTP_ERRORS[code].summary);
  }
  return internal(request);
}

function internal(request: FastifyRequest): HttpApiError {
  return new HttpApiError('LW_HTTP_INTERNAL', `internal error; the server log has the details under request id ${request.id}`);
}
