import { connect, type Socket } from 'node:net';
import type { GatewaySource, SourceDeps, SourceSink } from '../gateway-source.js';
import type { SourceEvent } from '../source-event.js';
import type { SourceKind } from '../source-kinds.js';
import { checkTelegramConfig, TelegramConfigSchema, telegramOptionsOf, type TelegramConfig, type TelegramOptions } from './telegram-config.js';
import { decodeTelegram, excerptOf, TelegramFramer } from './telegram-framing.js';
import { compileTelegramParser, type TelegramParser } from './telegram-parser.js';

/**
 * Reads a gauge's ASCII telegram stream over TCP (the gauge's own Ethernet
 * port, or a serial-to-Ethernet converter in TCP server mode). One
 * connection at a time; when it drops, goes silent for `idleTimeoutMs`, or
 * cannot be made, the source waits and connects again, the wait doubling
 * from `reconnect.minMs` to `reconnect.maxMs` and starting over once a
 * telegram arrives. Nothing it reads can throw out of its handlers: every
 * problem becomes a `sink.bad` with a reason.
 */
export class TelegramSource implements GatewaySource {
  readonly kind = 'telegram';
  private readonly parse: TelegramParser;
  private readonly framer: TelegramFramer;
  private readonly clock: () => number;
  private sink: SourceSink | undefined;
  private socket: Socket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private delayMs: number;
  /** Telegrams are handled one chunk at a time, in order, each awaiting the sink (backpressure). */
  private work: Promise<void> = Promise.resolve();
  /** Chunks read and not yet through the sink: while any is, the socket is paused on purpose and its silence is not the gauge's. */
  private pendingChunks = 0;
  /** Arrival stamps are kept strictly increasing: two telegrams in one chunk must not share a timestamp. */
  private lastArrivalTs = -Infinity;
  /** The product last reported per line: a changeover is reported once, not with every telegram. */

  constructor(
    private readonly config: TelegramConfig,
    private readonly deps: SourceDeps,
  ) {
    this.options = telegramOptionsOf(config);
    this.parse = compileTelegramParser(config);
    this.framer = new TelegramFramer(this.options.terminator, this.options.maxTelegramBytes);
    this.clock = deps.clock ?? Date.now;
    this.delayMs = this.minDelay;
  }

  start(sink: SourceSink): Promise<void> {
    this.sink = sink;
    this.stopped = false;
    this.connect();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    if (socket !== undefined && !socket.closed) await new Promise<void>((resolve) => socket.once('close', () => resolve()).destroy());
    await this.work;
  }

  private readonly options: TelegramOptions;

  private get minDelay(): number {
    return this.options.reconnectMinMs;
  }

  private connect(): void {
    if (this.stopped) return;
    const { host, port } = this.config;
    const socket = connect({ host, port, timeout: this.options.connectTimeoutMs });
    this.socket = socket;
    let up = false;
    socket.setNoDelay(true);
    socket.once('connect', () => {
      up = true;
      this.sink?.connected(true);
      this.deps.log.debug({ host, port }, 'telegram source connected');
      socket.setTimeout(this.options.idleTimeoutMs);
      if (this.config.sendOnConnect !== undefined) socket.write(Buffer.from(this.config.sendOnConnect, 'latin1'));
    });
    socket.on('data', (chunk: Buffer) => {
      socket.pause();
      this.pendingChunks += 1;
      this.work = this.work
        .then(() => this.take(chunk))
        .catch((err: unknown) => this.sink?.bad('read-error', `telegram source: ${(err as Error).message}`))
        .finally(() => {
          this.pendingChunks -= 1;
          if (!socket.destroyed) socket.resume();
        });
    });
    socket.on('timeout', () => {
      if (up && this.pendingChunks > 0) {
        // Held back by a full outbox, not a silent gauge: wait another round.
        socket.setTimeout(socket.timeout ?? 0);
        return;
      }
      const what = up ? `no data for ${socket.timeout} ms from ${host}:${port}` : `no connection to ${host}:${port} within ${socket.timeout} ms`;
      if (up) this.sink?.bad('read-error', `${what}; reconnecting`);
      else this.deps.log.warn({ host, port }, what);
      socket.destroy();
    });
    socket.on('error', (err) => {
      if (up) this.sink?.bad('read-error', `connection to ${host}:${port} failed: ${err.message}`);
      else if (this.delayMs === this.minDelay) this.deps.log.warn({ host, port, err: err.message }, 'telegram source cannot connect; retrying with back-off');
    });
    socket.on('close', () => {
      if (this.socket === socket) this.socket = undefined;
      // Wait for the chunks already read, then count the telegram the close cut off.
      this.work = this.work.then(() => this.closed(up)).catch((err: unknown) => this.deps.log.error({ err }, 'telegram source: reconnect failed'));
    });
  }

  private closed(wasUp: boolean): void {
    const cut = this.framer.reset();
    if (cut > 0) this.sink?.bad('unparsable', `telegram cut off by the disconnect (${cut} bytes without a terminator); discarded`);
    if (wasUp) {
      this.sink?.connected(false);
      this.deps.log.debug({ host: this.config.host, port: this.config.port }, 'telegram source disconnected');
    }
    if (this.stopped) return;
    const delay = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.options.reconnectMaxMs);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  private async take(chunk: Buffer): Promise<void> {
    const sink = this.sink!;
    const events: SourceEvent[] = [];
    for (const frame of this.framer.push(chunk)) {
      if (frame.kind === 'overlong') {
        sink.bad('unparsable', `telegram longer than ${this.options.maxTelegramBytes} bytes without a terminator ('${frame.excerpt}'); discarded up to the next terminator`);
        continue;
      }
      const decoded = decodeTelegram(frame.bytes, this.options.encoding);
      if (!decoded.ok) {
        sink.bad('unparsable', `${decoded.reason} in telegram '${excerptOf(frame.bytes.toString('latin1'))}'`);
        continue;
      }
      if (decoded.text === '') continue;
      const outcome = this.parse(decoded.text, this.arrivalTs());
      if (!outcome.ok) {
        sink.bad(outcome.reason, outcome.detail);
        continue;
      }
      this.delayMs = this.minDelay;
      // Every telegram repeats the product; the gateway's line context takes a repeat as no change.
      events.push(...outcome.events);
    }
    if (events.length > 0) await sink.take(events);
  }

  private arrivalTs(): number {
    this.lastArrivalTs = Math.max(this.clock(), this.lastArrivalTs + 1);
    return this.lastArrivalTs;
  }
}

export const TELEGRAM_SOURCE_KIND: SourceKind<TelegramConfig> = {
  kind: 'telegram',
  summary: 'ASCII telegrams streamed over TCP by a gauge or a serial-to-Ethernet converter (delimiter or pattern field map)',
  schema: TelegramConfigSchema,
  check: checkTelegramConfig,
  create: (config, deps) => new TelegramSource(config, deps),
};
