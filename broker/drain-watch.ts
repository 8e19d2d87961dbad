/**
 * How the broker waits for a subscriber's socket to take more, and when it
 * gives up on it: by progress, not by the clock alone.
 *
 * aedes, when a write finds the socket's buffer full, waits for 'drain' and
 * cuts the connection if 'drain' has not come `drainTimeout` after the first
 * such write. 'drain' comes only once the buffer is empty. With no limit on
 * deliveries at once (options.ts, deliveryConcurrency) a subscriber that
 * falls behind, such as analytics under overload, has the whole backlog the
 * publishers keep in flight in its buffer, and works through it steadily
 * for as long as the backlog lasts: aedes' rule would cut the busiest,
 * healthiest subscriber of all. Here the connection is cut only when for a
 * whole `timeoutMs` its peer neither sent a byte (a QoS 1 subscriber sends
 * a PUBACK for each message it takes, any client its keep-alive pings) nor
 * had a write of ours complete: a frozen or vanished client still goes, a
 * slow one is waited for. (A write in progress shows no progress until it
 * completes, and Node writes everything buffered in one go, so the bytes
 * the peer sends are what tells a slow subscriber from a dead one.)
 *
 * It replaces aedes' `Client#waitForDrain` on the one client (aedes' write
 * path calls it when `writeToStream` returns false); the waiting callbacks
 * are kept together and called at the next 'drain', as aedes does.
 */
import type { Duplex } from 'node:stream';

type DrainCallback = (err: Error | null, client: unknown) => void;

/** The part of an aedes Client this replaces. */
interface DrainingClient {
  waitForDrain(callback: DrainCallback): void;
}

/** Signs of life of the peer, summed: bytes it sent, and bytes of ours whose write completed; on a stream that counts neither, what its buffer holds. */
function progressOf(conn: Duplex): number {
  const { bytesRead, bytesWritten } = conn as Duplex & { bytesRead?: number; bytesWritten?: number };
  if (typeof bytesRead !== 'number' || typeof bytesWritten !== 'number') return -conn.writableLength;
  return bytesRead + bytesWritten - conn.writableLength;
}

/**
 * Makes `client` wait for `conn` to drain, cutting it (with aedes' own error,
 * 'drain timeout') once it showed no sign of life for a whole `timeoutMs`;
 * 0 waits for ever.
 */
export function watchDrainByProgress(client: unknown, conn: Duplex, timeoutMs: number): void {
  let waiting: DrainCallback[] = [];
  let timer: NodeJS.Timeout | null = null;
  let lastProgress = 0;

  const release = (err: Error | null) => {
    if (timer) clearInterval(timer);
    timer = null;
    conn.off('drain', onDrain);
    const callbacks = waiting;
    waiting = [];
    for (const callback of callbacks) setImmediate(callback, err, client);
  };
  const onDrain = () => release(null);
  const check = () => {
    const progress = progressOf(conn);
    if (progress !== lastProgress) {
      lastProgress = progress;
      return;
    }
    const err = new Error('drain timeout');
    release(err);
    conn.destroy(err);
  };

  (client as DrainingClient).waitForDrain = (callback) => {
    if (conn.destroyed) {
      setImmediate(callback, new Error('connection closed'), client);
      return;
    }
    waiting.push(callback);
    if (waiting.length > 1) return;
    conn.once('drain', onDrain);
    if (timeoutMs > 0) {
      lastProgress = progressOf(conn);
      timer = setInterval(check, timeoutMs);
      timer.unref();
    }
  };
  conn.once('close', () => release(new Error('connection closed')));
}
