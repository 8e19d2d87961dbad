/**
 * The compose layout shows risk and findings: the broker, an analytics worker and the
 * stand-alone dashboard each run as their own `linewatch` process, as
 * docker-compose.yml runs them, on a shared real influxd. Replayed lines
 * drive one enterprise to elevated risk and keep the other in control; a
 * regulator reads the ranked list over the dashboard's HTTP API. Then the
 * analytics worker stops, the broker restarts empty (no retained message, no
 * session) and the dashboard restarts: the list it shows can only come from
 * the assessments analytics stored, and it must be the same; so must the open
 * findings (the regulator's feed), restored from the finding events analytics
 * stored. Without influxd
 * the suite fails (INFLUXD_MISSING): it never skips.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';
import type { Finding } from '../../core/findings/finding.js';
import { FINDING_EVENT_KIND, RISK_EVENT_KIND, riskEventId } from '../../protocol/event-kinds.js';
import { decodeFindingRecord } from '../../protocol/event-log/finding-records.js';
import { storedEventPages } from '../../protocol/event-log/read-event-log.js';
import { hashPassword } from '../../security/password.js';
import { openStore } from '../../store/open-store.js';
import { startInfluxd, type InfluxTestServer } from '../support/influxd.js';
import { freePort } from '../support/ports.js';
import { startLinewatch, type ServiceProcess } from '../support/processes.js';
import { writeSeriesCsv } from '../support/series-csv.js';

const PASSWORDS = { analytics: 'compose-analytics', dashboard: 'compose-dashboard', gateway: 'compose-gateway', regulator: 'compose-regulator', saverQuality: 'compose-saver' } as const;
const START = Date.UTC(2026, 0, 5, 8, 0, 0);
const PERIOD_MS = 500;
const N = 2400; // 20 minutes of sample time per line

/** Held just above the 0.53 mm minimum ("off-centre", the material-saving pattern), and a line in control around 0.74 mm. */
const LINES = {
  saver: { mean: 0.575, sd: 0.012, seed: 7 },
  steady: { mean: 0.74, sd: 0.035, seed: 8 },
} as const;
type Enterprise = keyof typeof LINES;

