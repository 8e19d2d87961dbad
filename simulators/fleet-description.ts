/**
 * A fleet in a few numbers: how many enterprises, lines and characteristics,
 * and which fraction of the enterprises has which problem. `planFleet`
 * expands it, seeded, into a full FleetPlan. The fractions are honoured
 * exactly (largest-remainder rounding, then a seeded shuffle decides who gets
 * what), so a benchmark or a test knows how many drifting enterprises it has.
 */
import { CHARACTERISTIC_NAMES, type CharacteristicName } from '../domain/characteristics.js';
import type { FlakyConnectivity, GatewaySpec } from './gateway-model.js';
import type { EnterprisePlan, FleetPlan, LinePlan } from './fleet-plan.js';
import { characteristicDefaults, DEFAULT_PRODUCT_ID, PRODUCTS, savingLimit, type CharacteristicDefaults } from './products.js';
import { SeededRandom } from './random.js';
import type { Scenario } from './scenario.js';
import { deriveSeed } from './seed.js';

/** Fractions of the enterprises with each problem; the rest are in control. Each problem hits one series (or the gateway). */
export interface ScenarioMix {
  readonly drift: number;
  readonly step: number;
  readonly variance: number;
  readonly offCentre: number;
  readonly stuck: number;
  readonly badValues: number;
  readonly flakyGateway: number;
  readonly gatewayOutage: number;
}

export type Problem = keyof ScenarioMix;
export const PROBLEMS: readonly Problem[] = Object.freeze(['drift', 'step', 'variance', 'offCentre', 'stuck', 'badValues', 'flakyGateway', 'gatewayOutage']);

/** EnterprisePlan.profile of each problem: the scenario's kind where there is one, as the demo fleet writes them too. */
export const PROFILE_NAMES: Readonly<Record<Problem | 'inControl', string>> = Object.freeze({
  inControl: 'in-control',
  drift: 'drift',
  step: 'step',
  variance: 'variance',
  offCentre: 'off-centre',
  stuck: 'stuck',
  badValues: 'bad-values',
  flakyGateway: 'flaky-gateway',
  gatewayOutage: 'gateway-outage',
});

/** Most enterprises in control, a few of everything else: what a county cluster plausibly looks like. */
export const DEFAULT_MIX: ScenarioMix = Object.freeze({
  drift: 0.05,
  step: 0.03,
  variance: 0.03,
  offCentre: 0.05,
  stuck: 0.01,
  badValues: 0.02,
  flakyGateway: 0.03,
  gatewayOutage: 0.01,
});

/** How strong each problem is. */
export interface ProblemSeverity {
  /** A drift reaches the material-saving limit this long after it starts, then holds there (ms). */
  readonly driftToLimitMs: number;
  /** Step size, in in-control sigma, toward the material-saving side. */
  readonly stepSigma: number;
  /** Sigma multiplier of a variance increase. */
  readonly varianceFactor: number;
  /** Off-centre: the new sigma as a fraction of the in-control one (a tight, deliberate process). */
  readonly offCentreSigmaFactor: number;
  /** Off-centre: how far inside the limit the mean sits, in the new sigma (2.5: Cpk 0.83). */
  readonly offCentreSigma: number;
  /** How long a stuck sensor stays stuck (ms). */
  readonly stuckMs: number;
  /** Fraction of readings replaced by bad values. */
  readonly badFraction: number;
  readonly flaky: Omit<FlakyConnectivity, 'fromMs'>;
  /** Length of a gateway outage (ms). */
  readonly outageMs: number;
}

export const DEFAULT_SEVERITY: ProblemSeverity = Object.freeze({
  driftToLimitMs: 3_600_000,
  stepSigma: 2,
  varianceFactor: 2,
  offCentreSigmaFactor: 0.5,
  offCentreSigma: 2.5,
  stuckMs: 300_000,
  badFraction: 0.02,
  flaky: Object.freeze({ outagesPerHour: 20, minDurationMs: 2_000, maxDurationMs: 30_000 }),
  outageMs: 600_000,
});

