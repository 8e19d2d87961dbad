import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { analyticsFromConfig, type AnalyticsCore } from '../analytics/index.js';
import type { FindingDirectory } from '../core/findings/finding.js';
import { isCharacteristicName } from '../domain/characteristics.js';
import { createBroker, type LinewatchBroker } from '../broker/create-broker.js';
import { registerBrokerMetrics } from '../broker/metrics.js';
import { brokerOptionsFromConfig } from '../broker/from-config.js';
import type { LinewatchConfig } from '../config/resolve.js';
import { buildApp } from '../dashboard/app.js';
import { dashboardLimitsFromConfig } from '../dashboard/from-config.js';
import { registerDashboardMetrics } from '../dashboard/metrics.js';
import { fromConfig as gatewayFromConfig, registerGatewayMetrics, type GatewayService } from '../gateway/index.js';
import { createLogger, type Logger } from '../ops/logger.js';
import { MetricsRegistry } from '../ops/metrics.js';
import { Fleet } from '../simulators/fleet.js';
import type { FleetPlan } from '../simulators/fleet-plan.js';
import { validateStoreConfig, type StoreConfig } from '../store/config.js';
import { openStore } from '../store/open-store.js';
import type { TimeSeriesStore } from '../store/port.js';
import { evidenceFromRiskDirectory } from '../supervision-service/evidence-source.js';
import { openSupervision } from '../supervision-service/open-supervision.js';
import type { SupervisionService } from '../supervision-service/supervision-service.js';
import { FleetRunner } from './fleet-runner.js';
import { InternalAccounts } from './internal-accounts.js';

export interface EmbeddedStackOptions {
  readonly config: LinewatchConfig;
  /** A simulated fleet to run through in-process gateways (the demo), or none. */
  readonly demoPlan?: FleetPlan;
  /** Overrides of the configuration's ports (0 picks a free one, for tests). */
  readonly httpPort?: number;
  readonly mqttPort?: number;
  /** Overrides the embedded store's folder (tests use a temporary one). */
  readonly dataDir?: string;
  readonly log?: Logger;
  /** The regulator's findings the dashboard serves; defaults to the analytics service's (tests feed their own). */
  readonly findings?: FindingDirectory;
}

export interface EmbeddedStack {
  readonly httpUrl: string;
  readonly mqttUrl: string;
  readonly store: TimeSeriesStore;
  readonly broker: LinewatchBroker;
  /** The in-process analytics' live model: alerts, risk, findings, counters (the dashboard serves it). */
  readonly analytics: AnalyticsCore;
  readonly supervision: SupervisionService;
  readonly app: FastifyInstance;
  readonly gateways: ReadonlyMap<string, GatewayService>;
  /** Stops in reverse order of start: fleet, gateways, HTTP, supervision (register), analytics (drained), broker, store. */
  stop(): Promise<void>;
}

/**
 * The whole linewatch stack in one process, on the embedded defaults: the
 * broker inside, the embedded store, the analytics service, the HTTP API and,
 * for a demo, simulated gateways. Services talk over real MQTT on loopback,
 * exactly as they do when each runs on its own.
 */
