import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import type { StoreConfig } from '../../store/config.js';
import { startInfluxd, type InfluxTestServer } from '../support/influxd.js';
import { freePort } from '../support/ports.js';
import { startLinewatch, type ServiceProcess } from '../support/processes.js';
import { hashPassword } from '../../security/password.js';
import { writeSeriesCsv, type CsvSeries } from '../support/series-csv.js';

/**
 * The no-loss promise under faults: each case replays 50,000 points from a
 * gateway (its own process, with its disk outbox) through the broker and the
 * analytics service (their own processes) and, in the middle of it, kills
 * one of them with SIGKILL and starts it again, or takes the store away for
 * a while. Afterwards the store must hold every point exactly once.
 */

const POINTS = 50_000;
const PASSWORDS = { gateway: 'fault-gateway', analytics: 'fault-analytics' };
const summary: Array<{ fault: string; sent: number; stored: number; duplicates: number; lost: number; seconds: number }> = [];

interface Rig {
  dir: string;
  config: string;
  csv: CsvSeries;
  mqttPort: number;
  store: StoreConfig;
}

async function makeRig(store: (dir: string) => StoreConfig): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-fault-'));
  const mqttPort = await freePort();
  const storeConfig = store(dir);
  const hash = (pw: string) => hashPassword(pw, { N: 1024 });
  const file = {
    version: 1,
    enterprises: [{ id: 'northwind-cable', name: 'Northwind Cable', class: 'B', lastInspection: '2026-03-01', lines: [{ id: 'L1', product: 'BV-1.5' }] }],
    products: [{ id: 'BV-1.5', name: 'BV 1.5 mm2', characteristics: { conductor_resistance: { usl: 12.1 }, insulation_thickness: { lsl: 0.53, nominal: 0.7 } } }],
    gateways: [{ id: 'northwind-gw1', enterprise: 'northwind-cable', passwordHash: await hash(PASSWORDS.gateway) }],
    services: [{ id: 'analytics', role: 'analytics', passwordHash: await hash(PASSWORDS.analytics) }],
    users: [],
    store: storeConfig,
    mqtt: { listen: { port: mqttPort, host: '127.0.0.1' } },
  };
  const config = join(dir, 'linewatch.json');
  writeFileSync(config, JSON.stringify(file, null, 2));
  const csv = writeSeriesCsv(join(dir, 'replay.csv'), {
    enterprise: 'northwind-cable',
    line: 'L1',
    characteristic: 'conductor_resistance',
    n: POINTS,
    start: Date.parse('2026-01-01T00:00:00Z'),
    periodMs: 100,
    mean: 11.7,
    sd: 0.05,
    seed: 17,
  });
  return { dir, config, csv, mqttPort, store: storeConfig };
}

const broker = (rig: Rig) => startLinewatch('broker', ['broker', '--config', rig.config]);
const analytics = (rig: Rig) => startLinewatch('analytics', ['analytics', '--config', rig.config], { LINEWATCH_MQTT_PASSWORD: PASSWORDS.analytics });
const replay = (rig: Rig) =>
  startLinewatch(
    'replay',
    ['replay', rig.csv.file, '--config', rig.config, '--gateway', 'northwind-gw1', '--outbox', join(rig.dir, 'outbox'), '--rate', '10000', '--ack-timeout', '2000', '--wait', '120'],
    {
      LINEWATCH_GATEWAY_PASSWORD: PASSWORDS.gateway,
    },
  );

async function startAll(rig: Rig): Promise<{ broker: ServiceProcess; analytics: ServiceProcess; replay: ServiceProcess }> {
  const b = broker(rig);
  await b.waitFor(/listening/i);
  const a = analytics(rig);
  await a.waitFor(/linewatch analytics: connected/);
  const r = replay(rig);
  return { broker: b, analytics: a, replay: r };
}

