import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { connectGateway } from '../../gateway/index.js';
import { MemoryOutbox } from '../../gateway/outbox/memory-outbox.js';
import { replayCsv } from '../../gateway/replay.js';
import { createLogger } from '../../ops/logger.js';
import { hashPassword } from '../../security/password.js';
import { SeededRandom } from '../../simulators/random.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';

/**
 * A small fleet replayed through the whole pipeline, as the hidden fleets of
 * issue 6 are: one enterprise in control, one whose conductor resistance
 * drifts toward its maximum, one whose sheath grows unstable, and one that
 * saves material (insulation stable but held just above its minimum). The
 * live risk model must rank the in-control one last, and name each problem
 * on the right characteristic.
 */
const log = createLogger('risk-fleet', 'silent');
const PERIOD_MS = 500; // 2 Hz keeps the test quick; 30 minutes of data per series
const N = 3600;
const START = Date.UTC(2026, 0, 5, 8, 0, 0);
const CHARS = {
  conductor_resistance: { mean: 11.74, sd: 0.07 },
  insulation_thickness: { mean: 0.74, sd: 0.035 },
  sheath_thickness: { mean: 1.26, sd: 0.06 },
} as const;

type Problem = (i: number, c: keyof typeof CHARS) => { mean: number; sd: number };
const PROBLEMS: Record<string, Problem> = {
  steady: (_i, c) => CHARS[c],
  drifter: (i, c) => (c === 'conductor_resistance' && i > 600 ? { mean: 11.74 + 0.4 * ((i - 600) / 3000), sd: 0.07 } : CHARS[c]),
  shaky: (i, c) => (c === 'sheath_thickness' && i > 1200 ? { mean: 1.26, sd: 0.06 * 2.5 } : CHARS[c]),
  saver: (_i, c) => (c === 'insulation_thickness' ? { mean: 0.575, sd: 0.012 } : CHARS[c]),
};