let dir: string;
let influx: InfluxTestServer;
let configPath: string;
const running = new Set<ServiceProcess>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-compose-risk-'));
  influx = await startInfluxd();
  const mqttPort = await freePort();
  const hash = (pw: string) => hashPassword(pw, { N: 1024 });
  const ids = Object.keys(LINES) as Enterprise[];
  const file = {
    version: 1,
    enterprises: ids.map((id) => ({ id, name: `Enterprise ${id}`, class: 'B', lastInspection: '2025-11-01', lines: [{ id: 'L1', product: 'BV-1.5' }] })),
    products: [{ id: 'BV-1.5', name: 'BV 1.5 mm2', characteristics: { insulation_thickness: { lsl: 0.53, nominal: 0.7 } } }],
    gateways: await Promise.all(ids.map(async (id) => ({ id: `${id}-gw`, enterprise: id, passwordHash: await hash(PASSWORDS.gateway) }))),
    services: [
      { id: 'analytics', role: 'analytics', passwordHash: await hash(PASSWORDS.analytics) },
      { id: 'dashboard', role: 'dashboard', passwordHash: await hash(PASSWORDS.dashboard) },
    ],
    users: [
      { id: 'regulator', role: 'regulator', passwordHash: await hash(PASSWORDS.regulator) },
      { id: 'saver-quality', role: 'enterprise', enterprise: 'saver', passwordHash: await hash(PASSWORDS.saverQuality) },
    ],
    spc: { baseline: 200 },
    // Phase I within the first five minutes of sample time.
    live: { baselineMinutes: 5 },
    // A replay takes seconds of wall clock: a level holds from the first assessment that sees it.
    risk: { findingSustainSeconds: 0, levelSustainSeconds: 0 },
    store: { kind: 'influxdb', url: influx.url, database: influx.database },
    register: { kind: 'embedded', file: join(dir, 'register.duckdb') },
    mqtt: { url: `mqtt://127.0.0.1:${mqttPort}`, listen: { port: mqttPort, host: '127.0.0.1' } },
    http: { port: 0, host: '127.0.0.1', tokenSecret: 'compose-layout-test-secret-of-32-chars-or-more' },
  };
  configPath = join(dir, 'linewatch.json');
  writeFileSync(configPath, JSON.stringify(file, null, 2));
  ids.forEach((id) => {
    const line = LINES[id];
    writeSeriesCsv(join(dir, `${id}.csv`), {
      enterprise: id,
      line: 'L1',
      characteristic: 'insulation_thickness',
      n: N,
      start: START,
      periodMs: PERIOD_MS,
      mean: line.mean,
      sd: line.sd,
      seed: line.seed,
    });
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([...running].map((p) => p.terminate()));
  await influx?.dispose();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function start(name: string, args: string[], env: Record<string, string> = {}): ServiceProcess {
  const p = startLinewatch(name, args, env);
  running.add(p);
  void p.exited.then(() => running.delete(p));
  return p;
}

async function startBroker(): Promise<ServiceProcess> {
  const p = start('broker', ['broker', '--config', configPath]);
  await p.waitFor(/linewatch broker: listening on/);
  return p;
}

/** As compose runs it: one of the analytics workers. */
async function startAnalytics(): Promise<ServiceProcess> {
  const p = start('analytics', ['analytics', '--config', configPath, '--worker', 'a1', '--handover-delay', '0'], { LINEWATCH_MQTT_PASSWORD: PASSWORDS.analytics });
  await p.waitFor(/linewatch analytics worker a1: connected/);
  return p;
}

async function startDashboard(): Promise<{ process: ServiceProcess; url: string }> {
  const p = start('dashboard', ['dashboard', '--config', configPath, '--port', '0'], { LINEWATCH_MQTT_PASSWORD: PASSWORDS.dashboard });
  await p.waitFor(/linewatch dashboard: listening on http:\/\/\S+/);
  return { process: p, url: /linewatch dashboard: listening on (http:\/\/\S+)/.exec(p.output())![1] };
}

async function replay(enterprise: Enterprise): Promise<void> {
  const p = start(
    `replay ${enterprise}`,
    [
      'replay',
      join(dir, `${enterprise}.csv`),
      '--config',
      configPath,
      '--gateway',
      `${enterprise}-gw`,
      '--outbox',
      join(dir, `outbox-${enterprise}`),
      '--rate',
      'max',
      '--ack-timeout',
      '2000',
      '--wait',
      '120',
    ],
    { LINEWATCH_GATEWAY_PASSWORD: PASSWORDS.gateway },
  );
  const code = await p.exited;
  expect(code, `replay ${enterprise}:\n${p.output()}`).toBe(0);
}

async function login(url: string, username: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
}

interface EnterpriseList {
  enterprises: EnterpriseRiskSummary[];
  classCounts: { registered: Record<string, number>; suggested: Record<string, number> };
}

async function enterprises(url: string, auth: Record<string, string>): Promise<EnterpriseList> {
  const res = await fetch(`${url}/api/enterprises`, { headers: auth });
  expect(res.status).toBe(200);
  return (await res.json()) as EnterpriseList;
}

/** Polls the list until `done` holds of it; the last list read is in the failure message. */
async function listUntil(url: string, auth: Record<string, string>, done: (list: EnterpriseList) => boolean, what: string, timeoutMs = 60_000): Promise<EnterpriseList> {
  const deadline = Date.now() + timeoutMs;
  let last: EnterpriseList | null = null;
  for (;;) {
    last = await enterprises(url, auth);
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the dashboard listed: ${JSON.stringify(last.enterprises.map((e) => [e.id, e.level, e.score]))}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** GET /api/findings: the regulator's feed as this user may see it. */
async function findings(url: string, auth: Record<string, string>, query = ''): Promise<Finding[]> {
  const res = await fetch(`${url}/api/findings${query}`, { headers: auth });
  expect(res.status).toBe(200);
  return ((await res.json()) as { findings: Finding[] }).findings;
}

/** Polls the open findings until `done` holds of them; the last read is in the failure message. */
async function openFindingsUntil(url: string, auth: Record<string, string>, done: (open: Finding[]) => boolean, what: string, timeoutMs = 60_000): Promise<Finding[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await findings(url, auth, '?status=open');
    if (done(open)) return open;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the dashboard listed: ${JSON.stringify(open.map((f) => [f.enterprise, f.kind, f.line]))}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const isOffCentre = (f: Finding, enterprise: Enterprise) => f.enterprise === enterprise && f.kind === 'off-centre' && f.line === 'L1' && f.characteristic === 'insulation_thickness';

const ELEVATED = ['medium', 'high', 'critical'];
const byId = (list: EnterpriseList, id: Enterprise) => list.enterprises.find((e) => e.id === id);

describe('the compose layout (broker, analytics, dashboard as separate processes on a shared InfluxDB)', () => {
  let broker: ServiceProcess;
  let analytics: ServiceProcess;
  let dashboard: { process: ServiceProcess; url: string };

  it('shows a regulator the enterprises ranked by risk, the elevated one first', async () => {
    broker = await startBroker();
    analytics = await startAnalytics();
    dashboard = await startDashboard();
    await Promise.all([replay('saver'), replay('steady')]);

    const auth = await login(dashboard.url, 'regulator', PASSWORDS.regulator);
    const shown = await listUntil(
      dashboard.url,
      auth,
      (l) => ELEVATED.includes(byId(l, 'saver')?.level ?? '') && byId(l, 'steady')?.level === 'low',
      'the saver at an elevated level and the steady one low',
    );
    expect(shown.enterprises.map((e) => e.id)).toEqual(['saver', 'steady']);
    const saver = byId(shown, 'saver')!;
    expect(saver.score).toBeGreaterThan(byId(shown, 'steady')!.score);
    expect(saver.topContributors[0]).toMatchObject({ line: 'L1', characteristic: 'insulation_thickness', diagnosis: 'off-centre' });
    expect(shown.classCounts.registered).toEqual({ A: 0, B: 2, C: 0 });
  }, 180_000);

  it('shows a regulator the open finding of the off-centre enterprise, and none for the line in control', async () => {
    const auth = await login(dashboard.url, 'regulator', PASSWORDS.regulator);
    const open = await openFindingsUntil(dashboard.url, auth, (o) => o.some((f) => isOffCentre(f, 'saver')), "the saver's off-centre finding");
    expect(open.filter((f) => isOffCentre(f, 'saver'))).toEqual([expect.objectContaining({ status: 'open', closedAt: null, severity: expect.any(String) })]);
    expect(open.filter((f) => f.enterprise === 'steady' && f.line === 'L1')).toEqual([]);
  }, 90_000);

  it('shows an enterprise user only its own enterprise', async () => {
    const auth = await login(dashboard.url, 'saver-quality', PASSWORDS.saverQuality);
    const own = await enterprises(dashboard.url, auth);
    expect(own.enterprises.map((e) => e.id)).toEqual(['saver']);
    const feed = await findings(dashboard.url, auth);
    expect(feed.length).toBeGreaterThan(0);
    expect(feed.every((f) => f.enterprise === 'saver')).toBe(true);
  });

  it('has no per-series breakdown route: the breakdown lives only in the analytics process', async () => {
    const auth = await login(dashboard.url, 'regulator', PASSWORDS.regulator);
    const res = await fetch(`${dashboard.url}/api/enterprises/saver/risk`, { headers: auth });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toEqual({ code: 'LW_HTTP_NOT_FOUND', message: 'no route GET /api/enterprises/saver/risk' });
  });

  it('restores the same risk and open findings from the store after a restart, with analytics gone and the broker emptied', async () => {
    // Analytics stores every change of level, so the newest stored assessments carry the levels last shown.
    expect(await analytics.terminate()).toBe(0);
    expect(await dashboard.process.terminate()).toBe(0);
    // A fresh broker keeps no retained message and no session: only the store can give the risk back.
    expect(await broker.terminate()).toBe(0);
    broker = await startBroker();

    const store = await openStore({ kind: 'influxdb', url: influx.url, database: influx.database });
    const newestStored = new Map<string, EnterpriseRiskSummary>();
    const storedFindings = new Map<string, Finding>();
    try {
      for (const id of Object.keys(LINES)) {
        const events = (await store.readEvents({ enterprise: id, id: riskEventId(id) })).filter((e) => e.kind === RISK_EVENT_KIND);
        expect(events.length, `stored assessments of ${id}`).toBeGreaterThan(0);
        newestStored.set(id, events.at(-1)!.data!.summary as unknown as EnterpriseRiskSummary);
      }
      // The findings as analytics stored them: the newest state of each.
      for await (const records of storedEventPages(store, { kinds: [FINDING_EVENT_KIND] })) {
        for (const record of records) {
          const decoded = decodeFindingRecord(record);
          expect(decoded.ok, JSON.stringify(decoded)).toBe(true);
          if (decoded.ok) storedFindings.set(decoded.value.finding.id, decoded.value.finding);
        }
      }
    } finally {
      await store.close();
    }
    const storedOpen = [...storedFindings.values()].filter((f) => f.status === 'open');
    expect(
      storedOpen.some((f) => isOffCentre(f, 'saver')),
      'a stored open off-centre finding',
    ).toBe(true);

    dashboard = await startDashboard();
    const auth = await login(dashboard.url, 'regulator', PASSWORDS.regulator);
    const restored = await enterprises(dashboard.url, auth);
    expect(restored.enterprises.map((e) => e.id)).toEqual(['saver', 'steady']);
    for (const e of restored.enterprises) expect(e, e.id).toEqual(newestStored.get(e.id));
    expect(ELEVATED).toContain(byId(restored, 'saver')!.level);
    expect(byId(restored, 'steady')!.level).toBe('low');
    // The regulator's feed survives too: the open findings are exactly the stored open ones.
    const restoredOpen = await findings(dashboard.url, auth, '?status=open');
    expect(restoredOpen.map((f) => f.id).sort()).toEqual(storedOpen.map((f) => f.id).sort());
    for (const f of restoredOpen) expect(f, f.id).toEqual(storedFindings.get(f.id));
  }, 120_000);

  it('follows live assessments again once analytics is back', async () => {
    const auth = await login(dashboard.url, 'regulator', PASSWORDS.regulator);
    const before = await enterprises(dashboard.url, auth);
    const restoredAt = Math.max(...before.enterprises.map((e) => e.at));
    analytics = await startAnalytics();
    const live = await listUntil(dashboard.url, auth, (l) => l.enterprises.length === 2 && l.enterprises.every((e) => e.at > restoredAt), 'assessments newer than the restored ones');
    expect(ELEVATED).toContain(byId(live, 'saver')!.level);
    expect(byId(live, 'steady')!.level).toBe('low');
  }, 120_000);
});
