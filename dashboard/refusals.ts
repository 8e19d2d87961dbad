/**
 * Every request or connection the dashboard refuses, counted by code and
 * logged with its reason at a bounded rate (a brute-force or a connection
 * flood must not flood the log too; past the budget refusals are only
 * counted, and the next line says how many went unlogged).
 *
 * Codes label `linewatch_http_refusals_total`; dashboard/README.md lists them.
 */
export const HTTP_REFUSALS = Object.freeze({
  'bad-request': 'a request the API could not read or whose fields are invalid (400)',
  unauthorized: 'a failed login, or a missing, tampered, expired or stale token (401)',
  forbidden: "another enterprise's data (403)",
  'body-too-large': 'a request body over the limit (413)',
  'unsupported-media-type': 'a body that is not JSON (415)',
  'rate-limited': 'too many login attempts from one address or for one user name (429)',
  'headers-too-large': 'a request head over the limit (431)',
  'request-timeout': 'headers or a request not sent in time: a slow-loris client (408)',
  'malformed-request': 'bytes that are not HTTP (400, before any route)',
  'idle-connection': 'a connection that never sent a request within the idle timeout; closed',
  'server-full': 'a connection beyond the most connections; closed unread',
  'live-unauthorized': 'a socket.io connection without a valid token',
});

export type HttpRefusalCode = keyof typeof HTTP_REFUSALS;

const CODE_BY_STATUS: Readonly<Record<number, HttpRefusalCode>> = Object.freeze({
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  413: 'body-too-large',
  415: 'unsupported-media-type',
  429: 'rate-limited',
});

/** The refusal an answered request stands for, or null (404, 409 and successes are not refusals). */
export function refusalOfStatus(status: number): HttpRefusalCode | null {
  return CODE_BY_STATUS[status] ?? null;
}

export interface RefusalLogger {
  warn(fields: object, message: string): void;
}

export class HttpRefusals {
  private readonly counts = new Map<HttpRefusalCode, number>(Object.keys(HTTP_REFUSALS).map((c) => [c as HttpRefusalCode, 0]));
  private windowStart = Number.NEGATIVE_INFINITY;
  private logged = 0;
  private unlogged = 0;

  constructor(
    private readonly logger: RefusalLogger,
    private readonly logsPerMinute = 60,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a refusal; logs it unless this minute's budget is spent. Answered requests are logged by the error handler, so pass `log: false`. */
  record(code: HttpRefusalCode, reason: string, fields: object = {}, log = true): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    if (!log) return;
    const t = this.now();
    if (t - this.windowStart >= 60_000) {
      this.windowStart = t;
      this.logged = 0;
    }
    if (this.logged >= this.logsPerMinute) {
      this.unlogged++;
      return;
    }
    this.logged++;
    const unloggedBefore = this.unlogged;
    this.unlogged = 0;
    this.logger.warn({ refusal: code, reason, ...fields, ...(unloggedBefore > 0 ? { unloggedBefore } : {}) }, `refused: ${reason}`);
  }

  /** Refusals so far, by code (every code present). */
  snapshot(): Readonly<Record<HttpRefusalCode, number>> {
    return Object.freeze(Object.fromEntries(this.counts) as Record<HttpRefusalCode, number>);
  }
}