let dir: string;
let stack: EmbeddedStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-risk-fleet-'));
  const hash = await hashPassword('pw', { N: 1024 });
  const ids = Object.keys(PROBLEMS);
  const json = {
    version: 1,
    enterprises: ids.map((id) => ({ id, name: id, class: 'B', lastInspection: '2025-11-01', lines: [{ id: 'L1', product: 'BVV' }] })),
    products: [
      { id: 'BVV', name: 'BVV 2x1.5', characteristics: { conductor_resistance: { usl: 12.1 }, insulation_thickness: { lsl: 0.53, nominal: 0.7 }, sheath_thickness: { lsl: 0.92, nominal: 1.2 } } },
    ],
    gateways: ids.map((id) => ({ id: `${id}-gw`, enterprise: id, passwordHash: hash })),
    services: [],
    users: [
      { id: 'regulator', role: 'regulator', passwordHash: hash },
      { id: 'saver-quality', role: 'enterprise', enterprise: 'saver', passwordHash: hash },
    ],
    http: { tokenSecret: 'risk-fleet-test-secret-of-32-characters-at-least' },
    spc: { baseline: 200 },
    // The live monitor's Phase I within the first five minutes, before any problem starts.
    live: { baselineMinutes: 5 },
    // A replay takes seconds of wall clock: findings open at the first assessment that sees their condition.
    risk: { findingSustainSeconds: 0, levelSustainSeconds: 0 },
    store: { kind: 'embedded', dataDir: join(dir, 'data') },
    mqtt: { listen: { port: 0 } },
  };
  stack = await startEmbeddedStack({ config: parseConfig(JSON.stringify(json), 'fleet.json', dir), httpPort: 0, mqttPort: 0, log });
  const rng = new SeededRandom(99);
  for (const [id, problem] of Object.entries(PROBLEMS)) {
    const rows = ['ts,enterprise,line,characteristic,value'];
    for (let i = 0; i < N; i++) {
      for (const c of Object.keys(CHARS) as Array<keyof typeof CHARS>) {
        const { mean, sd } = problem(i, c);
        rows.push(`${new Date(START + i * PERIOD_MS).toISOString()},${id},L1,${c},${(mean + sd * rng.normal()).toFixed(5)}`);
      }
    }
    const file = join(dir, `${id}.csv`);
    writeFileSync(file, `${rows.join('\n')}\n`);
    const gateway = connectGateway({ mqttUrl: stack.mqttUrl, enterprise: id, gateway: `${id}-gw`, password: 'pw', maxBatchPoints: 500, catchUp: 'in-order' }, { outbox: new MemoryOutbox(), log });
    gateway.start();
    await replayCsv(file, gateway, { rate: 0, enterprise: id });
    const deadline = Date.now() + 30_000;
    while (gateway.stats().outbox.batches > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await gateway.stop(0);
  }
  await stack.analytics.drain();
  await stack.analytics.assessRisk(true);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the live risk model on a replayed fleet', () => {
  it('ranks the in-control enterprise last, the problem ones above it', () => {
    const ranked = stack.analytics.riskDirectory.list().map((e) => e.id);
    expect(ranked).toHaveLength(4);
    expect(ranked[3]).toBe('steady');
    const steady = stack.analytics.riskDirectory.list()[3];
    expect(steady.level).toBe('low');
  });

  it.each([
    ['drifter', 'conductor_resistance', 'drifting'],
    ['shaky', 'sheath_thickness', 'unstable'],
    ['saver', 'insulation_thickness', 'off-centre'],
  ])('%s: diagnoses %s as %s and names it the top contributor', (id, characteristic, diagnosis) => {
    const detail = stack.analytics.riskDirectory.detail(id)!;
    const series = detail.series.find((s) => s.characteristic === characteristic)!;
    expect(series.diagnosis).toBe(diagnosis);
    expect(detail.series[0].characteristic).toBe(characteristic);
    for (const other of detail.series.filter((s) => s.characteristic !== characteristic)) expect(other.diagnosis, `${id} ${other.characteristic}`).toBe('in control');
    const summary = stack.analytics.riskDirectory.list().find((e) => e.id === id)!;
    expect(summary.topContributors[0]).toMatchObject({ characteristic, diagnosis });
    expect(['medium', 'high', 'critical']).toContain(summary.level);
  });

  it("opens the regulator's findings on the right series: a drift on the drifter, off-centre on the saver, none on the steady one", () => {
    const open = stack.analytics.findings.list({ status: 'open' });
    const where = (id: string) => open.filter((f) => f.enterprise === id).map((f) => [f.kind, f.characteristic]);
    expect(where('drifter')).toContainEqual(['drift', 'conductor_resistance']);
    expect(where('saver')).toContainEqual(['off-centre', 'insulation_thickness']);
    expect(where('steady')).toEqual([]);
    const drift = open.find((f) => f.enterprise === 'drifter' && f.kind === 'drift')!;
    expect(drift.summary).toMatch(/conductor resistance/);
    expect(drift.evidence.hoursToLimit).toEqual(expect.any(Number));
  });

  it('keeps every suggested class at the registered B: half an hour of sample time has not held a class a day', () => {
    for (const e of stack.analytics.riskDirectory.list()) expect(e.suggestedClass, e.id).toBe('B');
    const saver = stack.analytics.riskDirectory.detail('saver')!;
    expect(saver.sampleTime).toBe(START + (N - 1) * PERIOD_MS);
    // From the middle of B (37.5), moved by half an hour of production at a six-hour half-life at most: however the
    // replay's assessments fell in wall-clock time, 1 - 2^(-0.5/6) of the farthest a score can be (62.5).
    expect(saver.smoothedScore).not.toBe(37.5);
    expect(Math.abs(saver.smoothedScore! - 37.5)).toBeLessThanOrEqual(62.5 * (1 - 2 ** (-0.5 / 6)) + 1e-9);
    const evidence = stack.analytics.riskDirectory.dailyEvidence('saver', '2026-01-05', '2026-01-05')!;
    expect(evidence.series.map((d) => [d.characteristic, d.n]).sort()).toEqual([
      ['conductor_resistance', N],
      ['insulation_thickness', N],
      ['sheath_thickness', N],
    ]);
  });

  it('finds every series of the in-control enterprise in control', () => {
    for (const s of stack.analytics.riskDirectory.detail('steady')!.series) expect(s.diagnosis, s.characteristic).toBe('in control');
  });
});

describe('the risk model over HTTP', () => {
  async function login(username: string): Promise<string> {
    const r = await stack.app.inject({ method: 'POST', url: '/api/login', payload: { username, password: 'pw' } });
    expect(r.statusCode).toBe(200);
    return r.json().token;
  }

  it('ranks every enterprise for a regulator, riskiest first, with class counts', async () => {
    const token = await login('regulator');
    const r = await stack.app.inject({ url: '/api/enterprises', headers: { authorization: `Bearer ${token}` } });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    const scores = body.enterprises.map((e: { score: number }) => e.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(body.enterprises.at(-1).id).toBe('steady');
    expect(body.classCounts.registered).toEqual({ A: 0, B: 4, C: 0 });
    const detail = await stack.app.inject({ url: '/api/enterprises/drifter/risk', headers: { authorization: `Bearer ${token}` } });
    expect(detail.json().series[0]).toMatchObject({ characteristic: 'conductor_resistance', diagnosis: 'drifting' });
  });

  it('shows an enterprise user its own enterprise only, and refuses another breakdown', async () => {
    const token = await login('saver-quality');
    const list = await stack.app.inject({ url: '/api/enterprises', headers: { authorization: `Bearer ${token}` } });
    expect(list.json().enterprises.map((e: { id: string }) => e.id)).toEqual(['saver']);
    const own = await stack.app.inject({ url: '/api/enterprises/saver/risk', headers: { authorization: `Bearer ${token}` } });
    expect(own.statusCode).toBe(200);
    const other = await stack.app.inject({ url: '/api/enterprises/drifter/risk', headers: { authorization: `Bearer ${token}` } });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('LW_HTTP_FORBIDDEN');
  });

  it('needs a token', async () => {
    expect((await stack.app.inject({ url: '/api/enterprises' })).statusCode).toBe(401);
  });
});
