/**
 * The live channel: socket.io on the dashboard's own HTTP server, pushing
 * alert, risk and finding events to the browsers allowed to see them.
 *
 * Attached in the onReady hook, so `app.inject()` tests build the app as
 * before and `listen` (which runs ready first) finds socket.io in place;
 * engine.io wraps fastify's request listener and handles only /socket.io/.
 * Closed in preClose, before fastify closes the server: open websockets would
 * otherwise keep `server.close()` waiting. socket.io's own `io.close()` is
 * not used because it closes the HTTP server too, which is fastify's job.
 *
 * Steps of a connection: authenticate the token (socket-auth.ts), join the
 * principal's rooms (rooms.ts), send the session message, and schedule the
 * disconnect at the token's expiry so a session ends on the socket when it
 * ends on the API.
 */
import type { FastifyInstance } from 'fastify';
import { Server, type Socket } from 'socket.io';
import type { AlertDirectory } from '../../core/alerts/alert-directory.js';
import type { FindingDirectory } from '../../core/findings/finding.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import type { RiskEventSource } from '../options.js';
import { LIVE_EVENTS } from '../../protocol/live-messages.js';
import { roomsFor, roomsOf } from './rooms.js';
import { sessionMessages, type SessionFeatures } from './session-message.js';
import { socketAuth, type SocketIdentity } from './socket-auth.js';

export interface LiveOptions {
  readonly config: LinewatchConfig;
  readonly alerts: AlertDirectory;
  readonly risk?: RiskEventSource;
  /** The regulator's findings; each event goes to the rooms of its enterprise, like alerts. */
  readonly findings?: FindingDirectory;
  readonly clock: () => number;
  /** Which optional API routes exist, known once every route is registered. */
  readonly features: () => Omit<SessionFeatures, 'riskEvents'>;
  /** Called with the reason of every refused connection (counted as `live-unauthorized`). */
  readonly onRefused?: (reason: string) => void;
}

/** Clients only send the handshake; anything bigger is not a dashboard. bytes */
const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;
/** setTimeout's longest delay; a longer session is re-armed when it fires. ms */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function installLive(app: FastifyInstance, options: LiveOptions): void {
  let stop: (() => void) | null = null;
  app.addHook('onReady', async () => {
    stop = startLive(app, options);
  });
  app.addHook('preClose', async () => {
    stop?.();
    stop = null;
  });
}

function startLive(app: FastifyInstance, options: LiveOptions): () => void {
  const { clock, alerts, risk } = options;
  const log = app.log.child({ component: 'live' });
  const session = sessionMessages(options.config, { ...options.features(), riskEvents: risk !== undefined });
  const io = new Server(app.server, { serveClient: false, maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES });

  io.use(
    socketAuth({
      verifyToken: (token) => app.verifyToken(token),
      expiryOf: (token) => app.jwt.decode<{ exp: number }>(token)?.exp ?? 0,
      onRefused: options.onRefused,
    }),
  );

  io.on('connection', (socket: Socket) => {
    const { principal, expiresAt } = socket.data.identity as SocketIdentity;
    // Joined synchronously, before the session message: no event can slip in between.
    void socket.join(roomsOf(principal));
    socket.emit(LIVE_EVENTS.session, session(principal, expiresAt));
    log.debug({ user: principal.id, socket: socket.id }, 'live client connected');

    let timer: NodeJS.Timeout;
    const expireAt = () => {
      const left = expiresAt - clock();
      if (left > 0) {
        timer = setTimeout(expireAt, Math.min(left, MAX_TIMER_MS));
        timer.unref();
        return;
      }
      socket.emit(LIVE_EVENTS.expired, { message: 'the session has expired; log in again' });
      socket.disconnect(true);
    };
    expireAt();
    socket.on('disconnect', () => clearTimeout(timer));
  });

  // A failing emit must never reach the publisher: the alert lifecycle does not depend on browsers.
  const forward = (what: string, enterprise: unknown, event: unknown) => {
    if (typeof enterprise !== 'string') {
      log.warn({ what }, 'live event without an enterprise dropped');
      return;
    }
    try {
      io.to(roomsFor(enterprise)).emit(what, event);
    } catch (err) {
      log.warn({ err: (err as Error).message, what }, 'live event not forwarded');
    }
  };
  const unsubscribes = [alerts.subscribe((event) => forward(LIVE_EVENTS.alert, event.alert?.enterprise, event))];
  if (risk) unsubscribes.push(risk.subscribe((event) => forward(LIVE_EVENTS.risk, event?.enterprise, event)));
  if (options.findings) unsubscribes.push(options.findings.subscribe((event) => forward(LIVE_EVENTS.finding, event.finding?.enterprise, event)));

  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe();
    io.disconnectSockets(true);
    io.engine.close();
  };
}
