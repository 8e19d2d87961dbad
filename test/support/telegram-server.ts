/**
 * A gauge streaming ASCII telegrams on a loopback TCP port, for the telegram
 * source's tests: every `intervalMs` it writes one telegram to each connected
 * client, `D;<iso time>;<insulation mm>;<resistance ohm/km>` + CRLF, with a
 * strictly increasing time, and remembers what it wrote to which connection
 * so a test can check that what was stored is exactly what was served. Half
 * the telegrams are written in two pieces a few ms apart (TCP keeps no
 * message boundaries; the source must join them). It can be stopped and
 * started again on the same port, can write raw bytes (garbage), and keeps
 * what clients send (a stream request).
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface ServedTelegram {
  readonly ts: number;
  readonly insulation: number;
  readonly resistance: number;
  /** The connection (1, 2, ...) it was written to. */
  readonly connection: number;
}

export interface TelegramServer {
  readonly port: number;
  /** Every telegram written, by its timestamp. */
  readonly served: Map<number, ServedTelegram>;
  /** Connections accepted so far. */
  connections(): number;
  /** What the clients sent (latin1), all connections in order. */
  received(): string;
  /** Writes `raw` (latin1) to every connected client now. */
  writeRaw(raw: string): void;
  /** Stops or resumes the stream (connections stay open). */
  pause(paused: boolean): void;
  /** Closes the listener and every connection. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  restart(): Promise<void>;
  /** Stops for good: the stream, the listener and every connection. */
  close(): Promise<void>;
}

export async function startTelegramServer(options: { port?: number; intervalMs?: number } = {}): Promise<TelegramServer> {
  const clients = new Map<Socket, number>();
  const served = new Map<number, ServedTelegram>();
  let accepted = 0;
  let received = '';
  let paused = false;
  let i = 0;
  let lastTs = 0;
  let server: Server | undefined;
  let port = options.port ?? 0;

  const tick = setInterval(() => {
    if (paused || clients.size === 0) return;
    for (const [socket, connection] of clients) {
      i += 1;
      const ts = (lastTs = Math.max(Date.now(), lastTs + 1));
      // Values a BV-1.5 line makes: 0.690..0.710 mm, 11.80..11.86 ohm/km.
      const insulation = Number((0.7 + ((i % 21) - 10) * 0.001).toFixed(3));
      const resistance = Number((11.8 + (i % 7) * 0.01).toFixed(2));
      const text = `D;${new Date(ts).toISOString()};${insulation.toFixed(3)};${resistance.toFixed(2)}\r\n`;
      served.set(ts, { ts, insulation, resistance, connection });
      if (i % 2 === 0) {
        socket.write(text);
      } else {
        const cut = 5 + (i % 20);
        socket.write(text.slice(0, cut));
        setTimeout(() => socket.destroyed || socket.write(text.slice(cut)), 3);
      }
    }
  }, options.intervalMs ?? 100);

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((socket) => {
        accepted += 1;
        clients.set(socket, accepted);
        socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
        socket.on('error', () => {});
        socket.on('close', () => clients.delete(socket));
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  await listen();

  const close = async () => {
    const s = server;
    server = undefined;
    for (const socket of clients.keys()) socket.destroy();
    clients.clear();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  return {
    get port() {
      return port;
    },
    served,
    connections: () => accepted,
    received: () => received,
    writeRaw(raw) {
      for (const socket of clients.keys()) socket.write(Buffer.from(raw, 'latin1'));
    },
    pause(p) {
      paused = p;
    },
    stop: close,
    async restart() {
      await listen();
    },
    async close() {
      clearInterval(tick);
      await close();
    },
  };
}
