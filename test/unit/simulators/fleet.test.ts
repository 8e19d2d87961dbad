import { describe, expect, it } from 'vitest';
import { ID_PATTERN_SOURCE } from '../../../protocol/ids.js';
import { DEFAULT_MIX, DEFAULT_SEVERITY, planFleet, PROBLEMS, PROFILE_NAMES, FleetDescriptionError } from '../../../simulators/fleet-description.js';
import { FleetPlanError, type FleetPlan } from '../../../simulators/fleet-plan.js';
import { Fleet } from '../../../simulators/fleet.js';
import { LineModel } from '../../../simulators/line-model.js';
import { BVV_2X1_5, savingLimit } from '../../../simulators/products.js';

const ID = new RegExp(ID_PATTERN_SOURCE);

/** Every reading of every series up to tMs, per series, ticking every stepMs. */
function collect(fleet: Fleet, tMs: number, stepMs: number): { ts: number[]; v: (number | null)[] }[] {
  const out = fleet.series.map(() => ({ ts: [] as number[], v: [] as (number | null)[] }));
  for (let t = stepMs; ; t += stepMs) {
    fleet.tick(Math.min(t, tMs), (i, ts, v) => {
      out[i].ts.push(ts);
      out[i].v.push(v);
    });
    if (t >= tMs) break;
  }
  return out;
}

describe('planFleet: a county from a compact description', () => {
  const plan = planFleet({ seed: 7, enterprises: 1050 });

  it('has 1,050 enterprises x 3 lines x 4 characteristics with valid, unique ids', () => {
    expect(plan.enterprises).toHaveLength(1050);
    const fleet = new Fleet(plan);
    expect(fleet.series).toHaveLength(12_600);
    expect(new Set(fleet.series.map((s) => s.key)).size).toBe(12_600);
    const badIds = [...fleet.series.flatMap((s) => [s.enterprise, s.line]), ...fleet.gateways.map((g) => g.id)].filter((id) => !ID.test(id));
    expect(badIds).toEqual([]);
    expect(new Set(fleet.series.map((s) => s.rateHz))).toEqual(new Set([10]));
    expect(plan.enterprises[0].id).toBe('ent-0001');
    expect(plan.enterprises[0].lines.map((l) => l.id)).toEqual(['line-1', 'line-2', 'line-3']);
  });

  it('honours the mix fractions to the nearest enterprise', () => {
    for (const p of PROBLEMS) {
      const count = plan.enterprises.filter((e) => e.profile === PROFILE_NAMES[p]).length;
      expect(Math.abs(count - DEFAULT_MIX[p] * 1050)).toBeLessThan(1);
    }
    const problems = PROBLEMS.reduce((sum, p) => sum + DEFAULT_MIX[p], 0);
    expect(Math.abs(plan.enterprises.filter((e) => e.profile === 'in-control').length - (1 - problems) * 1050)).toBeLessThan(1);
  });

  it('puts a process problem on exactly one series, toward the material-saving limit', () => {
    for (const e of plan.enterprises) {
      const hit = e.lines.flatMap((l) => l.series).filter((s) => (s.model.scenarios ?? []).length > 0);
      const gatewayProblem = e.profile === 'flaky-gateway' || e.profile === 'gateway-outage';
      expect(hit).toHaveLength(e.profile === 'in-control' || gatewayProblem ? 0 : 1);
      expect(e.gateway.flaky !== undefined || e.gateway.outages !== undefined).toBe(gatewayProblem);
      if (e.profile !== 'drift') continue;
      const series = hit[0];
      const defaults = BVV_2X1_5.characteristics.find((c) => c.characteristic === series.characteristic);
      const model = new LineModel(series.model, 1);
      const scenario = series.model.scenarios?.[0];
      if (defaults === undefined || scenario?.kind !== 'drift') throw new Error('a drift enterprise without a drift');
      // It reaches the limit when its time is up, and stays there.
      expect(model.meanAt(scenario.startMs + DEFAULT_SEVERITY.driftToLimitMs)).toBeCloseTo(savingLimit(defaults) as number, 9);
      expect(model.meanAt(scenario.startMs + 10 * DEFAULT_SEVERITY.driftToLimitMs)).toBeCloseTo(savingLimit(defaults) as number, 9);
    }
  });

  it('places off-centre means just inside the limit with a tighter process', () => {
    const offCentre = plan.enterprises.filter((e) => e.profile === 'off-centre');
    expect(offCentre.length).toBeGreaterThan(0);
    for (const e of offCentre) {
      const series = e.lines.flatMap((l) => l.series).find((s) => (s.model.scenarios ?? []).length > 0);
      const scenario = series?.model.scenarios?.[0];
      if (series === undefined || scenario?.kind !== 'off-centre') throw new Error('an off-centre enterprise without an off-centre series');
      const defaults = BVV_2X1_5.characteristics.find((c) => c.characteristic === series.characteristic);
      const limit = savingLimit(defaults!) as number;
      const sigma = series.model.sigma * (scenario.sigmaFactor ?? 1);
      expect(Math.abs(scenario.mean - limit) / sigma).toBeCloseTo(DEFAULT_SEVERITY.offCentreSigma, 9);
      expect(Math.sign(limit - scenario.mean)).toBe(defaults!.savingDirection);
    }
  });

  it('is the same plan for the same seed and another for another seed', () => {
    expect(planFleet({ seed: 7, enterprises: 1050 })).toEqual(plan);
    expect(planFleet({ seed: 8, enterprises: 1050 }).enterprises.map((e) => e.profile)).not.toEqual(plan.enterprises.map((e) => e.profile));
  });

  it('rejects a description it cannot honour', () => {
    expect(() => planFleet({ seed: 1, enterprises: 0 })).toThrow(FleetDescriptionError);
    expect(() => planFleet({ seed: 1, enterprises: 10, mix: { drift: 0.7, step: 0.7 } })).toThrow(/add up/);
    expect(() => planFleet({ seed: 1, enterprises: 10, product: 'nope' })).toThrow(/unknown product/);
  });
});

