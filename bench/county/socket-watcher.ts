/**
 * The regulator's view of alerts: logged in over HTTP to the dashboard that
 * runs as its own process, with the live channel (socket.io) open as the
 * web page opens it. Every 'raised' alert event of the probe's enterprises
 * is reported with the moment it arrived on this socket, the end of the path
 * the issue times (publish -> analytics -> broker -> dashboard -> socket).
 * A regulator sees every enterprise, so the load's own alerts arrive here
 * too and are passed over.
 */
import { io, type Socket } from 'socket.io-client';
import { type AlertEvent, LIVE_EVENTS, type LiveSession } from '../../protocol/live-messages.js';
import type { SeriesAddress } from './step-shifts.js';

export class SocketWatcher {
  private socket: Socket | null = null;
  /** Alert events of every enterprise that reached this socket: the load the dashboard's hop carries. */
  events = 0;

  constructor(
    private readonly url: string,
    private readonly username: string,
    private readonly password: string,
    private readonly onRaised: (series: SeriesAddress, firstSampleTs: number, at: number) => void,
  ) {}

  /** Logs in, opens the socket and waits for its session; refuses loudly when either fails. */
  async start(enterprises: readonly string[]): Promise<void> {
    const login = await fetch(`${this.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: this.username, password: this.password }),
    });
    if (login.status !== 200) throw new Error(`dashboard login as '${this.username}' at ${this.url}: HTTP ${login.status} ${await login.text()}`);
    const { token } = (await login.json()) as { token: string };
    const watched = new Set(enterprises);
    const socket = io(this.url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    this.socket = socket;
    socket.on(LIVE_EVENTS.alert, (event: AlertEvent) => {
      const at = performance.now();
      this.events += 1;
      if (event.kind !== 'raised' || !watched.has(event.alert.enterprise)) return;
      const { alert } = event;
      this.onRaised({ enterprise: alert.enterprise, line: alert.line, characteristic: alert.characteristic }, alert.firstSampleTs, at);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once(LIVE_EVENTS.session, (session: LiveSession) => {
        const missing = enterprises.filter((e) => !session.enterprises.some((s) => s.id === e));
        if (missing.length > 0) reject(new Error(`the dashboard's session for '${this.username}' does not show ${missing.join(', ')}`));
        else resolve();
      });
      socket.once('connect_error', (err) => reject(new Error(`the dashboard's live channel at ${this.url} refused the socket: ${err.message}`)));
    });
  }

  stop(): void {
    this.socket?.close();
  }
}
