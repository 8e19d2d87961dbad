/**
 * The configuration file of a county run, written to disk because the
 * broker, the analytics service and the dashboard read it as separate
 * processes, exactly as they do in production. Every account shares one password (hashed once;
 * scrypt cost kept low so 1,000+ gateways log in quickly).
 */
import { writeFile } from 'node:fs/promises';
import { hashPassword } from '../../security/password.js';
import { BENCH_PASSWORD, BENCH_PRODUCT } from '../pipeline/bench-config.js';

/** The dashboard-role account the probe watches alerts and resolves them with. */
export const WATCHER_SERVICE = 'bench-watch';
export const ANALYTICS_SERVICE = 'analytics';
/** The dashboard process's own dashboard-role account: it follows alerts on the bus as `linewatch dashboard` does. */
export const DASHBOARD_SERVICE = 'dashboard';
/** The regulator the probe logs in as, on the dashboard's HTTP API and live channel. */
export const REGULATOR_USER = 'regulator';
export const COUNTY_PASSWORD = BENCH_PASSWORD;

export const enterpriseId = (index: number): string => `ent-${String(index).padStart(4, '0')}`;
export const gatewayId = (enterprise: string): string => `${enterprise}-gw`;
export const lineId = (index: number): string => `line-${index + 1}`;

export interface CountyConfigPlan {
  readonly enterprises: number;
  readonly lines: number;
  readonly mqttPort: number;
  /** The store section as the configuration file spells it (embedded with its dataDir, or influxdb). */
  readonly store: Readonly<Record<string, string>>;
}

export async function writeCountyConfig(file: string, plan: CountyConfigPlan): Promise<void> {
  const hash = await hashPassword(COUNTY_PASSWORD, { N: 1024 });
  const ids = Array.from({ length: plan.enterprises }, (_, i) => enterpriseId(i));
  const config = {
    version: 1,
    enterprises: ids.map((id) => ({
      id,
      name: id,
      class: 'B',
      lastInspection: '2026-01-01',
      lines: Array.from({ length: plan.lines }, (_, j) => ({ id: lineId(j), product: 'BVV-2x1.5' })),
    })),
    products: [BENCH_PRODUCT],
    gateways: ids.map((id) => ({ id: gatewayId(id), enterprise: id, passwordHash: hash })),
    services: [
      { id: ANALYTICS_SERVICE, role: 'analytics', passwordHash: hash },
      { id: WATCHER_SERVICE, role: 'dashboard', passwordHash: hash },
      { id: DASHBOARD_SERVICE, role: 'dashboard', passwordHash: hash },
    ],
    users: [{ id: REGULATOR_USER, name: 'County bureau', role: 'regulator', passwordHash: hash }],
    store: plan.store,
    // A 90 s Phase I instead of the default 30 min, so every series' live charts lock during the
    // warm-up: the measured window then pays for the full SPC (charts evaluated, not still collecting).
    // Not shorter: the chart design's solve grows steeply below that (2 s at 90 s, 40 s at 60 s).
    live: { baselineMinutes: 1.5 },
    mqtt: { url: `mqtt://127.0.0.1:${plan.mqttPort}`, listen: { port: plan.mqttPort, host: '127.0.0.1' } },
    http: { port: 0, host: '127.0.0.1', tokenSecret: 'county-bench-token-secret-county-bench' },
  };
  await writeFile(file, JSON.stringify(config));
}
