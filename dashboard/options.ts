/**
 * What buildApp takes, its defaults in one frozen object, and the check that
 * runs once at construction: a bad option fails at start, not on the first
 * request.
 */
import type { WriteHealthState } from '../store/write-health.js';
import type { AlertDirectory } from '../core/alerts/alert-directory.js';
import type { LinewatchConfig } from '../config/resolve.js';
import type { Logger } from '../ops/logger.js';
import type { PasswordVerifier } from '../security/password-verifier.js';
import type { TimeSeriesStore } from '../store/port.js';
import type { LiveRiskEvent } from '../protocol/live-messages.js';
import type { RiskDirectory, RiskSummaryDirectory } from '../core/enterprise-risk/risk-directory.js';
import type { FindingDirectory } from '../core/findings/finding.js';
import type { SupervisionService } from '../supervision-service/supervision-service.js';
import type { TraceService } from '../trace-service/trace-service.js';
import type { TraceRecordDesk } from '../trace-service/index.js';
import type { RoutineService } from '../trace-service/routine-service.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';
import { withDefaults } from '../domain/with-defaults.js';

/**
 * Live risk assessments (risk/README.md, "Live events"): the same
 * subscribe shape as AlertDirectory, one event per enterprise whose
 * assessment changed. The dashboard forwards them to the browsers allowed to
 * see that enterprise.
 */
export interface RiskEventSource {
  /** Calls `listener` with every risk event; returns the unsubscribe function. */
  subscribe(listener: (event: LiveRiskEvent) => void): () => void;
}

/** Phase I's progress of a series (LiveSeriesView.baseline of core/enterprise-risk/risk-views.ts). */
export interface BaselineProgress {
  readonly subgroups: number;
  readonly needed: number;
  readonly refused: number;
  readonly lastRefusal: string | null;
}

/**
 * Re-establishing a series' control limits (a new Phase I): only where the
 * live monitor runs in the same process (`linewatch start` fills it from the
 * analytics core).
 */
export interface LimitsControl {
  /** Starts a new Phase I; false when this process does not monitor the series. */
  reestablish(enterprise: string, line: string, characteristic: string): boolean;
  /** Phase I's progress, or null when limits are in force (or the series is not monitored here). */
  baseline(enterprise: string, line: string, characteristic: string): BaselineProgress | null;
}

/** The product a series' line makes now and its spec, as the analytics in this process charts it. */
export interface CurrentProduct {
  /** The product id; null when the line's product is not known. */
  readonly product: string | null;
  readonly lsl: number | null;
  readonly usl: number | null;
  readonly target: number | null;
}

/** Which product each line makes now, from the live series (the embedded stack). */
export interface CurrentProducts {
  /** The series' current product and spec, or null when this process does not chart the series (yet). */
  of(enterprise: string, line: string, characteristic: string): CurrentProduct | null;
}

export interface LoginRateLimit {
  /** Login attempts (successful or not) one client address may make per window. count */
  readonly perIpMax: number;
  /** ms */
  readonly perIpWindowMs: number;
  /** Failed logins one user name may have per window before further attempts are refused. count */
  readonly perUserMaxFailures: number;
  /** ms */
  readonly perUserWindowMs: number;
  /** Client addresses and user names remembered at once (least recently seen forgotten first). count */
  readonly trackedKeys: number;
}

export interface SeriesLimits {
  /** A range holding at most this many points is answered raw, a larger one downsampled. points */
  readonly maxRawPoints: number;
  /** Buckets of a downsampled answer when the request names none. count */
  readonly defaultBuckets: number;
  /** Most buckets a request may ask for. count */
  readonly maxBuckets: number;
  /** The range when the request gives no `from`: this much before `to`. ms */
  readonly defaultRangeMs: number;
}

export interface AlertListLimits {
  /** Alerts returned when the request names no `limit`. count */
  readonly defaultLimit: number;
  /** Most alerts one request may ask for. count */
  readonly maxLimit: number;
}

