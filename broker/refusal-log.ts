/**
 * Counts every refusal by code and logs it with its reason, at a bounded
 * rate: a client that keeps sending what is refused (SUBSCRIBE refusals do
 * not disconnect) must not flood the log. Past the per-minute budget,
 * refusals are only counted, and the next log line says how many went unlogged.
 */
import { REFUSAL_CODES, type RefusalCode } from './refusals.js';

export interface Refusal {
  readonly code: RefusalCode;
  readonly reason: string;
  readonly action: 'connect' | 'publish' | 'subscribe' | 'deliver' | 'transport';
  readonly clientId?: string;
  readonly username?: string;
  readonly topic?: string;
  readonly remoteAddress?: string;
}

/** The part of a pino logger the broker uses. */
export interface BrokerLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export class RefusalLog {
  private readonly counts = new Map<RefusalCode, number>(REFUSAL_CODES.map((c) => [c, 0]));
  private windowStart = Number.NEGATIVE_INFINITY;
  private loggedInWindow = 0;
  private unlogged = 0;

  constructor(
    private readonly logger: BrokerLogger,
    private readonly logsPerMinute: number,
    private readonly now: () => number = Date.now,
    private readonly onRefusal: (refusal: Refusal) => void = () => {},
  ) {}

  record(refusal: Refusal): void {
    this.counts.set(refusal.code, (this.counts.get(refusal.code) ?? 0) + 1);
    const t = this.now();
    if (t - this.windowStart >= 60_000) {
      this.windowStart = t;
      this.loggedInWindow = 0;
    }
    if (this.loggedInWindow < this.logsPerMinute) {
      this.loggedInWindow++;
      const unlogged = this.unlogged;
      this.unlogged = 0;
      this.logger.warn({ ...refusal, ...(unlogged > 0 ? { unloggedBefore: unlogged } : {}) }, `refused ${refusal.action}: ${refusal.reason}`);
    } else {
      this.unlogged++;
    }
    this.onRefusal(refusal);
  }

  /** Refusals so far, by code (every code present, most of them 0). */
  snapshot(): Readonly<Record<RefusalCode, number>> {
    return Object.freeze(Object.fromEntries(this.counts) as Record<RefusalCode, number>);
  }

  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
}
