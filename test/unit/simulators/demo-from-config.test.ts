import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../../config/load.js';
import type { LinewatchConfig } from '../../../config/resolve.js';
import { CHARACTERISTICS } from '../../../domain/characteristics.js';
import { demoPlanFromConfig, type DemoRole } from '../../../simulators/demo-from-config.js';
import { Fleet } from '../../../simulators/fleet.js';
import { capabilityIndices } from '../../../spc/capability.js';
import { D2_MOVING_RANGE } from '../../../spc/constants.js';
import { RunningStats } from '../../../spc/running-stats.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { SeriesWatch } from '../../../monitor/series-watch.js';
import type { Alert, AlertEvent } from '../../../monitor/alert.js';

const DEMO_CONFIG = 'config/demo.json';
/** The yardstick: ten minutes of the demo. */
const MINUTES = 10;
const SERIES_PROBLEMS = ['off-centre', 'drift', 'variance', 'step'];

interface Trace {
  t: number[]; // ms since the start, of the readings the analytics service would accept
  x: number[];
  /** Episodes raised on the series, as they were when raised. */
  raised: Alert[];
  rejected: number;
}

/**
 * The fleet's first minutes, every series through its own live monitor
 * (SeriesWatch) with the configuration's options, as the analytics service
 * runs them: only readings that pass validation (a number, in the plausible
 * range) reach it.
 */
function run(config: LinewatchConfig, fleet: Fleet): Trace[] {
  const book = new EpisodeBook();
  const watches = fleet.series.map((s) => new SeriesWatch({ enterprise: s.enterprise, line: s.line, characteristic: s.characteristic }, s.spec, config.live.optionsFor(s.characteristic)));
  const traces: Trace[] = fleet.series.map(() => ({ t: [], x: [], raised: [], rejected: 0 }));
  const start = fleet.plan.startEpochMs;
  const events: AlertEvent[] = [];
  for (let t = 100; t <= MINUTES * 60_000; t += 100) {
    fleet.tick(t, (i, ts, value) => {
      const { plausible } = CHARACTERISTICS[fleet.series[i].characteristic];
      if (value === null || !(value >= plausible.min && value <= plausible.max)) {
        traces[i].rejected++;
        return;
      }
      traces[i].t.push(ts - start);
      traces[i].x.push(value);
      watches[i].push(ts, value, book, ts, events);
      for (const e of events) if (e.kind === 'raised') traces[i].raised.push(e.alert);
      events.length = 0;
    });
  }
  return traces;
}

function cpk(xs: readonly number[], spec: { lsl: number | null; usl: number | null }): number {
  const stats = new RunningStats();
  for (const x of xs) stats.push(x);
  const c = capabilityIndices(stats.mean, stats.mrBar / D2_MOVING_RANGE, stats.sd, spec).cpk;
  if (c === null) throw new Error('no Cpk');
  return c;
}

/** The configured series, straight from the file's structure. */
function configuredSeries(config: LinewatchConfig): { key: string; product: string; lsl: number | null; usl: number | null; target: number | null }[] {
  return config.enterprises.flatMap((e) =>
    e.lines.flatMap((l) => {
      const product = config.products.find((p) => p.id === l.product);
      return Object.entries(product?.characteristics ?? {}).map(([c, limits]) => ({
        key: `${e.id}/${l.id}/${c}`,
        product: l.product,
        lsl: limits?.lsl ?? null,
        usl: limits?.usl ?? null,
        target: limits?.nominal ?? null,
      }));
    }),
  );
}

const seriesOf = (fleet: Fleet, r: DemoRole) => fleet.indexOf(r.enterprise, r.line as string, r.characteristic as string);