/** The HTTP server's own guards against floods and slow clients (Node's http.Server settings). */
export interface ServerLimits {
  /** Connections open at once (HTTP and socket.io); more are closed unread. count */
  readonly maxConnections: number;
  /** Time a client has to send the request line and headers (slow loris). ms */
  readonly headersTimeoutMs: number;
  /** Time a client has to send the whole request, body included. ms */
  readonly requestTimeoutMs: number;
  /** Largest request line plus headers. bytes */
  readonly maxHeaderBytes: number;
  /** A connection that sends nothing for this long is closed (one that never sent a request is counted as a refusal). ms */
  readonly idleTimeoutMs: number;
}

export interface DashboardSettings {
  /** Lifetime of a session token: a working shift. s */
  readonly tokenTtlSeconds: number;
  /** Shortest accepted token secret (HS256 wants at least 256 bits of key). characters */
  readonly minTokenSecretLength: number;
  /** Largest request body; the API only takes small JSON objects. bytes */
  readonly bodyLimit: number;
  /**
   * Whether X-Forwarded-For is believed (fastify's trustProxy). Only behind a
   * reverse proxy: otherwise any client could pick the address that the
   * per-address login limit counts against.
   */
  readonly trustProxy: boolean | string | readonly string[];
  readonly loginRateLimit: LoginRateLimit;
  readonly series: SeriesLimits;
  readonly alerts: AlertListLimits;
  readonly server: ServerLimits;
}

export const DEFAULT_DASHBOARD_OPTIONS: DashboardSettings = Object.freeze({
  tokenTtlSeconds: 8 * 3600,
  minTokenSecretLength: 32,
  bodyLimit: 64 * 1024,
  trustProxy: false,
  loginRateLimit: Object.freeze({
    // Enough for an office behind one NAT address; far too few to guess passwords.
    perIpMax: 20,
    perIpWindowMs: 60_000,
    // Only failures count, so a user who types the right password is never slowed down.
    perUserMaxFailures: 5,
    perUserWindowMs: 15 * 60_000,
    trackedKeys: 10_000,
  }),
  series: Object.freeze({
    // 20,000 [ts, value] pairs are about 600 kB of JSON: over half an hour of one 10 Hz gauge.
    maxRawPoints: 20_000,
    // About one bucket per pixel column of a wide chart.
    defaultBuckets: 1_000,
    maxBuckets: 5_000,
    defaultRangeMs: 3_600_000,
  }),
  alerts: Object.freeze({ defaultLimit: 1_000, maxLimit: 10_000 }),
  server: Object.freeze({
    // A bureau's browsers (a few connections each) with room to spare; a flood beyond is closed unread.
    maxConnections: 2_000,
    // A browser sends its headers in milliseconds; Node's own 60 s lets a slow loris hold a socket for a minute.
    headersTimeoutMs: 10_000,
    // fastify turns Node's request timeout off; API bodies are small, so 30 s is generous.
    requestTimeoutMs: 30_000,
    // Node's default: a token and a few cookies fit many times over.
    maxHeaderBytes: 16 * 1024,
    // Node's headers timeout starts with the first byte: a socket that never sends one is held until this.
    // Long enough for the slowest answer (a monthly report), which writes nothing until it is done.
    idleTimeoutMs: 60_000,
  }),
});

