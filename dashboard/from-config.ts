/**
 * The dashboard built from a loaded configuration. `dashboardFromConfig` is
 * how `linewatch dashboard` and the embedded stack both build it; what they
 * do differently is the `model` override: the stand-alone dashboard follows
 * alerts, risk and findings over MQTT (restored from the store), the embedded stack
 * serves the live model of the analytics in its own process.
 * `dashboardLimitsFromConfig` maps `http.limits` to buildApp options.
 */
import type { ServiceLifecycle } from '../ops/service-lifecycle.js';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import mqtt, { type MqttClient } from 'mqtt';
import type { LinewatchConfig } from '../config/resolve.js';
import type { AlertDirectory } from '../core/alerts/alert-directory.js';
import type { RiskDirectory } from '../core/enterprise-risk/risk-directory.js';
import type { FindingDirectory } from '../core/findings/finding.js';
import { createLogger, type Logger } from '../ops/logger.js';
import { MetricsRegistry } from '../ops/metrics.js';
import { clientIdFor } from '../protocol/client-id.js';
import { validateStoreConfig } from '../store/config.js';
import { openStore } from '../store/open-store.js';
import type { TimeSeriesStore } from '../store/port.js';
import type { WriteHealthState } from '../store/write-health.js';
import { evidenceFromRiskDirectory } from '../supervision-service/evidence-source.js';
import { type OpenedSupervision, type OpenSupervisionOptions, openSupervision } from '../supervision-service/open-supervision.js';
import type { SupervisionService } from '../supervision-service/supervision-service.js';
import { TraceService } from '../trace-service/trace-service.js';
import { TraceRecordDesk } from '../trace-service/index.js';
import { RoutineService } from '../trace-service/routine-service.js';
import { buildApp } from './app.js';
import { registerDashboardMetrics } from './metrics.js';
import type { BuildAppOptions, CurrentProducts, LimitsControl } from './options.js';
import { RemoteAlertDirectory } from './remote-alert-directory.js';
import { RemoteFindingsDirectory } from './remote-findings-directory.js';
import { RemoteRiskDirectory } from './remote-risk-directory.js';

export type ConfiguredLimits = Pick<BuildAppOptions, 'tokenTtlSeconds' | 'bodyLimit' | 'loginRateLimit' | 'server'>;

/** buildApp options from `http.limits`: only what the file set, so everything else keeps DEFAULT_DASHBOARD_OPTIONS. */
export function dashboardLimitsFromConfig(config: Pick<LinewatchConfig, 'http'>): ConfiguredLimits {
  const l = config.http.limits ?? {};
  return {
    tokenTtlSeconds: l.tokenTtlSeconds,
    bodyLimit: l.bodyLimit,
    loginRateLimit: { perIpMax: l.loginPerIpMax, perUserMaxFailures: l.loginPerUserMaxFailures, perUserWindowMs: l.loginPerUserWindowMs },
    server: { maxConnections: l.maxConnections, headersTimeoutMs: l.headersTimeoutMs, requestTimeoutMs: l.requestTimeoutMs, maxHeaderBytes: l.maxHeaderBytes, idleTimeoutMs: l.idleTimeoutMs },
  };
}

/** The live model of an analytics service in this process (the embedded stack): served as it is, with its risk breakdown and findings. */
export interface InProcessModel {
  readonly kind: 'in-process';
  readonly alerts: AlertDirectory;
  readonly riskDirectory: RiskDirectory;
  readonly findings?: FindingDirectory;
  readonly limits?: LimitsControl;
  /** The product each line makes now, from the live series. */
  readonly products?: CurrentProducts;
  /** The analytics' store writes: /readyz is 503 while they fail. */
  readonly storeWrites?: () => WriteHealthState;
}

/** Alerts, risk summaries and findings over MQTT, restored from the shared store at start (`linewatch dashboard`). */
export interface RemoteModel {
  readonly kind: 'remote';
  /** Its MQTT user: a service with role 'dashboard'. */
  readonly serviceId: string;
  readonly password: string;
  /** Absent: the configuration's `mqtt.url`. */
  readonly mqttUrl?: string;
}

export interface DashboardOverrides {
  readonly model: InProcessModel | RemoteModel;
  /** HTTP port and address; absent: the configuration's `http.port` and `http.host`. */
  readonly port?: number;
  readonly host?: string;
  /** An open store shared with others (the embedded stack's); absent: opened from `config.store` by start, and closed by stop. */
  readonly store?: TimeSeriesStore;
  /** Where the supervision register is, and what it tells the risk model; evidence and risk scores default to the model's. */
  readonly supervision?: Pick<OpenSupervisionOptions, 'register' | 'onRegisteredClass'>;
  /** A registry shared with other services (one /metrics for a process); absent: a registry of its own. */
  readonly metrics?: MetricsRegistry;
  readonly log?: Logger;
}

/** The /readyz answer: ready while it listens and its store answers. */
export interface DashboardReadiness {
  readonly ok: boolean;
  readonly detail: { readonly listening: boolean; readonly store: boolean };
}

export interface Dashboard extends ServiceLifecycle<void, DashboardReadiness> {
  /** Opens the store, the model and the register, then listens; a failed start leaves nothing open. */
  start(): Promise<void>;
  /** Closes in reverse: HTTP, register, model, MQTT, the store it opened. */
  stop(): Promise<void>;
  ready(): Promise<DashboardReadiness>;
  /** The registry its metrics are in (the one given, or its own); served on GET /metrics. */
  readonly metrics: MetricsRegistry;
  /** The following are there only after start. */
  readonly url: string;
  readonly app: FastifyInstance;
  readonly supervision: SupervisionService;
  /** Where it follows alerts and risk: the broker's URL, or null in process. */
  readonly mqttUrl: string | null;
}