describe('the demo fleet of config/demo.json', async () => {
  const config = await loadConfig(DEMO_CONFIG);
  const demo = demoPlanFromConfig(config);
  const fleet = new Fleet(demo.plan);
  const traces = run(config, fleet);
  const problemRoles = demo.roles.filter((r) => SERIES_PROBLEMS.includes(r.profile));
  const problemSeries = new Set(problemRoles.map((r) => seriesOf(fleet, r)));
  const PHASE_ONE_MS = config.live.defaults.baselineMinutes * 60_000;

  it('simulates every configured series, under its configured ids, product and spec, and nothing else', () => {
    const expected = configuredSeries(config);
    expect(demo.unsimulated).toEqual([]);
    expect(fleet.series.map((s) => ({ key: s.key, product: s.product, lsl: s.spec.lsl, usl: s.spec.usl, target: s.spec.target }))).toEqual(expected);
    expect(demo.plan.enterprises.map((e) => [e.id, e.name])).toEqual(config.enterprises.map((e) => [e.id, e.name]));
    expect(new Set(fleet.series.map((s) => s.rateHz))).toEqual(new Set([10]));
  });

  it('sends each series through a gateway of its enterprise that may report its line', () => {
    expect(fleet.gateways.map((g) => [g.id, g.enterprise]).sort()).toEqual(config.gateways.map((g) => [g.id, g.enterprise]).sort());
    for (const s of fleet.series) {
      const gateway = config.gateways.find((g) => g.id === fleet.gateways[s.gateway].id);
      expect(gateway?.enterprise).toBe(s.enterprise);
      if (gateway?.lines !== undefined) expect(gateway.lines).toContain(s.line);
    }
    // A line a gateway lists goes to that gateway, not to the enterprise's first.
    for (const g of config.gateways.filter((gw) => gw.lines !== undefined)) {
      for (const line of g.lines ?? []) {
        const carried = fleet.series.filter((s) => s.enterprise === g.enterprise && s.line === line);
        expect(carried.length).toBeGreaterThan(0);
        for (const s of carried) expect(fleet.gateways[s.gateway].id).toBe(g.id);
      }
    }
  });

  it('gives the enterprises their roles in the documented order, each problem 10 to 20 s after Phase I', () => {
    const table = demo.roles.map((r) => [r.enterprise, r.profile, r.line, r.characteristic, r.gateway]);
    expect(table).toEqual([
      ['hengyuan', 'off-centre', 'L1', 'insulation_thickness', null],
      ['jinxing', 'drift', 'L1', 'conductor_resistance', null],
      ['huatong', 'flaky-gateway', 'L1', 'conductor_diameter', 'huatong-gw1'],
      ['dongsheng', 'variance', 'L2', 'sheath_thickness', null],
      ['xinhai', 'step', 'L1', 'conductor_diameter', null],
      ['ruifeng', 'in-control', null, null, null],
      ['taihe', 'in-control', null, null, null],
      ['yongxin', 'in-control', null, null, null],
    ]);
    expect(demo.plan.enterprises.map((e) => e.profile)).toEqual(demo.roles.map((r) => r.profile));
    for (const r of demo.roles) {
      if (r.profile === 'in-control') expect(r.startsAtMs).toBeNull();
      else expect(r.startsAtMs).toBeGreaterThanOrEqual(PHASE_ONE_MS + 10_000);
      if (r.profile !== 'in-control') expect(r.startsAtMs).toBeLessThanOrEqual(PHASE_ONE_MS + 20_000);
      expect(r.story.length).toBeGreaterThan(10);
    }
    // Only the role's series carries scenarios: the rest of the fleet is in control.
    const withScenarios = demo.plan.enterprises.flatMap((e) => e.lines.flatMap((l) => l.series.filter((s) => (s.model.scenarios ?? []).length > 0).map((s) => `${e.id}/${l.id}/${s.characteristic}`)));
    expect(withScenarios.sort()).toEqual(
      demo.roles
        .filter((r) => r.line !== null)
        .map((r) => `${r.enterprise}/${r.line}/${r.characteristic}`)
        .sort(),
    );
  });

  it.each(problemRoles.map((r) => [r.profile, r] as const))('%s: raises one episode on its series, within a minute of its start, and it stays open', (_, r) => {
    const trace = traces[seriesOf(fleet, r)];
    const start = (r.startsAtMs as number) + fleet.plan.startEpochMs;
    expect(trace.raised).toHaveLength(1);
    const episode = trace.raised[0];
    expect(episode.firstSampleTs).toBeGreaterThanOrEqual(start);
    expect(episode.firstSampleTs - start).toBeLessThanOrEqual(60_000);
  });

  it("raises no episode on any healthy series in ten minutes (the flaky gateway's lines included)", () => {
    const healthy = fleet.series.filter((s) => !problemSeries.has(s.index));
    expect(healthy.length).toBe(fleet.series.length - problemRoles.length);
    const raised = healthy.flatMap((s) => traces[s.index].raised.map((a) => `${s.key} ${a.rules.map((x) => x.rule).join('+')}`));
    expect(raised).toEqual([]);
  });

  it('cuts material capably-looking but incapable: Cpk under 1, while in-control series are above 1.33', () => {
    const cut = demo.roles.find((r) => r.profile === 'off-centre') as DemoRole;
    const i = seriesOf(fleet, cut);
    const trace = traces[i];
    const after = trace.x.filter((_, j) => trace.t[j] >= (cut.startsAtMs as number) + 1_000);
    expect(cpk(after, fleet.series[i].spec)).toBeLessThan(1);
    const inControl = new Set(demo.roles.filter((r) => r.profile === 'in-control').map((r) => r.enterprise));
    const honest = fleet.series.filter((s) => inControl.has(s.enterprise));
    expect(honest.length).toBeGreaterThan(0);
    for (const s of honest) expect(cpk(traces[s.index].x, s.spec)).toBeGreaterThan(1.33);
  });

  it('drops the flaky gateway out at its start and again later, with a few bad values; no other gateway drops out', () => {
    const flaky = demo.roles.find((r) => r.profile === 'flaky-gateway') as DemoRole;
    const start = flaky.startsAtMs as number;
    for (const g of fleet.gateways) {
      const outages = g.model.offline(0, 10 * 60_000);
      if (g.id !== flaky.gateway) {
        expect(outages).toEqual([]);
        continue;
      }
      expect(g.model.isOnline(start - 1)).toBe(true);
      expect(g.model.isOnline(start)).toBe(false);
      expect(outages.length).toBeGreaterThan(1);
    }
    const bad = traces[seriesOf(fleet, flaky)];
    expect(bad.rejected).toBeGreaterThan(0);
    expect(bad.rejected).toBeLessThan(0.05 * (MINUTES * 600));
    expect(traces.filter((t) => t.rejected > 0)).toHaveLength(1);
  });
});

