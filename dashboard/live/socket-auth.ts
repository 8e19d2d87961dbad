/**
 * The socket.io handshake check: the same bearer token as the HTTP API, in
 * `socket.handshake.auth.token` (not in the URL, where proxies would log it).
 * A missing, malformed, altered, expired or stale token is refused before
 * the connection exists; the client's `connect_error` carries the message
 * and `data.code` (LW_HTTP_UNAUTHORIZED), as a 401 answer would.
 */
import type { Socket } from 'socket.io';
import { HttpApiError, type HttpErrorCode } from '../api/errors.js';
import type { Principal } from '../api/principal.js';
import { LinewatchError } from '../../domain/errors/linewatch-error.js';

export interface SocketIdentity {
  readonly principal: Principal;
  /** When the token stops being accepted, ms UTC. */
  readonly expiresAt: number;
}

export interface SocketAuthDeps {
  /** app.verifyToken: the principal, or a 401 HttpApiError. */
  verifyToken(token: string): Principal;
  /** The token's `exp` claim in seconds (the token is verified first). */
  expiryOf(token: string): number;
  /** Told the reason of every refusal, to count it. */
  onRefused?(reason: string): void;
}

/** A refusal as socket.io delivers it: the message, and the error code in `data`. */
export class SocketAuthError extends LinewatchError<HttpErrorCode> {
  readonly data: { code: HttpErrorCode };
  constructor(message: string, code: HttpErrorCode = 'LW_HTTP_UNAUTHORIZED') {
    super(code, message);
    this.name = 'SocketAuthError';
    this.data = { code };
  }
}

/** socket.io middleware: sets `socket.data.identity`, or refuses the connection. */
export function socketAuth(deps: SocketAuthDeps): (socket: Socket, next: (err?: Error) => void) => void {
  return (socket, rawNext) => {
    const next = (err?: Error) => {
      if (err) deps.onRefused?.(err.message);
      rawNext(err);
    };
    const token: unknown = (socket.handshake.auth as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || token.length === 0) {
      next(new SocketAuthError('no token: connect with auth: { token } from POST /api/login'));
      return;
    }
    try {
      const principal = deps.verifyToken(token);
      if (principal.role === 'enterprise' && principal.enterprise === null) throw new SocketAuthError('this user belongs to no enterprise', 'LW_HTTP_FORBIDDEN');
      const identity: SocketIdentity = { principal, expiresAt: deps.expiryOf(token) * 1000 };
      socket.data.identity = identity;
      next();
    } catch (err) {
      if (err instanceof SocketAuthError) next(err);
      else if (err instanceof HttpApiError) next(new SocketAuthError(err.message, err.code));
      else next(new SocketAuthError('the token could not be checked'));
    }
  };
}
