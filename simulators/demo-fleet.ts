/**
 * The demo fleet that `npm start` runs: eight named enterprises, three lines
 * each, the four characteristics of BVV 2 x 1.5 mm2 on every line, 10 Hz.
 * Three are in control; each of the other five has one problem that starts
 * 30 to 40 s in, after the monitors' 200-sample (20 s) baseline, and is
 * strong enough for EWMA or CUSUM to flag it within seconds to a minute, so
 * a visitor sees every kind of alert in the first two minutes.
 *
 * config/demo.json (written elsewhere) must configure the same ids:
 * DEMO_FLEET_IDS lists them for a test to check against.
 */
import type { CharacteristicName } from '../domain/characteristics.js';
import type { GatewaySpec } from './gateway-model.js';
import type { EnterprisePlan, FleetPlan } from './fleet-plan.js';
import { DEFAULT_START_EPOCH_MS } from './fleet-description.js';
import { BVV_2X1_5, characteristicDefaults } from './products.js';
import type { Scenario } from './scenario.js';

export const DEMO_SEED = 20260101;
export const DEMO_RATE_HZ = 10;
export const DEMO_LINES = Object.freeze(['line-1', 'line-2', 'line-3']);
export const DEMO_PRODUCT = BVV_2X1_5.id;
export const DEMO_CHARACTERISTICS: readonly CharacteristicName[] = Object.freeze(BVV_2X1_5.characteristics.map((c) => c.characteristic));

/** One demo enterprise and the one thing wrong with it (if anything). */
export interface DemoEnterprise {
  readonly id: string;
  readonly name: string;
  readonly profile: 'in-control' | 'drift' | 'off-centre' | 'variance' | 'step' | 'flaky-gateway';
  /** What a visitor should see, in one sentence. */
  readonly story: string;
  /** The affected series (line and characteristic); null for in-control ones and the gateway problem. */
  readonly line: string | null;
  readonly characteristic: CharacteristicName | null;
  /** When the problem starts, ms after the demo starts; null for in-control ones. */
  readonly startsAtMs: number | null;
  readonly scenarios: readonly Scenario[];
  readonly gateway: GatewaySpec;
}

const resistance = must('conductor_resistance');
const insulation = must('insulation_thickness');
const diameter = must('conductor_diameter');

// Drift: the resistance climbs from its usual 11.75 to the 12.1 ohm/km
// maximum in five minutes, then stays at the limit (about half the readings
// out of spec): a plant slowly drawing thinner copper.
const DRIFT_START_MS = 30_000;
const DRIFT_MS = 5 * 60_000;
const DRIFT_RATE_PER_HOUR = (((resistance.usl as number) - resistance.mean) * 3_600_000) / DRIFT_MS;

// Cutting material: the insulation is set just inside its 0.53 mm minimum
// (2.5 new sigma inside, Cpk 0.83) and run tighter than before, which is how
// a plant saves PVC on purpose: stable, but centred on the wrong place.
const OFF_CENTRE_SIGMA_FACTOR = 0.5;
const OFF_CENTRE_MEAN = (insulation.lsl as number) + 2.5 * insulation.sigma * OFF_CENTRE_SIGMA_FACTOR;