export interface BuildAppOptions {
  readonly config: LinewatchConfig;
  readonly alerts: AlertDirectory;
  readonly store: TimeSeriesStore;
  /** HS256 key of session tokens; at least minTokenSecretLength characters. */
  readonly tokenSecret: string;
  readonly tokenTtlSeconds?: number;
  /** Defaults to the `dashboard` service logger of ops/logger.ts. */
  readonly logger?: Logger;
  /** Now, ms since the epoch; injected so tests can expire tokens and windows without waiting. */
  readonly clock?: () => number;
  /** Defaults to a cached scrypt verifier (security/password-verifier.ts). */
  readonly passwordVerifier?: PasswordVerifier;
  readonly trustProxy?: DashboardSettings['trustProxy'];
  readonly bodyLimit?: number;
  readonly loginRateLimit?: Partial<LoginRateLimit>;
  readonly series?: Partial<SeriesLimits>;
  readonly alertList?: Partial<AlertListLimits>;
  readonly server?: Partial<ServerLimits>;
  /** Live risk events; without it they come from `riskDirectory`, when given. */
  readonly risk?: RiskEventSource;
  /**
   * The risk model (GET /api/enterprises, and GET /api/enterprises/:id/risk
   * when it is a full RiskDirectory, as in process); absent, those routes are
   * absent. A dashboard on its own gives the remote copy of the summaries
   * (remote-risk-directory.ts), so it has the list but no breakdown.
   */
  readonly riskDirectory?: RiskSummaryDirectory | RiskDirectory;
  /** The regulator's findings (GET /api/findings, live `finding` events); absent, that route is absent and the session says so. */
  readonly findings?: FindingDirectory;
  /** Re-establishing control limits (POST /api/series/.../limits); absent, that route answers 503. */
  readonly limits?: LimitsControl;
  /**
   * The product each line makes now (GET /api/series answers with its spec);
   * absent, it comes from the stored changeovers (a dashboard on its own).
   */
  readonly products?: CurrentProducts;
  /** The supervision register and class decisions (/api/register..., /api/proposals..., /api/public..., /public); absent, those routes are absent. */
  readonly supervision?: SupervisionService;
  /** Trace and recall cases (/api/trace/reels..., /api/trace/recalls...); absent, those routes are absent. */
  readonly trace?: TraceService;
  /** The enterprises' traceability records in the same register (/api/trace/records...); absent, those routes are absent. */
  readonly traceRecords?: TraceRecordDesk;
  /** The enterprises' routine reports (/api/trace/routine...); absent, those routes are absent. */
  readonly routine?: RoutineService;
  /** Prometheus text of the services in this process (GET /metrics, no auth); absent, no /metrics route. */
  readonly metrics?: () => Promise<string>;
  /** The writes of an analytics service in this process (the embedded stack): /readyz is 503 while they fail. */
  readonly storeWrites?: () => WriteHealthState;
}

export class DashboardOptionsError extends LinewatchError<'LW_DASHBOARD_OPTIONS'> {
  constructor(message: string) {
    super('LW_DASHBOARD_OPTIONS', message);
    this.name = 'DashboardOptionsError';
  }
}

/** Fills in defaults and checks every setting; the result is frozen. */
export function resolveDashboardSettings(options: BuildAppOptions): DashboardSettings {
  const d = DEFAULT_DASHBOARD_OPTIONS;
  const s: DashboardSettings = withDefaults(d, {
    tokenTtlSeconds: options.tokenTtlSeconds,
    bodyLimit: options.bodyLimit,
    trustProxy: options.trustProxy,
    loginRateLimit: withDefaults(d.loginRateLimit, options.loginRateLimit ?? {}),
    series: withDefaults(d.series, options.series ?? {}),
    alerts: withDefaults(d.alerts, options.alertList ?? {}),
    server: withDefaults(d.server, options.server ?? {}),
  });
  if (typeof options.tokenSecret !== 'string' || options.tokenSecret.length < s.minTokenSecretLength) {
    throw new DashboardOptionsError(`tokenSecret must be a string of at least ${s.minTokenSecretLength} characters`);
  }
  positive('tokenTtlSeconds', s.tokenTtlSeconds);
  positive('bodyLimit', s.bodyLimit);
  for (const [name, value] of Object.entries(s.loginRateLimit)) positive(`loginRateLimit.${name}`, value);
  for (const [name, value] of Object.entries(s.series)) positive(`series.${name}`, value);
  for (const [name, value] of Object.entries(s.alerts)) positive(`alertList.${name}`, value);
  for (const [name, value] of Object.entries(s.server)) positive(`server.${name}`, value);
  // Node refuses a headers timeout longer than the request timeout.
  if (s.server.headersTimeoutMs > s.server.requestTimeoutMs) throw new DashboardOptionsError('server.headersTimeoutMs must not exceed server.requestTimeoutMs');
  if (s.series.defaultBuckets > s.series.maxBuckets) throw new DashboardOptionsError('series.defaultBuckets must not exceed series.maxBuckets');
  if (s.alerts.defaultLimit > s.alerts.maxLimit) throw new DashboardOptionsError('alertList.defaultLimit must not exceed alertList.maxLimit');
  return Object.freeze(s);
}

function positive(name: string, value: unknown): void {
  if (!(typeof value === 'number' && Number.isSafeInteger(value) && value > 0)) {
    throw new DashboardOptionsError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
}
