/**
 * The demo fleet that `npm start` runs, built from a configuration so that
 * every simulated id is one the broker, the analytics service and the
 * dashboard know: every configured enterprise, line and characteristic (those
 * of the line's product, as the analytics catalogue lists them), each series
 * carried by the gateway that reports its line. How each series behaves in
 * control follows from its spec (spec-model.ts); which enterprise gets which
 * problem, from its place in the configuration (demo-roles.ts).
 *
 *   const { plan, roles } = demoPlanFromConfig(await loadConfig('config/demo.json'), { startEpochMs: Date.now() });
 *   const fleet = new Fleet(plan);
 */
import { catalogFromConfig } from '../core/catalog/config-catalog.js';
import type { LinewatchConfig } from '../config/resolve.js';
import type { CharacteristicName } from '../domain/characteristics.js';
import { DEMO_ROLES, DEMO_SEVERITY, FIRST_OUTAGE_MS, roleStory, type DemoProblem, type RoleRecipe } from './demo-roles.js';
import { DEFAULT_START_EPOCH_MS, PROFILE_NAMES, scenariosFor } from './fleet-description.js';
import { MAX_RATE_HZ, type EnterprisePlan, type FleetPlan, type GatewayPlan, type LinePlan } from './fleet-plan.js';
import type { CharacteristicDefaults, SpecLimits } from './products.js';
import type { Scenario } from './scenario.js';
import { inControlDefaults, SpecModelError } from './spec-model.js';

export const DEMO_SEED = 20260101;
export const DEMO_RATE_HZ = 10;

export interface DemoOptions {
  /** Wall-clock time of t = 0 (ms since 1970 UTC); the live demo passes now, a CSV run a fixed date (default 2026-01-01). */
  readonly startEpochMs?: number;
  /** Default DEMO_SEED. */
  readonly seed?: number;
  /** Readings per second per series; default 10. */
  readonly rateHz?: number;
}

/** One enterprise of the demo and what happens to it. */
export interface DemoRole {
  readonly enterprise: string;
  /** As EnterprisePlan.profile: 'in-control', 'off-centre' (cutting material), 'drift', 'flaky-gateway', 'variance', 'step'. */
  readonly profile: string;
  /** What a visitor should see, in one sentence. */
  readonly story: string;
  /** The series the problem is on (for the flaky gateway, the one with bad values); null when none. */
  readonly line: string | null;
  readonly characteristic: CharacteristicName | null;
  /** The gateway that drops out, for the flaky-gateway role; else null. */
  readonly gateway: string | null;
  /** When the problem starts, ms after t = 0; null in control. */
  readonly startsAtMs: number | null;
}

export interface DemoFleet {
  readonly plan: FleetPlan;
  /** One per simulated enterprise, in the configuration's order. */
  readonly roles: readonly DemoRole[];
  /**
   * Configured series that are not simulated, with the reason: a line no
   * gateway of its enterprise may report (or an enterprise without a gateway),
   * a spec no process fits in. Empty for config/demo.json.
   */
  readonly unsimulated: readonly { readonly key: string; readonly reason: string }[];
}

interface SeriesDraft {
  readonly line: string;
  readonly defaults: CharacteristicDefaults;
  readonly scenarios: Scenario[];
}