/** Stops the analytics service (so the embedded store is free), then counts what the store holds. */
async function verify(rig: Rig, fault: string, started: number, procs: ServiceProcess[]): Promise<void> {
  for (const p of procs) await p.terminate();
  const store = await openStore(rig.store);
  try {
    const stored = await store.readSeries({ enterprise: 'northwind-cable', line: 'L1', characteristic: 'conductor_resistance' }, { from: 0, to: Date.parse('2030-01-01') });
    const expected = rig.csv.valid;
    const storedTs = new Set(Array.from(stored.ts));
    const lost = expected.filter((p) => !storedTs.has(p.ts)).length;
    summary.push({ fault, sent: expected.length, stored: stored.ts.length, duplicates: stored.ts.length - storedTs.size, lost, seconds: Math.round((Date.now() - started) / 1000) });
    expect(lost, `${fault}: points lost`).toBe(0);
    expect(stored.ts.length, `${fault}: stored exactly once`).toBe(expected.length);
    expect(Array.from(stored.value)).toEqual(expected.map((p) => p.value));
  } finally {
    await store.close();
  }
}

const embedded = (dir: string): StoreConfig => ({ kind: 'embedded', dataDir: join(dir, 'data') });

describe.sequential(`no point lost or doubled under faults, each in the middle of a ${POINTS}-point replay`, () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (summary.length > 0) {
      const rows = summary.map(
        (s) =>
          `| ${s.fault.padEnd(34)} | ${String(s.sent).padStart(6)} | ${String(s.stored).padStart(6)} | ${String(s.duplicates).padStart(10)} | ${String(s.lost).padStart(4)} | ${String(s.seconds).padStart(4)} s |`,
      );
      console.log(['', '| fault                              |   sent | stored | duplicates | lost | time   |', ...rows, ''].join('\n'));
    }
  });

  it.each([
    ['analytics', 'the analytics service', /linewatch analytics: connected/],
    ['broker', 'the broker', /listening/i],
  ] as const)(
    'kill -9 of %s (%s), then a restart',
    async (victim, _name, ready) => {
      const rig = await makeRig(embedded);
      dirs.push(rig.dir);
      const started = Date.now();
      const p = await startAll(rig);
      await new Promise((r) => setTimeout(r, 1500));
      expect(p.replay.child.exitCode, 'the replay is still going when the fault hits').toBeNull();
      await p[victim].kill9();
      await new Promise((r) => setTimeout(r, 1000));
      const again = victim === 'analytics' ? analytics(rig) : broker(rig);
      await again.waitFor(ready);
      expect(await p.replay.exited, p.replay.output()).toBe(0);
      await verify(rig, `kill -9 ${victim} + restart`, started, victim === 'analytics' ? [again, p.broker] : [p.analytics, again]);
    },
    180_000,
  );

  it('kill -9 of the gateway, then a restart that replays the file again', async () => {
    const rig = await makeRig(embedded);
    dirs.push(rig.dir);
    const started = Date.now();
    const p = await startAll(rig);
    await new Promise((r) => setTimeout(r, 1500));
    expect(p.replay.child.exitCode, 'the replay is still going when the fault hits').toBeNull();
    await p.replay.kill9();
    const again = replay(rig);
    expect(await again.exited, again.output()).toBe(0);
    await verify(rig, 'kill -9 gateway + restart', started, [p.analytics, p.broker]);
  }, 180_000);

  it('the store (InfluxDB) unavailable for a while', async () => {
    let influx: InfluxTestServer | undefined;
    try {
      influx = await startInfluxd();
      const server = influx;
      const rig = await makeRig(() => ({ kind: 'influxdb', url: server.url, database: server.database }));
      dirs.push(rig.dir);
      const started = Date.now();
      const p = await startAll(rig);
      await new Promise((r) => setTimeout(r, 1500));
      expect(p.replay.child.exitCode, 'the replay is still going when the fault hits').toBeNull();
      await server.stop();
      await new Promise((r) => setTimeout(r, 5000));
      await server.start();
      expect(await p.replay.exited, p.replay.output()).toBe(0);
      await verify(rig, 'store down 5 s (influxd stopped)', started, [p.analytics, p.broker]);
    } finally {
      await influx?.dispose();
    }
  }, 240_000);
});