describe('Fleet.tick', () => {
  const small = planFleet({ seed: 3, enterprises: 6, mix: { drift: 0.5, badValues: 1 / 6 }, problemWindowMs: [1_000, 5_000] });

  it('emits every series at its rate, 100 ms apart at 10 Hz, with whole-ms timestamps', () => {
    const fleet = new Fleet(small);
    const got = collect(fleet, 59_999, 100);
    for (const s of got) {
      expect(s.ts).toHaveLength(600);
      expect(new Set(s.ts.slice(1).map((t, i) => t - s.ts[i]))).toEqual(new Set([100]));
      expect(s.ts[0] - small.startEpochMs).toBeGreaterThanOrEqual(0);
      expect(s.ts[0] - small.startEpochMs).toBeLessThan(100);
    }
  });

  it('keeps rates whose period is not a whole number of ms without drifting', () => {
    const plan: FleetPlan = { ...small, enterprises: small.enterprises.map((e) => ({ ...e, lines: e.lines.map((l) => ({ ...l, series: l.series.map((s) => ({ ...s, rateHz: 3 })) })) })) };
    const got = collect(new Fleet(plan), 3_600_000 - 1, 1_000);
    for (const s of got) {
      expect(s.ts).toHaveLength(3 * 3600);
      expect(s.ts.every(Number.isInteger)).toBe(true);
      // Periods of 333 or 334 ms, never two readings in one ms or a gap.
      expect(new Set(s.ts.slice(1).map((t, i) => t - s.ts[i]))).toEqual(new Set([333, 334]));
    }
  });

  it('gives each series the same readings whatever the tick size', () => {
    const fine = collect(new Fleet(small), 30_000, 100);
    const coarse = collect(new Fleet(small), 30_000, 7_777);
    expect(coarse).toEqual(fine);
  });

  it('gives a series the same readings whatever other enterprises the fleet has', () => {
    const alone: FleetPlan = { ...small, enterprises: [small.enterprises[4]] };
    const a = collect(new Fleet(alone), 10_000, 100);
    const b = collect(new Fleet(small), 10_000, 100).slice(4 * 12, 5 * 12);
    expect(a).toEqual(b);
  });

  it('stamps readings with the gateway clock, skew included', () => {
    const skewed: FleetPlan = { ...small, enterprises: small.enterprises.map((e, i) => (i === 0 ? { ...e, gateway: { ...e.gateway, clockSkewMs: 2_500 } } : e)) };
    const straight = collect(new Fleet(small), 5_000, 100);
    const shifted = collect(new Fleet(skewed), 5_000, 100);
    expect(shifted[0].ts.map((t) => t - 2_500)).toEqual(straight[0].ts);
    expect(shifted[0].v).toEqual(straight[0].v);
    expect(shifted[12].ts).toEqual(straight[12].ts);
  });

  it('refuses to go back in time, and to run an invalid plan', () => {
    const fleet = new Fleet(small);
    fleet.tick(1_000, () => {});
    expect(() => fleet.tick(999, () => {})).toThrow(RangeError);
    const badId: FleetPlan = { ...small, enterprises: [{ ...small.enterprises[0], id: 'acme/evil' }] };
    expect(() => new Fleet(badId)).toThrow(FleetPlanError);
    const twice: FleetPlan = { ...small, enterprises: [small.enterprises[0], small.enterprises[0]] };
    expect(() => new Fleet(twice)).toThrow(/twice/);
    const fast: FleetPlan = {
      ...small,
      enterprises: [{ ...small.enterprises[0], lines: [{ ...small.enterprises[0].lines[0], series: [{ ...small.enterprises[0].lines[0].series[0], rateHz: 5_000 }] }] }],
    };
    expect(() => new Fleet(fast)).toThrow(/rateHz/);
  });

  it('routes each line to the gateway that reports it, the first one by default', () => {
    const flaky = { outagesPerHour: 60, minDurationMs: 1_000, maxDurationMs: 5_000 };
    const e = { ...small.enterprises[0], gateway: { ...small.enterprises[0].gateway, flaky } };
    const one: FleetPlan = { ...small, enterprises: [e] };
    const two: FleetPlan = { ...small, enterprises: [{ ...e, moreGateways: [{ id: 'hall-2-gw', flaky }], lines: e.lines.map((l, i) => (i === 2 ? { ...l, gateway: 'hall-2-gw' } : l)) }] };
    const fleet = new Fleet(two);
    expect(fleet.gateways.map((g) => [g.id, g.enterprise])).toEqual([
      [e.gateway.id, e.id],
      ['hall-2-gw', e.id],
    ]);
    for (const s of fleet.series) expect(fleet.gateways[s.gateway].id).toBe(s.line === e.lines[2].id ? 'hall-2-gw' : e.gateway.id);
    // The first gateway keeps its stream, so adding a second changes none of its outages; the second has its own.
    const outages = fleet.gateways[0].model.offline(0, 3_600_000);
    expect(outages.length).toBeGreaterThan(10);
    expect(outages).toEqual(new Fleet(one).gateways[0].model.offline(0, 3_600_000));
    expect(fleet.gateways[1].model.offline(0, 3_600_000)).not.toEqual(outages);
  });

  it('refuses a line routed to a gateway of no one, and one gateway id used twice', () => {
    const [a, b] = small.enterprises;
    const stray: FleetPlan = { ...small, enterprises: [{ ...a, lines: [{ ...a.lines[0], gateway: b.gateway.id }] }, b] };
    expect(() => new Fleet(stray)).toThrow(/has no gateway/);
    const shared: FleetPlan = { ...small, enterprises: [a, { ...b, moreGateways: [{ id: a.gateway.id }] }] };
    expect(() => new Fleet(shared)).toThrow(/gateway .* appears twice/);
  });

  it('finds a series by its ids', () => {
    const fleet = new Fleet(small);
    const i = fleet.indexOf('ent-0002', 'line-3', 'sheath_thickness');
    expect(fleet.series[i].key).toBe('ent-0002/line-3/sheath_thickness');
    expect(fleet.indexOf('ent-0002', 'line-9', 'sheath_thickness')).toBe(-1);
  });
});