export function demoPlanFromConfig(config: LinewatchConfig, options: DemoOptions = {}): DemoFleet {
  const rateHz = options.rateHz ?? DEMO_RATE_HZ;
  if (!(rateHz > 0 && rateHz <= MAX_RATE_HZ)) throw new RangeError(`rateHz must be in (0, ${MAX_RATE_HZ}], got ${rateHz}`);
  // Problems start once the live monitor has locked its limits (its Phase I, in sample time), on every characteristic.
  const live = config.live;
  const baselineMs = Math.max(live.defaults.baselineMinutes, ...live.characteristics.map((c) => live.optionsFor(c).baselineMinutes)) * 60_000;
  const measured = measuredSeries(config);
  const sources = new Map(config.products.map((p) => [p.id, p]));
  const unsimulated: { key: string; reason: string }[] = [];
  const enterprises: EnterprisePlan[] = [];
  const roles: DemoRole[] = [];

  for (const e of config.enterprises) {
    const gateways = config.gateways.filter((g) => g.enterprise === e.id);
    const drafts: SeriesDraft[] = [];
    const route = new Map<string, string>();
    for (const line of e.lines) {
      const gateway = reporterOf(line.id, gateways);
      const product = sources.get(line.product);
      for (const { characteristic, spec } of measured.get(`${e.id}/${line.id}`) ?? []) {
        const key = `${e.id}/${line.id}/${characteristic}`;
        if (gateway === null) {
          unsimulated.push({ key, reason: gateways.length === 0 ? `enterprise '${e.id}' has no gateway` : `no gateway of '${e.id}' may report line '${line.id}'` });
          continue;
        }
        try {
          const defaults = inControlDefaults(characteristic, spec, product?.characteristics[characteristic]?.source ?? product?.standard);
          drafts.push({ line: line.id, defaults, scenarios: [] });
          route.set(line.id, gateway);
        } catch (err) {
          if (!(err instanceof SpecModelError)) throw err;
          unsimulated.push({ key, reason: err.message });
        }
      }
    }
    if (gateways.length === 0) continue;

    const recipe = roles.length < DEMO_ROLES.length ? DEMO_ROLES[roles.length] : null;
    const gatewayPlans: GatewayPlan[] = gateways.map((g) => ({ id: g.id }));
    const role = recipe === null ? inControl(e.id) : applyRole(e.id, recipe, drafts, gatewayPlans, route, baselineMs);
    roles.push(role);

    const lines: LinePlan[] = [];
    for (const line of e.lines) {
      const series = drafts.filter((d) => d.line === line.id);
      if (series.length === 0) continue;
      lines.push({
        id: line.id,
        product: line.product,
        gateway: route.get(line.id),
        series: series.map(({ defaults: c, scenarios }) => ({
          characteristic: c.characteristic,
          spec: { lsl: c.lsl, usl: c.usl, target: c.target },
          model: { mean: c.mean, sigma: c.sigma, scenarios },
          rateHz,
        })),
      });
    }
    const [first, ...more] = gatewayPlans;
    enterprises.push({ id: e.id, name: e.name, profile: role.profile, gateway: first, ...(more.length > 0 ? { moreGateways: more } : {}), lines });
  }

  const plan: FleetPlan = { seed: options.seed ?? DEMO_SEED, startEpochMs: options.startEpochMs ?? DEFAULT_START_EPOCH_MS, enterprises };
  return { plan, roles, unsimulated };
}

/** The configured series per `enterprise/line`, with the specs the analytics service checks them against. */
function measuredSeries(config: LinewatchConfig) {
  const catalog = catalogFromConfig(config);
  const byLine = new Map<string, { characteristic: CharacteristicName; spec: SpecLimits }[]>();
  for (const { enterprise, line, characteristic } of catalog.list()) {
    const spec = catalog.specOf(enterprise, line, characteristic);
    if (typeof spec === 'string') continue; // listed by the catalogue itself, so always resolvable
    const key = `${enterprise}/${line}`;
    const list = byLine.get(key) ?? [];
    list.push({ characteristic, spec });
    byLine.set(key, list);
  }
  return byLine;
}

/**
 * The gateway that reports a line: the first of the enterprise's gateways
 * that lists it, else the first that lists no lines (the broker lets it
 * report any); null when every gateway is restricted to other lines.
 */
function reporterOf(line: string, gateways: LinewatchConfig['gateways']): string | null {
  return (gateways.find((g) => g.lines?.includes(line)) ?? gateways.find((g) => g.lines === undefined))?.id ?? null;
}

function inControl(enterprise: string): DemoRole {
  return { enterprise, profile: PROFILE_NAMES.inControl, story: roleStory('inControl', null, ''), line: null, characteristic: null, gateway: null, startsAtMs: null };
}

/** Puts one role's scenarios on its series (or gateway), in place, and describes it. */
function applyRole(enterprise: string, recipe: RoleRecipe, drafts: SeriesDraft[], gateways: GatewayPlan[], route: Map<string, string>, baselineMs: number): DemoRole {
  const startMs = baselineMs + recipe.leadMs;
  const problem: DemoProblem = recipe.problem;
  if (problem === 'flakyGateway') {
    const gateway = gateways[0];
    gateways[0] = { ...gateway, outages: [{ startMs, durationMs: FIRST_OUTAGE_MS }], flaky: { ...DEMO_SEVERITY.flaky, fromMs: startMs + FIRST_OUTAGE_MS + 10_000 } };
    // A few bad values on a series this gateway carries, for the dead-letter view.
    const target = drafts.find((d) => route.get(d.line) === gateway.id) ?? null;
    if (target !== null) target.scenarios.push(...scenariosFor('badValues', target.defaults, startMs, DEMO_SEVERITY));
    return describe(enterprise, problem, target, gateway.id, startMs);
  }
  const target = recipe.characteristics.map((c) => drafts.find((d) => d.defaults.characteristic === c)).find((d) => d !== undefined) ?? drafts[0] ?? null;
  if (target !== null) target.scenarios.push(...scenariosFor(problem, target.defaults, startMs, DEMO_SEVERITY));
  return describe(enterprise, problem, target, null, startMs);
}

function describe(enterprise: string, problem: DemoProblem, target: SeriesDraft | null, gateway: string | null, startMs: number): DemoRole {
  return {
    enterprise,
    profile: PROFILE_NAMES[problem],
    story: roleStory(problem, target === null ? null : { line: target.line, c: target.defaults }, gateway ?? ''),
    line: target?.line ?? null,
    characteristic: target?.defaults.characteristic ?? null,
    gateway,
    startsAtMs: startMs,
  };
}