interface Running {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly supervision: SupervisionService;
  readonly store: TimeSeriesStore;
}

export function dashboardFromConfig(config: LinewatchConfig, overrides: DashboardOverrides): Dashboard {
  const { model } = overrides;
  const log = overrides.log ?? createLogger('dashboard');
  const metrics = overrides.metrics ?? new MetricsRegistry();
  const mqttUrl = model.kind === 'remote' ? (model.mqttUrl ?? config.mqtt.url) : null;
  const closers: Array<() => Promise<unknown>> = [];
  let running: Running | null = null;
  const close = async () => {
    running = null;
    for (const closer of closers.splice(0).reverse()) await closer();
  };
  const started = <K extends keyof Running>(key: K): Running[K] => {
    if (!running) throw new Error(`dashboard: ${key} is there only after start`);
    return running[key];
  };

  const open = async (): Promise<Running> => {
    let store = overrides.store;
    if (!store) {
      const opened = await openStore(validateStoreConfig(config.store));
      closers.push(() => opened.close());
      store = opened;
    }
    const served = model.kind === 'remote' ? await openRemoteModel(config, model, mqttUrl!, store, log, closers) : inProcessOptions(model);
    const riskDirectory = served.riskDirectory;
    const supervision: OpenedSupervision = await openSupervision(config, {
      ...overrides.supervision,
      // The days of evidence live only in the analytics process: a remote dashboard's suggestions rest on the records and the score.
      ...(model.kind === 'in-process' ? { evidence: evidenceFromRiskDirectory(model.riskDirectory) } : {}),
      riskScore: (e) => riskDirectory?.list().find((s) => s.id === e)?.score ?? null,
      log: log.child({ service: 'supervision' }),
    });
    closers.push(() => supervision.close());
    supervision.service.start();
    const app = buildApp({
      ...dashboardLimitsFromConfig(config),
      ...served,
      metrics: () => metrics.render(),
      config,
      store,
      supervision: supervision.service,
      // The trace reads the reels and episodes from the store and the lots, shipments and recall cases from the same register.
      trace: new TraceService({ store, register: supervision.register, log: log.child({ service: 'trace' }) }),
      // The enterprises' traceability records live in the same register, under their own rules.
      traceRecords: new TraceRecordDesk(supervision.register, new Set(config.enterprises.map((e) => e.id))),
      routine: new RoutineService({ register: supervision.register, store, enterprises: config.enterprises }),
      tokenSecret: tokenSecretOf(config.http.tokenSecret, log),
      logger: log,
    });
    closers.push(() => app.close());
    registerDashboardMetrics(metrics, app);
    const url = await app.listen({ port: overrides.port ?? config.http.port, host: overrides.host ?? config.http.host });
    return { url, app, supervision: supervision.service, store };
  };

  return {
    metrics,
    mqttUrl,
    get url() {
      return started('url');
    },
    get app() {
      return started('app');
    },
    get supervision() {
      return started('supervision');
    },
    async start() {
      try {
        running = await open();
      } catch (err) {
        await close().catch(() => {});
        throw err;
      }
    },
    stop: close,
    async ready() {
      const store = running ? (await running.store.health()).ok : false;
      return { ok: running !== null && store, detail: { listening: running !== null, store } };
    },
  };
}

type ServedModel = Pick<BuildAppOptions, 'alerts' | 'riskDirectory' | 'findings' | 'limits' | 'products' | 'storeWrites'>;

function inProcessOptions(model: InProcessModel): ServedModel {
  return { alerts: model.alerts, riskDirectory: model.riskDirectory, findings: model.findings, limits: model.limits, products: model.products, storeWrites: model.storeWrites };
}

/** The MQTT client and the read copies of alerts, risk and findings a dashboard on its own serves; each is closed by the dashboard's stop. */
async function openRemoteModel(config: LinewatchConfig, model: RemoteModel, mqttUrl: string, store: TimeSeriesStore, log: Logger, closers: Array<() => Promise<unknown>>): Promise<ServedModel> {
  // A persistent session: while the dashboard is briefly away the broker keeps its alert events and replies.
  const client: MqttClient = await mqtt.connectAsync(mqttUrl, {
    username: model.serviceId,
    password: model.password,
    clientId: clientIdFor(model.serviceId),
    clean: false,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
  });
  closers.push(() => client.endAsync());
  client.on('error', (err) => log.warn({ err: err.message }, 'MQTT error'));
  client.on('reconnect', () => log.info('reconnecting to the broker'));
  const alerts = await RemoteAlertDirectory.open({ client, serviceId: model.serviceId, store, log });
  closers.push(() => alerts.close());
  const riskDirectory = await RemoteRiskDirectory.open({ client, store, enterprises: config.enterprises.map((e) => e.id), log: log.child({ component: 'risk' }) });
  closers.push(() => riskDirectory.close());
  // The regulator's feed: open findings restored from the event log, then followed live.
  const findings = await RemoteFindingsDirectory.open({ client, store, enterprises: config.enterprises.map((e) => e.id), log: log.child({ component: 'findings' }) });
  closers.push(() => findings.close());
  return { alerts, riskDirectory, findings };
}

/** The configured secret, or a random one: then tokens die with the process, which the log says. */
function tokenSecretOf(configured: string | undefined, log: Logger): string {
  if (configured !== undefined) return configured;
  log.warn('no http.tokenSecret in the configuration: signing session tokens with a random secret; sessions end with the process');
  return randomBytes(32).toString('base64url');
}
