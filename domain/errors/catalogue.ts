/**
 * Every error code linewatch raises, in one place: what it means, whether the
 * same call can succeed later (`retryable`), and which layer raises it.
 * Callers branch on `code` and `retryable`, never on message text.
 *
 * The per-layer tables (STORE_ERRORS, HTTP_ERRORS, ...) are views of this one
 * (`catalogueSection`), so a meaning is written once. docs/errors.md documents
 * every code; test/unit/error-catalogue.test.ts checks that every `LW_` code in
 * the source is here and in docs/errors.md, and that every entry is used.
 */

/** The top-level folder whose code raises (or answers with) the error. */
export type ErrorLayer =
  | 'domain'
  | 'spc'
  | 'monitor'
  | 'risk'
  | 'protocol'
  | 'config'
  | 'store'
  | 'register'
  | 'report'
  | 'broker'
  | 'gateway'
  | 'analytics'
  | 'dashboard'
  | 'supervision-service'
  | 'trace-service'
  | 'simulators'
  | 'cli'
  | 'web'
  | 'bench';

export interface ErrorEntry {
  readonly layer: ErrorLayer;
  /** True when trying the same call again later can succeed without changing it. */
  readonly retryable: boolean;
  /** What the code means; the error's own message says what and where. */
  readonly meaning: string;
}

const entry = (layer: ErrorLayer, retryable: boolean, meaning: string): ErrorEntry => Object.freeze({ layer, retryable, meaning });

