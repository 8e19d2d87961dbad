import type { Logger } from '../ops/logger.js';
import type { GatewayService } from './gateway-service.js';
import { LineContext } from './line-context.js';
import { BAD_READING_REASONS, type BadReadingReason, type GatewaySource, type SourceSink } from './sources/gateway-source.js';
import type { SourceEvent } from './sources/source-event.js';
import type { GatewayEntry } from './sources/source-point.js';

/** What a running source has done, for /metrics and /readyz. */
export interface SourceStats {
  readonly kind: string;
  readonly connected: boolean;
  readonly readings: number;
  readonly bad: Readonly<Record<BadReadingReason, number>>;
}

/** Most bad-reading log lines a second; the counters count every one. */
const BAD_LOG_PER_SECOND = 1;

/**
 * Connects a source to a gateway: its events go through the line context
 * (product and position stamped on every reading) into `gateway.accept`, so
 * every source shares the same outbox and the same zero-loss path. What the
 * source could not read is counted by reason and logged at most once a
 * second with its detail.
 */
export class SourceRunner {
  private readonly context = new LineContext();
  private readonly bad = Object.fromEntries(BAD_READING_REASONS.map((r) => [r, 0])) as Record<BadReadingReason, number>;
  private readings = 0;
  private up = false;
  private lastBadLog = -Infinity;
  private suppressed = 0;

  constructor(
    readonly source: GatewaySource,
    private readonly gateway: Pick<GatewayService, 'accept'>,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  start(): Promise<void> {
    const sink: SourceSink = {
      take: (events) => this.take(events),
      bad: (reason, detail) => this.countBad(reason, detail),
      connected: (up) => {
        if (up !== this.up) this.log.info({ source: this.source.kind }, up ? 'source connected' : 'source disconnected');
        this.up = up;
      },
    };
    return this.source.start(sink);
  }

  stop(): Promise<void> {
    return this.source.stop();
  }

  stats(): SourceStats {
    return { kind: this.source.kind, connected: this.up, readings: this.readings, bad: { ...this.bad } };
  }

  private take(events: readonly SourceEvent[]): Promise<void> {
    const points: GatewayEntry[] = [];
    for (const e of events) {
      const point = this.context.apply(e);
      if (point === null) continue;
      points.push(point);
      if (!('reel' in point)) this.readings += 1;
    }
    return points.length > 0 ? this.gateway.accept(points) : Promise.resolve();
  }

  private countBad(reason: BadReadingReason, detail: string): void {
    this.bad[reason] += 1;
    const now = this.clock();
    if (now - this.lastBadLog < 1000 / BAD_LOG_PER_SECOND) {
      this.suppressed += 1;
      return;
    }
    this.log.warn({ source: this.source.kind, reason, ...(this.suppressed > 0 ? { alsoSinceLastLine: this.suppressed } : {}) }, detail);
    this.lastBadLog = now;
    this.suppressed = 0;
  }
}
