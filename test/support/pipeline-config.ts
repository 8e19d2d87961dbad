import { hashPassword } from '../../security/password.js';
import { parseConfig } from '../../config/load.js';
import type { LinewatchConfig } from '../../config/resolve.js';

/** Passwords of the accounts in the test configuration. */
export const TEST_PASSWORDS = Object.freeze({
  gateway: 'gateway-secret',
  otherGateway: 'other-gateway-secret',
  analytics: 'analytics-secret',
  dashboard: 'dashboard-secret',
  regulator: 'regulator-secret',
  enterpriseUser: 'quality-secret',
  sparkplugEdge: 'sparkplug-edge-secret',
});

export interface TestConfigOptions {
  dataDir: string;
  baseline?: number;
  /** The live monitor's options (monitor/options.ts); default 1 s subgroups and a 2-minute Phase I, so short replays get limits. */
  live?: Record<string, unknown>;
  store?: Record<string, unknown>;
  mqttPort?: number;
  /**
   * Sparkplug B on the broker: the northwind gateway may read the group
   * `northwind` (its Sparkplug source, a host) and the account
   * `northwind-edge` may publish it (a plant's Edge Node).
   */
  sparkplug?: boolean;
}

/** The Sparkplug group and edge account of `sparkplug: true`. */
export const TEST_SPARKPLUG = Object.freeze({ group: 'northwind', edge: 'northwind-edge' });

/**
 * A small configuration for pipeline tests: the enterprise and line of the
 * worked examples (northwind-cable / extruder-1) making BV 1.5 mm2, a second
 * enterprise, one gateway each, both services and two users. Hashes use a
 * low scrypt cost so tests stay fast.
 */
export async function pipelineTestConfig(options: TestConfigOptions): Promise<LinewatchConfig> {
  return parseConfig(JSON.stringify(await pipelineTestConfigFile(options)), 'pipeline-test.json', options.dataDir);
}

/** The same configuration as the JSON of a file, for commands run as their own processes. */
export async function pipelineTestConfigFile(options: TestConfigOptions): Promise<Record<string, unknown>> {
  const hash = (pw: string) => hashPassword(pw, { N: 1024 });
  const file = {
    version: 1,
    enterprises: [
      { id: 'northwind-cable', name: 'Northwind Cable', class: 'B', lastInspection: '2026-03-01', lines: [{ id: 'extruder-1', product: 'BV-1.5' }] },
      { id: 'eastriver-wire', name: 'Eastriver Wire', class: 'A', lastInspection: '2026-02-01', lines: [{ id: 'L1', product: 'BV-1.5' }] },
    ],
    products: [
      {
        id: 'BV-1.5',
        name: 'BV 1.5 mm2',
        characteristics: {
          insulation_thickness: { lsl: 0.53, nominal: 0.7 },
          conductor_resistance: { usl: 12.1 },
        },
      },
    ],
    gateways: [
      {
        id: 'northwind-gw1',
        enterprise: 'northwind-cable',
        passwordHash: await hash(TEST_PASSWORDS.gateway),
        ...(options.sparkplug ? { sparkplug: { role: 'host', groups: [TEST_SPARKPLUG.group] } } : {}),
      },
      { id: 'eastriver-gw1', enterprise: 'eastriver-wire', passwordHash: await hash(TEST_PASSWORDS.otherGateway) },
      ...(options.sparkplug
        ? [{ id: TEST_SPARKPLUG.edge, enterprise: 'northwind-cable', passwordHash: await hash(TEST_PASSWORDS.sparkplugEdge), sparkplug: { role: 'edge', groups: [TEST_SPARKPLUG.group] } }]
        : []),
    ],
    services: [
      { id: 'analytics', role: 'analytics', passwordHash: await hash(TEST_PASSWORDS.analytics) },
      { id: 'dashboard', role: 'dashboard', passwordHash: await hash(TEST_PASSWORDS.dashboard) },
    ],
    users: [
      { id: 'regulator', role: 'regulator', passwordHash: await hash(TEST_PASSWORDS.regulator) },
      { id: 'northwind-quality', role: 'enterprise', enterprise: 'northwind-cable', passwordHash: await hash(TEST_PASSWORDS.enterpriseUser) },
    ],
    spc: { baseline: options.baseline ?? 200 },
    live: options.live ?? { subgroupMs: 1000, baselineMinutes: 2 },
    store: options.store ?? { kind: 'embedded', dataDir: options.dataDir },
    mqtt: { listen: { port: options.mqttPort ?? 0, host: '127.0.0.1' } },
    http: { port: 0, host: '127.0.0.1', tokenSecret: 'a-test-token-secret-of-at-least-32-chars' },
  };
  return file;
}