export async function startEmbeddedStack(options: EmbeddedStackOptions): Promise<EmbeddedStack> {
  const { config } = options;
  const log = options.log ?? createLogger('stack');
  const storeConfig: StoreConfig = validateStoreConfig(options.dataDir && config.store.kind === 'embedded' ? { kind: 'embedded', dataDir: options.dataDir } : config.store);
  const dataDir = storeConfig.kind === 'embedded' ? storeConfig.dataDir : path.resolve('data');
  const cleanups: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((err) => log.warn({ err: (err as Error).message }, 'while stopping'));
    }
  };
  try {
    const store = await openStore(storeConfig);
    cleanups.push(() => store.close());

    const internal = new InternalAccounts();
    const analyticsLogin = await internal.add('analytics', { kind: 'service', role: 'analytics' });
    const fleet = options.demoPlan ? new Fleet(options.demoPlan) : null;
    const demoGateways = fleet?.gateways.map((g) => ({ id: g.id, enterprise: g.enterprise })) ?? [];
    const gatewayLogins = new Map<string, { username: string; password: string }>();
    for (const g of demoGateways) gatewayLogins.set(g.id, await internal.add(`gateway.${g.id}`, { kind: 'gateway', enterprise: g.enterprise, gateway: g.id }));

    const brokerOptions = brokerOptionsFromConfig(config, options.mqttPort !== undefined ? { port: options.mqttPort } : {});
    if (brokerOptions.tls) {
      // In-process clients would need the broker's CA; the stack's own traffic stays on plain loopback.
      throw new Error('linewatch start runs its clients in process over plain MQTT; for an mqtts broker run linewatch broker and the services separately');
    }
    const broker = createBroker({ ...brokerOptions, accounts: [...brokerOptions.accounts, ...internal.accounts], logger: log.child({ service: 'broker' }) });
    const address = await broker.listen();
    cleanups.push(() => broker.close());

    // One /metrics on the dashboard for every service in this process; gateways are read as they are added.
    const metrics = new MetricsRegistry();
    registerBrokerMetrics(metrics, broker);

    // Built as `linewatch analytics` builds it; here it shares the store and the metrics, logs into an
    // internal account, and keeps its checkpoint beside the (possibly overridden) data folder.
    const analyticsService = await analyticsFromConfig(config, {
      store,
      metrics,
      log: log.child({ service: 'analytics' }),
      mqttUrl: address.url,
      username: analyticsLogin.username,
      password: analyticsLogin.password,
      checkpointPath: path.join(dataDir, 'spc-checkpoint.json'),
    });
    await analyticsService.start();
    const analytics = analyticsService.core;
    cleanups.push(() => analyticsService.stop());

    // The register beside the embedded store's data (a temporary folder in tests), or the configured database.
    const supervision = await openSupervision(config, {
      ...(options.dataDir && config.register.kind === 'embedded' ? { register: { kind: 'embedded' as const, file: path.join(options.dataDir, 'register.duckdb') } } : {}),
      evidence: evidenceFromRiskDirectory(analytics.riskDirectory),
      riskScore: (e) => analytics.riskDirectory.list().find((s) => s.id === e)?.score ?? null,
      // The live class state starts from the registered class, not the configuration's once a decision changed it.
      onRegisteredClass: (e, cls) => analytics.risk.setRegisteredClass(e, cls),
      log: log.child({ service: 'supervision' }),
    });
    cleanups.push(() => supervision.close());
    supervision.service.start();

    const gateways = new Map<string, GatewayService>();
    registerGatewayMetrics(metrics, () => gateways.values());

    const app = buildApp({
      ...dashboardLimitsFromConfig(config),
      metrics: () => metrics.render(),
      storeWrites: () => analytics.writeHealth.state(),
      config,
      alerts: analytics.directory,
      riskDirectory: analytics.riskDirectory,
      findings: options.findings ?? analytics.findings,
      supervision: supervision.service,
      limits: {
        reestablish: (e, l, c) => isCharacteristicName(c) && analytics.reestablishLimits(e, l, c),
        baseline: (e, l, c) => (isCharacteristicName(c) ? analytics.baselineProgress(e, l, c) : null),
      },
      store,
      tokenSecret: config.http.tokenSecret ?? randomBytes(32).toString('base64url'),
      logger: log.child({ service: 'dashboard' }),
    });
    registerDashboardMetrics(metrics, app);
    const httpUrl = await app.listen({ port: options.httpPort ?? config.http.port, host: config.http.host });
    cleanups.push(() => app.close());

    if (fleet) {
      for (const g of demoGateways) {
        const login = gatewayLogins.get(g.id)!;
        const runtime = await gatewayFromConfig(
          { mqttUrl: address.url, enterprise: g.enterprise, gateway: g.id, password: login.password, username: login.username, outbox: { dir: path.join(dataDir, 'demo-outbox', g.id) } },
          { log: log.child({ service: `gateway-${g.id}` }) },
        );
        runtime.start();
        gateways.set(g.id, runtime.gateway);
        cleanups.push(() => runtime.stop(1000));
      }
      const runner = new FleetRunner(fleet, gateways, log);
      runner.start();
      cleanups.push(async () => runner.stop());
    }
    return { httpUrl, mqttUrl: address.url, store, broker, analytics, supervision: supervision.service, app, gateways, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