export interface FleetDescription {
  readonly seed: number;
  readonly enterprises: number;
  /** Default 3. */
  readonly linesPerEnterprise?: number;
  /** Product of every line (products.ts); default BVV 2 x 1.5 mm2. */
  readonly product?: string;
  /** Characteristics measured on every line; default all of the product's. */
  readonly characteristics?: readonly CharacteristicName[];
  /** Readings per second per series; default 10. */
  readonly rateHz?: number;
  /** Wall-clock time of t = 0 (ms since 1970 UTC); default 2026-01-01T00:00:00Z. */
  readonly startEpochMs?: number;
  readonly mix?: Partial<ScenarioMix>;
  /** Problems start at a uniformly random time in [from, to) ms; default the first hour after one minute. */
  readonly problemWindowMs?: readonly [number, number];
  readonly severity?: Partial<ProblemSeverity>;
  /** Enterprise ids are `<prefix>-0001`, ...; default 'ent'. */
  readonly idPrefix?: string;
}

export const DEFAULT_START_EPOCH_MS = Date.UTC(2026, 0, 1);
export const MAX_ENTERPRISES = 100_000;

export class FleetDescriptionError extends Error {
  readonly code = 'LW_SIM_DESCRIPTION';
  constructor(message: string) {
    super(message);
    this.name = 'FleetDescriptionError';
  }
}

/** Expands a compact description into a full plan (validated again when a Fleet runs it). */
export function planFleet(d: FleetDescription): FleetPlan {
  const n = d.enterprises;
  if (!Number.isInteger(n) || n < 1 || n > MAX_ENTERPRISES) fail(`enterprises must be a whole number from 1 to ${MAX_ENTERPRISES}, got ${n}`);
  const lines = d.linesPerEnterprise ?? 3;
  if (!Number.isInteger(lines) || lines < 1 || lines > 100) fail(`linesPerEnterprise must be a whole number from 1 to 100, got ${lines}`);
  const productId = d.product ?? DEFAULT_PRODUCT_ID;
  if (!Object.hasOwn(PRODUCTS, productId)) fail(`unknown product '${productId}' (known: ${Object.keys(PRODUCTS).join(', ')})`);
  const characteristics = (d.characteristics ?? PRODUCTS[productId].characteristics.map((c) => c.characteristic)).map((name) => {
    const c = CHARACTERISTIC_NAMES.includes(name) ? characteristicDefaults(productId, name) : undefined;
    if (c === undefined) fail(`product '${productId}' has no characteristic '${name}'`);
    return c;
  });
  if (characteristics.length === 0) fail('characteristics must name at least one characteristic');
  const [windowFrom, windowTo] = d.problemWindowMs ?? [60_000, 3_660_000];
  if (!(windowFrom >= 0 && windowTo >= windowFrom && Number.isFinite(windowTo))) fail(`problemWindowMs must be [from, to] with 0 <= from <= to, got [${windowFrom}, ${windowTo}]`);
  const severity: ProblemSeverity = { ...DEFAULT_SEVERITY, ...d.severity };
  const profiles = assignProblems(n, { ...DEFAULT_MIX, ...d.mix }, d.seed);
  const prefix = d.idPrefix ?? 'ent';
  const width = Math.max(4, String(n).length);
  const rateHz = d.rateHz ?? 10;

  const enterprises: EnterprisePlan[] = profiles.map((profile, i) => {
    const id = `${prefix}-${String(i + 1).padStart(width, '0')}`;
    // Each enterprise's choices come from its own stream, so they do not
    // change when the fleet grows.
    const rng = new SeededRandom(deriveSeed(d.seed, `plan/${id}`));
    const startMs = Math.round(windowFrom + (windowTo - windowFrom) * rng.uniform());
    const hit = { line: rng.integer(0, lines - 1), characteristic: rng.integer(0, characteristics.length - 1) };
    const gateway: GatewaySpec = gatewayFor(profile, startMs, severity);
    const linePlans: LinePlan[] = Array.from({ length: lines }, (_, l) => ({
      id: `line-${l + 1}`,
      product: productId,
      series: characteristics.map((c, ci) => ({
        characteristic: c.characteristic,
        spec: { lsl: c.lsl, usl: c.usl, target: c.target },
        model: {
          mean: c.mean,
          sigma: c.sigma,
          scenarios: l === hit.line && ci === hit.characteristic ? scenariosFor(profile, c, startMs, severity) : [],
        },
        rateHz,
      })),
    }));
    return { id, profile: PROFILE_NAMES[profile], gateway: { id: `${id}-gw1`, ...gateway }, lines: linePlans };
  });
  return { seed: d.seed, startEpochMs: d.startEpochMs ?? DEFAULT_START_EPOCH_MS, enterprises };
}

