/**
 * The rig of the workers benchmark: a real Mosquitto, a real influxd and a
 * configuration of N enterprises whose gateways and analytics service all
 * use the bench password, written as a file for the worker processes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mosquittoAclFile } from '../../broker/mosquitto/acl-file.js';
import { startMosquitto, type MosquittoTestServer } from '../../test/support/mosquitto.js';
import { hashPassword } from '../../security/password.js';
import { startInfluxd, type InfluxTestServer } from '../../test/support/influxd.js';
import { BENCH_PASSWORD, BENCH_PRODUCT } from '../pipeline/bench-config.js';

export interface WorkersRig {
  readonly broker: MosquittoTestServer;
  readonly influx: InfluxTestServer;
  readonly configPath: string;
  readonly enterprises: readonly string[];
  dispose(): Promise<void>;
}

export async function startWorkersRig(dir: string, enterpriseCount: number, lines: number): Promise<WorkersRig> {
  const enterprises = Array.from({ length: enterpriseCount }, (_, i) => `ent-${String(i).padStart(4, '0')}`);
  const gateways = enterprises.map((e) => ({ id: `${e}-gw`, enterprise: e }));
  const influx = await startInfluxd();
  const broker = await startMosquitto({
    passwords: { analytics: BENCH_PASSWORD, ...Object.fromEntries(gateways.map((g) => [g.id, BENCH_PASSWORD])) },
    acl: mosquittoAclFile({ gateways, services: [{ id: 'analytics', role: 'analytics' }] }),
  }).catch(async (err) => {
    await influx.dispose();
    throw err;
  });
  const hash = await hashPassword(BENCH_PASSWORD, { N: 1024 });
  const file = {
    version: 1,
    enterprises: enterprises.map((id) => ({ id, name: id, class: 'B', lastInspection: '2026-01-01', lines: Array.from({ length: lines }, (_, j) => ({ id: `line-${j + 1}`, product: 'BVV-2x1.5' })) })),
    products: [BENCH_PRODUCT],
    gateways: gateways.map((g) => ({ ...g, passwordHash: hash })),
    services: [{ id: 'analytics', role: 'analytics', passwordHash: hash }],
    users: [],
    store: { kind: 'influxdb', url: influx.url, database: influx.database },
    mqtt: { url: broker.url },
  };
  const configPath = join(dir, 'linewatch.json');
  writeFileSync(configPath, JSON.stringify(file));
  return {
    broker,
    influx,
    configPath,
    enterprises,
    async dispose() {
      await broker.dispose();
      await influx.dispose();
    },
  };
}
