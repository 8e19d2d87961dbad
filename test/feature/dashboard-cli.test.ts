/**
 * `linewatch dashboard` as a user runs it: the compiled command in its own
 * process, on a real influxd shared with an analytics service, a real broker
 * and a gateway raising an alert. A person logs in over HTTP, sees the alert
 * and acknowledges it; the analytics service (which owns alerts) applies it.
 * Without influxd the suite fails (INFLUXD_MISSING): it never skips.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../monitor/alert.js';
import { analyticsFromConfig, type Analytics, type AnalyticsCore } from '../../analytics/index.js';
import { accountsFromConfig } from '../../broker/accounts.js';
import { createBroker, type LinewatchBroker } from '../../broker/create-broker.js';
import { loadConfig } from '../../config/load.js';
import { connectGateway, type GatewayService } from '../../gateway/index.js';
import { MemoryOutbox } from '../../gateway/outbox/memory-outbox.js';
import { hashPassword } from '../../security/password.js';
import { openStore } from '../../store/open-store.js';
import type { TimeSeriesStore } from '../../store/port.js';
import { REPO_ROOT, runLinewatch } from '../support/cli.js';
import { startInfluxd, type InfluxTestServer } from '../support/influxd.js';

const PASSWORDS = { gateway: 'gw-secret', analytics: 'analytics-secret', dashboard: 'dashboard-secret', reg: 'regulator-pass-1' } as const;

let dir: string;
let influx: InfluxTestServer;
let broker: LinewatchBroker;
let store: TimeSeriesStore;
/** The running service (start, stop) and its core (the alert book the assertions read). */
let analyticsService: Analytics;
let analytics: AnalyticsCore;
let gateway: GatewayService;
let configFile: string;
let embeddedConfigFile: string;
let alert: Alert;

const silent = pino({ level: 'silent' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-dashboard-cli-'));
  influx = await startInfluxd({ database: 'linewatch' });
  const hash = (pw: string) => hashPassword(pw, { N: 1024 });
  const file = {
    version: 1,
    enterprises: [{ id: 'acme', name: 'Acme Cable', class: 'B', lastInspection: '2024-06-01', lines: [{ id: 'line-1', product: 'BV-1.5' }] }],
    products: [{ id: 'BV-1.5', name: 'BV 1.5 mm2', characteristics: { insulation_thickness: { lsl: 0.53, nominal: 0.7 } } }],
    gateways: [{ id: 'acme-gw1', enterprise: 'acme', passwordHash: await hash(PASSWORDS.gateway) }],
    services: [
      { id: 'analytics', role: 'analytics', passwordHash: await hash(PASSWORDS.analytics) },
      { id: 'dash-1', role: 'dashboard', passwordHash: await hash(PASSWORDS.dashboard) },
    ],
    users: [{ id: 'reg', role: 'regulator', passwordHash: await hash(PASSWORDS.reg) }],
    spc: { baseline: 20 },
    store: { kind: 'influxdb', url: influx.url, database: influx.database },
  };
  broker = createBroker({ accounts: accountsFromConfig(file as Parameters<typeof accountsFromConfig>[0]), settings: { port: 0, host: '127.0.0.1' }, logger: { info: () => {}, warn: () => {} } });
  const { url } = await broker.listen();
  configFile = join(dir, 'linewatch.json');
  writeFileSync(configFile, JSON.stringify({ ...file, mqtt: { url }, http: { host: '127.0.0.1' } }));
  embeddedConfigFile = join(dir, 'embedded.json');
  writeFileSync(embeddedConfigFile, JSON.stringify({ ...file, store: { kind: 'embedded', dataDir: join(dir, 'data') }, mqtt: { url } }));

  const config = await loadConfig(configFile);
  store = await openStore({ kind: 'influxdb', url: influx.url, database: influx.database });
  analyticsService = await analyticsFromConfig(config, { store, mqttUrl: url, username: 'analytics', password: PASSWORDS.analytics, checkpointPath: null, log: silent });
  await analyticsService.start();
  analytics = analyticsService.core;
  gateway = connectGateway({ mqttUrl: url, enterprise: 'acme', gateway: 'acme-gw1', password: PASSWORDS.gateway, maxBatchDelayMs: 5 }, { outbox: new MemoryOutbox(), log: silent });
  gateway.start();
  let ts = Date.now() - 60_000;
  // Below the 0.53 mm minimum at the end: product out of spec opens an episode at once.
  const values = [...Array.from({ length: 20 }, (_, i) => 0.7 + 0.004 * Math.sin(i * 1.3)), 0.5];
  await gateway.accept(values.map((value) => ({ enterprise: 'acme', line: 'line-1', characteristic: 'insulation_thickness', ts: (ts += 100), value })));
  const deadline = Date.now() + 10_000;
  while (!analytics.alerts.list({ status: 'active' }).some((a) => a.rule === 'outOfSpec')) {
    if (Date.now() > deadline) throw new Error('no out-of-spec episode raised');
    await new Promise((r) => setTimeout(r, 20));
  }
  alert = analytics.alerts.list({ status: 'active' }).find((a) => a.rule === 'outOfSpec')!;
  // The dashboard rebuilds from the store at start: the alert must be in it by then.
  await analytics.drain();
}, 120_000);