export const DEMO_ENTERPRISES: readonly DemoEnterprise[] = Object.freeze([
  inControl('northwind-cable', 'Northwind Cable Co.'),
  inControl('eastriver-wire', 'East River Wire'),
  inControl('southgate-cables', 'Southgate Cables'),
  {
    id: 'westlake-conductors',
    name: 'Westlake Conductors',
    profile: 'drift',
    story: 'conductor resistance on line 2 creeps up to its 12.1 ohm/km maximum over five minutes (thinner copper)',
    line: 'line-2',
    characteristic: 'conductor_resistance',
    startsAtMs: DRIFT_START_MS,
    scenarios: [{ kind: 'drift', startMs: DRIFT_START_MS, ratePerHour: DRIFT_RATE_PER_HOUR, durationMs: DRIFT_MS }],
    gateway: {},
  },
  {
    id: 'hillside-wire',
    name: 'Hillside Wire & Cable',
    profile: 'off-centre',
    story: 'insulation on line 1 is cut to just above its 0.53 mm minimum and held there, very steadily (saving PVC)',
    line: 'line-1',
    characteristic: 'insulation_thickness',
    startsAtMs: 35_000,
    scenarios: [{ kind: 'off-centre', startMs: 35_000, mean: OFF_CENTRE_MEAN, sigmaFactor: OFF_CENTRE_SIGMA_FACTOR }],
    gateway: {},
  },
  {
    id: 'lakeshore-cable',
    name: 'Lakeshore Cable',
    profile: 'variance',
    story: 'sheath thickness on line 3 becomes three times as variable (an unstable extruder)',
    line: 'line-3',
    characteristic: 'sheath_thickness',
    startsAtMs: 40_000,
    scenarios: [{ kind: 'variance', startMs: 40_000, factor: 3 }],
    gateway: {},
  },
  {
    id: 'riverbend-wire',
    name: 'Riverbend Wire',
    profile: 'flaky-gateway',
    story: 'the gateway drops out for 20 s at 30 s, then again every couple of minutes; its lines are fine',
    line: null,
    characteristic: null,
    startsAtMs: 30_000,
    scenarios: [],
    gateway: { outages: [{ startMs: 30_000, durationMs: 20_000 }], flaky: { outagesPerHour: 30, minDurationMs: 3_000, maxDurationMs: 20_000, fromMs: 60_000 } },
  },
  {
    id: 'stonebridge-cable',
    name: 'Stonebridge Cable Works',
    profile: 'step',
    story: 'conductor diameter on line 1 drops by 2.5 sigma at once (a smaller drawing die)',
    line: 'line-1',
    characteristic: 'conductor_diameter',
    startsAtMs: 30_000,
    scenarios: [{ kind: 'step', startMs: 30_000, delta: -2.5 * diameter.sigma }],
    gateway: {},
  },
] satisfies DemoEnterprise[]);

/** The ids config/demo.json must configure: enterprises, their gateways, lines, products and characteristics. */
export const DEMO_FLEET_IDS = Object.freeze(
  DEMO_ENTERPRISES.map((e) => ({
    enterprise: e.id,
    name: e.name,
    gateway: gatewayId(e.id),
    lines: DEMO_LINES.map((line) => ({ id: line, product: DEMO_PRODUCT, characteristics: DEMO_CHARACTERISTICS })),
  })),
);

/** The demo fleet as a plan; the live demo passes the time it starts at, a CSV run a fixed date. */
export function demoFleetPlan(startEpochMs = DEFAULT_START_EPOCH_MS, seed = DEMO_SEED): FleetPlan {
  const enterprises: EnterprisePlan[] = DEMO_ENTERPRISES.map((e) => ({
    id: e.id,
    name: e.name,
    profile: e.profile,
    gateway: { id: gatewayId(e.id), ...e.gateway },
    lines: DEMO_LINES.map((line) => ({
      id: line,
      product: DEMO_PRODUCT,
      series: BVV_2X1_5.characteristics.map((c) => ({
        characteristic: c.characteristic,
        spec: { lsl: c.lsl, usl: c.usl, target: c.target },
        model: { mean: c.mean, sigma: c.sigma, scenarios: line === e.line && c.characteristic === e.characteristic ? e.scenarios : [] },
        rateHz: DEMO_RATE_HZ,
      })),
    })),
  }));
  return { seed, startEpochMs, enterprises };
}

function gatewayId(enterprise: string): string {
  return `${enterprise}-gw1`;
}

function inControl(id: string, name: string): DemoEnterprise {
  return { id, name, profile: 'in-control', story: 'every line in control, well centred', line: null, characteristic: null, startsAtMs: null, scenarios: [], gateway: {} };
}

function must(characteristic: CharacteristicName) {
  const c = characteristicDefaults(DEMO_PRODUCT, characteristic);
  if (c === undefined) throw new Error(`demo product ${DEMO_PRODUCT} has no ${characteristic}`);
  return c;
}