/** Which problem each enterprise gets, inControl for the rest: exact counts, seeded order. */
function assignProblems(n: number, mix: ScenarioMix, seed: number): (Problem | 'inControl')[] {
  let total = 0;
  for (const p of PROBLEMS) {
    const f = mix[p];
    if (!(f >= 0 && f <= 1)) fail(`mix.${p} must be a fraction in [0, 1], got ${f}`);
    total += f;
  }
  if (total > 1 + 1e-9) fail(`the mix fractions add up to ${total}, more than 1`);
  // Largest remainder: floor every share, then give the leftover enterprises
  // to the largest fractional parts (the in-control share included).
  const shares = [...PROBLEMS.map((p) => mix[p] * n), Math.max(0, 1 - total) * n];
  const counts = shares.map(Math.floor);
  let left = n - counts.reduce((a, b) => a + b, 0);
  const byRemainder = shares.map((s, i) => [s - Math.floor(s), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; left > 0; j = (j + 1) % byRemainder.length, left--) counts[byRemainder[j][1]]++;
  const names = [...PROBLEMS, 'inControl' as const];
  const profiles = counts.flatMap((c, i) => Array<Problem | 'inControl'>(c).fill(names[i]));
  const rng = new SeededRandom(deriveSeed(seed, 'mix'));
  for (let i = profiles.length - 1; i > 0; i--) {
    const j = rng.integer(0, i);
    [profiles[i], profiles[j]] = [profiles[j], profiles[i]];
  }
  return profiles;
}

/** The scenarios a problem puts on the one series it hits. */
export function scenariosFor(problem: Problem | 'inControl', c: CharacteristicDefaults, startMs: number, s: ProblemSeverity): Scenario[] {
  const limit = savingLimit(c);
  const dir = c.savingDirection;
  switch (problem) {
    case 'drift': {
      // Toward the limit that saving material approaches; 6 sigma if the
      // characteristic has no limit on that side.
      const distance = limit === null ? 6 * c.sigma : Math.abs(limit - c.mean);
      return [{ kind: 'drift', startMs, ratePerHour: (dir * distance * 3_600_000) / s.driftToLimitMs, durationMs: s.driftToLimitMs }];
    }
    case 'step':
      return [{ kind: 'step', startMs, delta: dir * s.stepSigma * c.sigma }];
    case 'variance':
      return [{ kind: 'variance', startMs, factor: s.varianceFactor }];
    case 'offCentre': {
      const sigma = c.sigma * s.offCentreSigmaFactor;
      const mean = limit === null ? c.mean + dir * 6 * c.sigma : limit - dir * s.offCentreSigma * sigma;
      return [{ kind: 'off-centre', startMs, mean, sigmaFactor: s.offCentreSigmaFactor }];
    }
    case 'stuck':
      return [{ kind: 'stuck', startMs, durationMs: s.stuckMs }];
    case 'badValues':
      return [{ kind: 'bad-values', startMs, fraction: s.badFraction }];
    default:
      return [];
  }
}

function gatewayFor(problem: Problem | 'inControl', startMs: number, s: ProblemSeverity): GatewaySpec {
  if (problem === 'flakyGateway') return { flaky: { ...s.flaky, fromMs: startMs } };
  if (problem === 'gatewayOutage') return { outages: [{ startMs, durationMs: s.outageMs }] };
  return {};
}

function fail(message: string): never {
  throw new FleetDescriptionError(message);
}