afterAll(async () => {
  await gateway?.stop(0);
  await analyticsService?.stop();
  await store?.close();
  await broker?.close();
  await influx?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `linewatch dashboard` and resolves with its URL once it prints it. */
function startDashboard(args: string[]): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, ['bin/linewatch.js', 'dashboard', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LINEWATCH_MQTT_PASSWORD: PASSWORDS.dashboard, LINEWATCH_LOG_LEVEL: 'warn', LINEWATCH_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed within 30 s:\n${out}`)), 30_000);
    const check = () => {
      const match = /linewatch dashboard: listening on (http:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({ child, url: match[1], output: () => out });
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before listening:\n${out}`));
    });
  });
}

/** Runs `linewatch dashboard` to its end without blocking this process. */
function runDashboardToEnd(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['bin/linewatch.js', 'dashboard', ...args], { cwd: REPO_ROOT, env: { ...process.env, LINEWATCH_DEBUG: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr })));
}

describe('linewatch dashboard', () => {
  it('serves the alerts of the analytics service and acts on them through it, then stops on SIGTERM', async () => {
    const { child, url, output } = await startDashboard(['--config', configFile, '--port', '0']);
    try {
      expect(output()).toMatch(/alerts over mqtt:\/\/127\.0\.0\.1:\d+ as 'dash-1', store influxdb/);
      // No http.tokenSecret in this configuration: the command says sessions end with the process.
      expect(output()).toMatch(/random secret; sessions end with the process/);
      const login = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'reg', password: PASSWORDS.reg }) });
      expect(login.status).toBe(200);
      const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };

      const listed = (await (await fetch(`${url}/api/alerts?enterprise=acme`, { headers: auth })).json()) as { alerts: Alert[] };
      expect(listed.alerts.find((a) => a.id === alert.id)).toMatchObject({ status: 'active', rule: 'outOfSpec' });

      const ack = await fetch(`${url}/api/alerts/${encodeURIComponent(alert.id)}/ack`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ comment: 'die worn, changing it' }),
      });
      expect(ack.status).toBe(200);
      expect(((await ack.json()) as { alert: Alert }).alert).toMatchObject({ status: 'acknowledged', acknowledged: { by: 'reg', comment: 'die worn, changing it' } });
      expect(analytics.alerts.get(alert.id)?.status).toBe('acknowledged');

      const again = await fetch(`${url}/api/alerts/${encodeURIComponent(alert.id)}/ack`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ comment: 'twice' }),
      });
      expect(again.status).toBe(409);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    expect(output()).toMatch(/linewatch dashboard: stopped/);
  }, 60_000);

  it('refuses the embedded store and says what to do instead', () => {
    const r = runLinewatch(['dashboard', '--config', embeddedConfigFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^linewatch dashboard: .*embedded store, which only one process can open.*'linewatch start'.*InfluxDB store/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a service that is not a dashboard, and a broker it cannot log in to, in one line', async () => {
    const noService = runLinewatch(['dashboard', '--config', configFile, '--service', 'analytics']);
    expect(noService.code).toBe(2);
    expect(noService.stderr).toBe(`linewatch dashboard: no service 'analytics' with role 'dashboard' in ${configFile}\n`);

    const noPasswordFile = runLinewatch(['dashboard', '--config', configFile, '--port', '0', '--password-file', join(dir, 'missing')]);
    expect(noPasswordFile.code).toBe(2);
    expect(noPasswordFile.stderr).toMatch(/^linewatch dashboard: cannot read the password file .*missing: ENOENT\n$/);

    const badPassword = join(dir, 'bad-password');
    writeFileSync(badPassword, 'not-the-password\n');
    // Not spawnSync: the broker runs in this process and must answer while the command waits.
    const refused = await runDashboardToEnd(['--config', configFile, '--port', '0', '--password-file', badPassword]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^linewatch dashboard: could not start: .*[Bb]ad username or password\n$/);
  });

  it('documents its options', () => {
    const r = runLinewatch(['dashboard', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--service ID[\s\S]*--password-file FILE[\s\S]*--port N[\s\S]*--host ADDRESS/);
  });
});
