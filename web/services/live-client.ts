/**
 * The live channel from the page: one socket.io connection per session,
 * authenticated with the session token in the handshake (never in the URL).
 * socket.io reconnects by itself after a network failure; a refused token is
 * final, and the session ends.
 */
import { io, type Socket } from 'socket.io-client';
import type { AlertEvent, FindingEvent, LiveRiskEvent, LiveSession } from '../../protocol/live-messages.js';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export interface LiveHandlers {
  session(session: LiveSession, reconnected: boolean): void;
  alert(event: AlertEvent): void;
  risk(event: LiveRiskEvent): void;
  finding(event: FindingEvent): void;
  status(status: LiveStatus): void;
  /** The server refused the token or closed the socket at its expiry. */
  ended(message: string): void;
}

export interface LiveConnection {
  close(): void;
}

export function connectLive(token: string, handlers: LiveHandlers): LiveConnection {
  const socket: Socket = io({ auth: { token } });
  let sessions = 0;
  handlers.status('connecting');
  socket.on('session', (session: LiveSession) => {
    handlers.status('live');
    handlers.session(session, sessions++ > 0);
  });
  socket.on('alert', (event: AlertEvent) => handlers.alert(event));
  socket.on('risk', (event: LiveRiskEvent) => handlers.risk(event));
  socket.on('finding', (event: FindingEvent) => handlers.finding(event));
  socket.on('expired', (payload: { message?: string }) => handlers.ended(payload?.message ?? 'the session has expired; log in again'));
  socket.on('disconnect', (reason) => {
    // 'io server disconnect' is the server ending the session (expiry): no reconnection follows.
    if (reason !== 'io server disconnect' && reason !== 'io client disconnect') handlers.status('reconnecting');
  });
  socket.on('connect_error', (err: Error & { data?: { code?: string } }) => {
    if (err.data?.code) handlers.ended(err.message);
    else handlers.status('reconnecting');
  });
  return {
    close() {
      socket.removeAllListeners();
      socket.close();
    },
  };
}
