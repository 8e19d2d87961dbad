import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { analyticsFromConfig, type AnalyticsCore } from '../analytics/index.js';
import type { FindingDirectory } from '../core/findings/finding.js';
import { isCharacteristicName } from '../domain/characteristics.js';
import { brokerFromConfig, type LinewatchBroker } from '../broker/index.js';
import type { LinewatchConfig } from '../config/resolve.js';
import { dashboardFromConfig } from '../dashboard/index.js';
import { gatewayFromConfig, registerGatewayMetrics, type GatewayService } from '../gateway/index.js';
import { createLogger, type Logger } from '../ops/logger.js';
import { MetricsRegistry } from '../ops/metrics.js';
import { Fleet } from '../simulators/fleet.js';
import type { FleetPlan } from '../simulators/fleet-plan.js';
import { validateStoreConfig, type StoreConfig } from '../store/config.js';
import { openStore } from '../store/open-store.js';
import type { TimeSeriesStore } from '../store/port.js';
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

    // One /metrics on the dashboard for every service in this process; gateways are read as they are added.
    const metrics = new MetricsRegistry();
    // Built as `linewatch broker` builds it, with the in-process clients' accounts besides the configuration's.
    const brokerService = brokerFromConfig(config, {
      ...(options.mqttPort !== undefined ? { port: options.mqttPort } : {}),
      extraAccounts: internal.accounts,
      metrics,
      logger: log.child({ service: 'broker' }),
    });
    if (brokerService.tls) {
      // In-process clients would need the broker's CA; the stack's own traffic stays on plain loopback.
      await brokerService.stop();
      throw new Error('linewatch start runs its clients in process over plain MQTT; for an mqtts broker run linewatch broker and the services separately');
    }
    const address = await brokerService.start();
    const broker = brokerService.broker;
    cleanups.push(() => brokerService.stop());

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

    const gateways = new Map<string, GatewayService>();
    registerGatewayMetrics(metrics, () => gateways.values());

    // Built as `linewatch dashboard` builds it, but serving the live model of the analytics in this process
    // (with its risk breakdown, findings and limits) instead of copies over MQTT, on the shared store and metrics.
    const dashboard = dashboardFromConfig(config, {
      model: {
        kind: 'in-process',
        alerts: analytics.directory,
        riskDirectory: analytics.riskDirectory,
        findings: options.findings ?? analytics.findings,
        limits: {
          reestablish: (e, l, c) => isCharacteristicName(c) && analytics.reestablishLimits(e, l, c),
          baseline: (e, l, c) => (isCharacteristicName(c) ? analytics.baselineProgress(e, l, c) : null),
        },
        products: { of: (e, l, c) => (isCharacteristicName(c) ? analytics.currentProduct(e, l, c) : null) },
        storeWrites: () => analytics.writeHealth.state(),
      },
      port: options.httpPort,
      store,
      supervision: {
        // The register beside the embedded store's data (a temporary folder in tests), or the configured database.
        ...(options.dataDir && config.register.kind === 'embedded' ? { register: { kind: 'embedded' as const, file: path.join(options.dataDir, 'register.duckdb') } } : {}),
        // The live class state starts from the registered class, not the configuration's once a decision changed it.
        onRegisteredClass: (e, cls) => analytics.risk.setRegisteredClass(e, cls),
      },
      metrics,
      log: log.child({ service: 'dashboard' }),
    });
    await dashboard.start();
    cleanups.push(() => dashboard.stop());
    const { app, url: httpUrl } = dashboard;

    if (fleet) {
      for (const g of demoGateways) {
        const login = gatewayLogins.get(g.id)!;
        const runtime = await gatewayFromConfig(
          { mqttUrl: address.url, enterprise: g.enterprise, gateway: g.id, password: login.password, username: login.username, outbox: { dir: path.join(dataDir, 'demo-outbox', g.id) } },
          { log: log.child({ service: `gateway-${g.id}` }) },
        );
        await runtime.start();
        gateways.set(g.id, runtime.gateway);
        cleanups.push(() => runtime.stop(1000));
      }
      const runner = new FleetRunner(fleet, gateways, log);
      runner.start();
      cleanups.push(async () => runner.stop());
    }
    return { httpUrl, mqttUrl: address.url, store, broker, analytics, supervision: dashboard.supervision, app, gateways, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
