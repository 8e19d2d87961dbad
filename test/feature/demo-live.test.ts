import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import { createLogger } from '../../ops/logger.js';
import { demoPlanFromConfig, type DemoFleet } from '../../simulators/demo-from-config.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';

/**
 * The demo as `npm start` runs it, in real time, through the whole stack
 * (simulated gateways, the embedded broker, the store, analytics): each
 * simulated problem raises one episode on its own series, the healthy
 * series raise none, and the regulator's feed shows the enterprise
 * findings. The Phase I is one minute instead of the demo's two, and a
 * finding opens after 10 s instead of 60, so the test takes about three
 * minutes instead of ten.
 */
const PHASE_ONE_MINUTES = 1;
/** How long after the last problem starts the test looks: the slowest (the drift) needs about a minute. */
const SETTLE_MS = 75_000;

let dir: string;
let stack: EmbeddedStack;
let demo: DemoFleet;

function demoConfig(dataDir: string): LinewatchConfig {
  const json = JSON.parse(readFileSync('config/demo.json', 'utf8'));
  json.live = { ...json.live, baselineMinutes: PHASE_ONE_MINUTES };
  json.risk = { ...json.risk, findingSustainSeconds: 10, levelSustainSeconds: 30 };
  json.store = { kind: 'embedded', dataDir };
  // The file is rebased on the data folder; its seed records stay the repository's.
  json.supervision = { ...json.supervision, seedRecords: resolve('config', json.supervision.seedRecords) };
  json.mqtt = { listen: { port: 0, host: '127.0.0.1' } };
  return parseConfig(JSON.stringify(json), 'demo-live.json', dataDir);
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-demo-live-'));
  const config = demoConfig(join(dir, 'data'));
  demo = demoPlanFromConfig(config, { startEpochMs: Date.now() });
  stack = await startEmbeddedStack({ config, demoPlan: demo.plan, httpPort: 0, mqttPort: 0, log: createLogger('demo-live', 'silent') });
  const lastStart = Math.max(...demo.roles.map((r) => r.startsAtMs ?? 0));
  await new Promise((r) => setTimeout(r, lastStart + SETTLE_MS));
  await stack.analytics.drain();
}, 300_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the live demo through the whole stack', () => {
  it('raises one episode on each simulated problem, on its series, and none on the healthy series', () => {
    const episodes = stack.analytics.alerts.list();
    const key = (e: { enterprise: string; line: string | null; characteristic: string | null }) => `${e.enterprise}/${e.line}/${e.characteristic}`;
    const problems = demo.roles.filter((r) => r.line !== null && r.profile !== 'flaky-gateway');
    expect(problems.length).toBe(4);
    for (const p of problems) {
      const on = episodes.filter((e) => key(e) === key(p));
      expect(
        on.map((e) => e.rules.map((r) => r.rule)),
        `${key(p)} (${p.profile})`,
      ).toHaveLength(1);
      expect(on[0].firstSampleTs).toBeGreaterThanOrEqual(demo.plan.startEpochMs + (p.startsAtMs as number));
    }
    const problemKeys = new Set(problems.map(key));
    const elsewhere = episodes.filter((e) => !problemKeys.has(key(e))).map((e) => `${key(e)} ${e.rules.map((r) => r.rule).join('+')}`);
    expect(elsewhere).toEqual([]);
  });

  it('shows the regulator the findings: the cut insulation, the drift and the silent gateway, each on the right enterprise', () => {
    const findings = stack.analytics.findings.list();
    const of = (enterprise: string) => findings.filter((f) => f.enterprise === enterprise).map((f) => f.kind);
    const role = (profile: string) => demo.roles.find((r) => r.profile === profile)!;
    expect(of(role('off-centre').enterprise)).toContain('off-centre');
    expect(of(role('drift').enterprise)).toContain('drift');
    const silent = findings.find((f) => f.kind === 'silent-gateway');
    expect(silent).toMatchObject({ enterprise: role('flaky-gateway').enterprise, gateway: role('flaky-gateway').gateway });
    // The enterprises that stay in control are not in the feed at all.
    for (const r of demo.roles.filter((x) => x.profile === 'in-control')) expect(of(r.enterprise), r.enterprise).toEqual([]);
  });

  it('shows the demo register: the C maker with the record that makes it C, on the real register of the stack', async () => {
    const dongsheng = await stack.supervision.classOf('dongsheng');
    expect(dongsheng.registered?.class).toBe('C');
    expect(dongsheng.suggestion.suggested).toBe('C');
    expect(dongsheng.suggestion.conditions.filter((c) => c.status === 'failed').flatMap((c) => c.records)).toContain('demo-dongsheng-sc-2026');
    const page = await stack.app.inject({ method: 'GET', url: '/api/public/spot-checks' });
    expect(page.statusCode).toBe(200);
    expect((page.json() as { spotChecks: { enterprise: string }[] }).spotChecks.map((s) => s.enterprise).sort()).toEqual(['dongsheng', 'hengyuan']);
  });
});