describe('the demo fleet of other configurations', async () => {
  const demoJson = JSON.parse(readFileSync(DEMO_CONFIG, 'utf8'));

  /** config/demo.json cut down to these enterprises (in this order), with their gateways and users. */
  function subset(ids: string[], edit: (json: typeof demoJson) => void = () => {}): LinewatchConfig {
    const json = structuredClone(demoJson);
    json.enterprises = ids.map((id) => json.enterprises.find((e: { id: string }) => e.id === id));
    json.gateways = json.gateways.filter((g: { enterprise: string }) => ids.includes(g.enterprise));
    json.users = json.users.filter((u: { enterprise?: string }) => u.enterprise === undefined || ids.includes(u.enterprise));
    // Inspectors' conflicts name enterprises, so they are cut down too.
    for (const inspector of json.supervision?.inspectors ?? []) inspector.conflicts = (inspector.conflicts ?? []).filter((id: string) => ids.includes(id));
    edit(json);
    return parseConfig(JSON.stringify(json), 'subset.json', process.cwd());
  }

  it('gives two enterprises the first two roles, in their configuration order', () => {
    const demo = demoPlanFromConfig(subset(['yongxin', 'ruifeng']));
    expect(demo.roles.map((r) => [r.enterprise, r.profile, r.line, r.characteristic])).toEqual([
      ['yongxin', 'off-centre', 'L1', 'insulation_thickness'],
      ['ruifeng', 'drift', 'L1', 'conductor_resistance'],
    ]);
    expect(() => new Fleet(demo.plan)).not.toThrow();
  });

  it('puts a role on another characteristic where the preferred one is not measured', () => {
    // ruifeng makes only BVV-2x1.5, which has no conductor_diameter spec: the step goes to resistance.
    const demo = demoPlanFromConfig(subset(['taihe', 'yongxin', 'huatong', 'xinhai', 'ruifeng']));
    expect(demo.roles[4]).toMatchObject({ enterprise: 'ruifeng', profile: 'step', characteristic: 'conductor_resistance' });
    // xinhai makes no sheathed product: its variance goes to the insulation.
    expect(demo.roles[3]).toMatchObject({ enterprise: 'xinhai', profile: 'variance', characteristic: 'insulation_thickness' });
  });

  it("starts the problems after the live monitor's Phase I, the longest of any characteristic, at any rate", () => {
    const config = subset(['hengyuan', 'jinxing'], (json) => (json.live = { baselineMinutes: 3, byCharacteristic: { conductor_resistance: { baselineMinutes: 5 } } }));
    const demo = demoPlanFromConfig(config, { rateHz: 2 });
    for (const r of demo.roles) expect(r.startsAtMs).toBeGreaterThan(5 * 60_000);
    expect(new Set(new Fleet(demo.plan).series.map((s) => s.rateHz))).toEqual(new Set([2]));
  });

  it('leaves out, and names, the lines no gateway may report', () => {
    const config = subset(['hengyuan', 'jinxing'], (json) => {
      // hengyuan's second gateway, the only one for L3, is gone; the first reports L1 and L2 only.
      json.gateways = json.gateways.filter((g: { id: string }) => g.id !== 'hengyuan-gw2');
    });
    const demo = demoPlanFromConfig(config);
    const fleet = new Fleet(demo.plan);
    expect(fleet.series.some((s) => s.enterprise === 'hengyuan' && s.line === 'L3')).toBe(false);
    const l3 = configuredSeries(config).filter((s) => s.key.startsWith('hengyuan/L3/'));
    expect(demo.unsimulated.map((u) => u.key)).toEqual(l3.map((s) => s.key));
    expect(demo.unsimulated[0].reason).toMatch(/no gateway of 'hengyuan' may report line 'L3'/);
  });
});
