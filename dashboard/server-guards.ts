/**
 * The dashboard's defences below the routes: connection count, slow clients,
 * oversized heads, and the counting of every refusal (refusals.ts).
 *
 * - Node's http.Server enforces the limits (maxConnections, headersTimeout,
 *   requestTimeout, maxHeaderSize); fastify passes them through its `http`
 *   and `requestTimeout` options. Node checks the timeouts every
 *   `connectionsCheckingInterval`, 30 s by default, which would let a slow
 *   loris outlive a 10 s timeout by 30 s; the interval follows the timeout.
 * - What Node refuses before any route (a timed-out or oversized request, bytes
 *   that are not HTTP) reaches `clientErrorHandler`: it is counted, logged, and
 *   answered in the API's error format before the socket is closed.
 * - A socket that never sends a byte is outside Node's headers timeout; the
 *   idle timeout (fastify's connectionTimeout) closes it, counted.
 * - Answered refusals (400, 401, 403, 413, 415, 429) are counted when sent;
 *   the error handler has logged their reason.
 */
import { STATUS_CODES, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { errorBody, type HttpErrorCode } from './api/errors.js';
import type { ServerLimits } from './options.js';
import { refusalOfStatus, type HttpRefusalCode, type HttpRefusals } from './refusals.js';

/** Node's own floor for the timeout checks; finer costs CPU for nothing. ms */
const MIN_CHECK_INTERVAL_MS = 250;

export interface GuardedServerOptions {
  readonly requestTimeout: number;
  readonly connectionTimeout: number;
  readonly http: ServerOptions;
  readonly clientErrorHandler: (err: Error & { code?: string }, socket: Socket) => void;
}

export function serverOptions(limits: ServerLimits, refusals: HttpRefusals): GuardedServerOptions {
  return {
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.idleTimeoutMs,
    http: {
      maxHeaderSize: limits.maxHeaderBytes,
      headersTimeout: limits.headersTimeoutMs,
      connectionsCheckingInterval: Math.max(MIN_CHECK_INTERVAL_MS, Math.min(30_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    clientErrorHandler: (err, socket) => {
      // A reset is the client leaving, not something refused.
      if (err.code === 'ECONNRESET' || socket.destroyed) return;
      const { refusal, status, code, message } = describeClientError(err, limits);
      refusals.record(refusal, message, { remoteAddress: socket.remoteAddress });
      if (socket.writable) {
        const body = JSON.stringify(errorBody(code, message));
        socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      }
      socket.destroy();
    },
  };
}

/** Connection limit, its counter, the counting of answered refusals, and `app.refusals()`. */
export function installServerGuards(app: FastifyInstance, limits: ServerLimits, refusals: HttpRefusals): void {
  app.server.maxConnections = limits.maxConnections;
  app.server.on('drop', (dropped?: { remoteAddress?: string }) =>
    refusals.record('server-full', `the server already has its ${limits.maxConnections} connections`, { remoteAddress: dropped?.remoteAddress }),
  );
  // With a 'timeout' listener Node leaves closing the idle socket to it (http.Server 'timeout').
  const served = new WeakSet<object>();
  app.server.on('request', (request: { socket: object }) => served.add(request.socket));
  app.server.on('timeout', (socket: Socket) => {
    if (!served.has(socket)) refusals.record('idle-connection', `a connection sent no request within ${limits.idleTimeoutMs / 1000} s`, { remoteAddress: socket.remoteAddress });
    socket.destroy();
  });
  app.addHook('onResponse', async (_request, reply) => {
    const refusal = refusalOfStatus(reply.statusCode);
    if (refusal) refusals.record(refusal, '', {}, false);
  });
  app.decorate('refusals', () => refusals.snapshot());
}

function describeClientError(err: Error & { code?: string }, limits: ServerLimits): { refusal: HttpRefusalCode; status: number; code: HttpErrorCode; message: string } {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      refusal: 'request-timeout',
      status: 408,
      code: 'LW_HTTP_REQUEST_TIMEOUT',
      message: `the request did not arrive in time (headers within ${limits.headersTimeoutMs / 1000} s, the whole request within ${limits.requestTimeoutMs / 1000} s)`,
    };
  }
  if (err.code === 'HPE_HEADER_OVERFLOW') {
    return { refusal: 'headers-too-large', status: 431, code: 'LW_HTTP_HEADERS_TOO_LARGE', message: `the request line and headers exceed ${limits.maxHeaderBytes} bytes` };
  }
  return { refusal: 'malformed-request', status: 400, code: 'LW_HTTP_BAD_REQUEST', message: `not a valid HTTP request (${err.code ?? 'parse error'})` };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Refusals so far, by code (refusals.ts). */
    refusals(): Readonly<Record<HttpRefusalCode, number>>;
  }
}