export const ERROR_CATALOGUE = Object.freeze({
  // domain/
  LW_CSV_FORMAT: entry('domain', false, 'A measurement CSV does not follow the format (header, columns, values); the message names the row.'),

  // spc/
  LW_SPC_OPTIONS: entry('spc', false, 'A chart option (baseline, EWMA or CUSUM parameter) is outside its domain.'),
  LW_ARL_OPTIONS: entry('spc', false, 'A chart design option for an ARL computation is outside its domain; the error names the option and value.'),
  LW_ARL_PRECISION: entry('spc', false, 'The design is beyond what the numerical method resolves (no convergence within the node budget, or an ARL too large for double precision).'),
  LW_ARL_SINGULAR: entry('spc', false, 'A linear system of the ARL computation is singular (a zero or non-finite pivot).'),

  // monitor/
  LW_LIVE_OPTIONS: entry('monitor', false, 'A live monitor option is outside its domain.'),
  LW_ALERT_NOT_FOUND: entry('monitor', false, 'no alert has this id'),
  LW_ALERT_STATE: entry('monitor', false, "the alert's state does not allow the action (acknowledging an alert that is not active, resolving a resolved one)"),
  LW_ALERT_CAUSE: entry('monitor', false, 'the cause or corrective action is missing (resolving needs both) or not in the catalogue'),

  // risk/
  LW_RISK_OPTIONS: entry('risk', false, 'A risk scoring option is outside its domain.'),

  // protocol/
  LW_PROTOCOL_BAD_ID: entry('protocol', false, 'an enterprise, gateway or line id does not follow the id syntax'),
  LW_PROTOCOL_BAD_MESSAGE: entry('protocol', false, 'a message to be sent does not follow its schema'),
  LW_PROTOCOL_BAD_OPTION: entry('protocol', false, 'a decoder option is out of range'),

  // config/
  LW_CONFIG_UNREADABLE: entry('config', false, 'the file cannot be read'),
  LW_CONFIG_SYNTAX: entry('config', false, 'the file is not valid JSON'),
  LW_CONFIG_INVALID: entry('config', false, 'the JSON does not describe a valid configuration'),

  // store/
  LW_STORE_CONFIG: entry('store', false, 'The store configuration is invalid.'),
  LW_STORE_INVALID_ARGUMENT: entry('store', false, 'A read or an event append was called with arguments it cannot accept.'),
  LW_STORE_UNAVAILABLE: entry('store', true, 'The database could not be reached or did not answer in time, after bounded retries with backoff. Nothing of the failed call is acknowledged.'),
  LW_STORE_OVERLOADED: entry('store', true, 'The write queue is full (maxQueuedPoints); the call was refused before anything was queued.'),
  LW_STORE_AUTH: entry('store', false, 'The database refused the credentials (HTTP 401/403).'),
  LW_STORE_NOT_FOUND: entry('store', false, 'The database or bucket does not exist (HTTP 404).'),
  LW_STORE_REJECTED: entry('store', false, 'The database refused the request as malformed or too large (HTTP 4xx other than auth and not found).'),
  LW_STORE_FAILED: entry('store', true, 'The embedded database failed to run a statement (disk full, I/O error); the transaction was rolled back.'),
  LW_STORE_BAD_RESPONSE: entry('store', false, 'The database answered with something the adapter cannot interpret.'),
  LW_STORE_TOO_LARGE: entry('store', false, 'A raw read would return more than maxRawPoints points, or (InfluxDB) more events share one instant than maxEvents, which a page of events cannot split.'),
  LW_STORE_CLOSED: entry('store', false, 'The store was closed.'),
  // Not thrown: listed in WriteResult.rejected while the rest of the batch is stored.
  LW_POINT_SHAPE: entry('store', false, 'The point is not an object.'),
  LW_POINT_VALUE: entry('store', false, 'The value is not a finite number (NaN, Infinity or not a number at all).'),
  LW_POINT_CHARACTERISTIC: entry('store', false, 'The characteristic is not one of domain/characteristics.ts.'),
  LW_POINT_TAG: entry('store', false, 'enterprise or line is empty, too long, not a string, or holds a character that cannot be stored safely (control character, backslash).'),
  LW_POINT_TIMESTAMP: entry('store', false, "The timestamp is not an integer number of ms between 1970-01-01 and 2262-04-11 (InfluxDB's int64 ns limit)."),

  // register/
  LW_REGISTER_CONFIG: entry('register', false, 'The register configuration is invalid.'),
  LW_REGISTER_INVALID: entry('register', false, 'An argument or an imported row cannot be stored (the message names the field, and the row for an import).'),
  LW_REGISTER_NOT_FOUND: entry('register', false, 'No record, proposal or draw with that id (for that enterprise).'),
  LW_REGISTER_CONFLICT: entry(
    'register',
    false,
    'Someone changed it first (version mismatch), the id exists already, or the proposal or draw is no longer in a state that allows the change. Read again, then retry.',
  ),
  LW_REGISTER_LOCKED: entry('register', false, 'The embedded database file is open in another process or handle.'),
  LW_REGISTER_UNAVAILABLE: entry('register', true, 'The database server could not be reached or dropped the connection; the transaction was not committed.'),
  LW_REGISTER_AUTH: entry('register', false, 'The database server refused the credentials or the database does not exist.'),
  LW_REGISTER_SCHEMA: entry('register', false, 'The database holds a newer register schema than this version of linewatch knows.'),
  LW_REGISTER_FAILED: entry('register', true, 'The database failed to run a statement; the transaction was rolled back.'),
  LW_REGISTER_CLOSED: entry('register', false, 'The register was closed.'),

  // report/
  LW_REPORT_MONTH: entry('report', false, 'The month is not a calendar month YYYY-MM the store can hold, or it has not begun yet.'),
  LW_REPORT_ENTERPRISE: entry('report', false, 'The enterprise asked for is not in the configuration.'),

  // broker/
  LW_BROKER_OPTIONS: entry('broker', false, 'a broker setting is out of range'),
  LW_BROKER_TLS: entry('broker', false, 'the TLS key, certificate or CA cannot be read or used'),
  LW_BROKER_LISTEN: entry('broker', false, 'the broker cannot listen on the address (in use, not permitted, unknown host)'),
  LW_BROKER_STATE: entry('broker', false, 'listen() after close(), or twice'),
  LW_BROKER_REFUSED: entry('broker', false, "the broker refused a client's CONNECT, PUBLISH or SUBSCRIBE; the error's `refusal` says why (protocol/README.md lists the reasons)"),

  // gateway/
  LW_OUTBOX_FULL: entry('gateway', true, "Full under 'reject', its disk full (not under 'block'), or `maxWaiting` appends already waiting: slow down or shed, then retry."),
  LW_OUTBOX_TOO_LARGE: entry('gateway', false, 'One batch larger than `maxBatchBytes` or than the whole outbox: it can never fit.'),
  LW_OUTBOX_CLOSED: entry('gateway', false, 'The outbox was closed; appends waiting for room are rejected with this too.'),
  LW_OUTBOX_ABORTED: entry('gateway', true, 'An append waiting for room was aborted through its AbortSignal.'),
  LW_OUTBOX_IO: entry(
    'gateway',
    false,
    'A write or fsync failed for another reason than a full disk or an I/O error the outbox rolls back and retries. The outbox stops accepting appends; close and reopen it, and recovery rebuilds a consistent state from what is on disk.',
  ),
  LW_OUTBOX_LOCKED: entry('gateway', false, 'Another process (or another instance in this one) has the directory open.'),
  LW_OUTBOX_OPTIONS: entry('gateway', false, 'An option outside its domain; names the option.'),

  // analytics/ (alert command replies; NOT_FOUND, STATE and CAUSE come from monitor/)
  LW_ALERT_BAD_COMMAND: entry('analytics', false, 'the command does not follow its schema; the message says which field is wrong'),
  LW_ALERT_EXPIRED: entry('analytics', true, 'the command arrived after its expiresAt and was not applied'),
  LW_ALERT_FAILED: entry('analytics', false, 'the analytics service failed to apply the command; its log has the details'),
  LW_MQTT_DISCONNECTED: entry('analytics', true, 'the service is not connected to the broker (a health reason, not thrown)'),
  LW_SHARD_DOWN: entry('analytics', false, 'a shard of the sharded analytics service is not running, so its enterprises are served by nobody (a health reason, not thrown)'),

  // dashboard/
  LW_ALERT_TIMEOUT: entry('dashboard', true, 'the analytics service did not answer in time (or got the command after it expired); the action is not confirmed'),
  LW_ALERT_UNAVAILABLE: entry('dashboard', true, 'the dashboard is not connected to the broker, or is shutting down; the action was not sent'),
  LW_ALERT_REJECTED: entry('dashboard', false, 'the analytics service refused the command (bad command, or it failed); its log has the details'),
  LW_DASHBOARD_OPTIONS: entry('dashboard', false, 'A dashboard setting is outside its domain.'),
  LW_HTTP_BAD_REQUEST: entry('dashboard', false, 'The request is malformed or a field is invalid; `field` names it when there is one.'),
  LW_HTTP_UNAUTHORIZED: entry('dashboard', false, 'Login failed, or the bearer token is missing, malformed, tampered with, expired or no longer matches its user.'),
  LW_HTTP_FORBIDDEN: entry('dashboard', false, "The user may not see or act on this enterprise's data."),
  LW_HTTP_NOT_FOUND: entry('dashboard', false, 'No such route, alert, enterprise, line, series, record, proposal or draw.'),
  LW_HTTP_REQUEST_TIMEOUT: entry('dashboard', true, 'The request headers or body did not arrive in time (a slow or stalled client); the connection is closed.'),
  LW_HTTP_CONFLICT: entry(
    'dashboard',
    false,
    'The alert, record, proposal or draw is not in a state that allows the action (acknowledging a resolved alert, a record saved by someone else since it was read, a proposal already decided, a draw already published).',
  ),
  LW_HTTP_PAYLOAD_TOO_LARGE: entry('dashboard', false, 'The request body is larger than the server accepts.'),
  LW_HTTP_UNSUPPORTED_MEDIA_TYPE: entry('dashboard', false, 'The request body has a content type the server does not read (send application/json).'),
  LW_HTTP_RATE_LIMITED: entry('dashboard', true, 'Too many login attempts from this address or for this user name; `Retry-After` says when to try again.'),
  LW_HTTP_HEADERS_TOO_LARGE: entry('dashboard', false, 'The request line and headers are larger than the server accepts; the connection is closed.'),
  LW_HTTP_INTERNAL: entry('dashboard', false, 'The server failed; the message carries the request id to find in the server log.'),
  LW_HTTP_UNAVAILABLE: entry(
    'dashboard',
    true,
    'The time-series store cannot be reached right now, or the analytics service did not confirm an alert action in time (retry later); or this dashboard runs without the analytics service, which re-establishing control limits needs.',
  ),

  // supervision-service/
  LW_SUPERVISION_INPUT: entry('supervision-service', false, 'Input the supervision service refuses (a field or CSV rows); the error names the field and every bad row. Nothing was stored.'),

  // trace-service/
  LW_TRACE_INPUT: entry('trace-service', false, 'A trace record or CSV the trace service refuses; the error names the field and every bad row. Nothing was stored.'),
  LW_TRACE_FORBIDDEN: entry('trace-service', false, "The user may not write this trace record: another enterprise's, or a kind only a regulator writes (recall cases)."),
  LW_TRACE_NOT_FOUND: entry('trace-service', false, 'No trace record with this id that the user may see.'),
  LW_TRACE_SIGNED: entry('trace-service', false, 'The routine report is signed: it can no longer be changed or deleted.'),

  // simulators/
  LW_SIM_SPEC: entry('simulators', false, 'A specification cannot give in-control defaults for a characteristic.'),
  LW_SIM_SCENARIO: entry('simulators', false, "A scenario's kind or parameter is invalid; the message names it."),
  LW_SIM_PLAN: entry('simulators', false, 'A fleet plan has a bad seed, id, duplicate or rate; the message names the first problem.'),
  LW_SIM_DESCRIPTION: entry('simulators', false, 'A compact fleet description cannot be expanded into a plan; the message names the field.'),

  // cli/
  LW_USAGE: entry('cli', false, 'unknown command, bad or missing option'),
  LW_INPUT: entry('cli', false, 'an input file that cannot be read or has the wrong shape'),
  LW_CONFIG: entry('cli', false, 'a configuration file that is invalid'),
  LW_RUNTIME: entry('cli', false, 'a service that failed to start or stopped on an error'),

  // web/: the browser bundle takes only types from outside web/, so its ApiError
  // (web/services/api-client.ts) carries the server's code, or this one, without the base class.
  LW_NETWORK: entry('web', true, 'the server cannot be reached from the browser'),

  // bench/
  LW_BENCH_OPTIONS: entry('bench', false, 'A benchmark option is unknown or not a number >= 0.'),
} satisfies Record<`LW_${string}`, ErrorEntry>);

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CATALOGUE, code);
}

/** The catalogue's retry decision; false for a code it does not know (a newer peer's). */
export function isRetryable(code: unknown): boolean {
  return isErrorCode(code) && ERROR_CATALOGUE[code].retryable;
}

/**
 * A layer's own table of its codes, derived from the catalogue so the meaning
 * and retry decision are written once: `view` picks what that layer shows.
 */
export function catalogueSection<const C extends ErrorCode, T>(codes: readonly C[], view: (entry: ErrorEntry) => T): Readonly<Record<C, T>> {
  return Object.freeze(Object.fromEntries(codes.map((code) => [code, view(ERROR_CATALOGUE[code])])) as Record<C, T>);
}
