/**
 * A fleet written out in full: every enterprise, its gateways, its lines and
 * every series with its spec, process model and rate. The compact
 * description (fleet-description.ts) and the demo fleet (demo-from-config.ts)
 * both expand into one of these; Fleet (fleet.ts) runs it.
 */
import { CHARACTERISTIC_NAMES, type CharacteristicName } from '../domain/characteristics.js';
import { ID_SYNTAX_TEXT, isValidId } from '../protocol/ids.js';
import type { GatewaySpec } from './gateway-model.js';
import type { LineModelSpec } from './line-model.js';
import type { SpecLimits } from './products.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';

export interface SeriesPlan {
  readonly characteristic: CharacteristicName;
  readonly spec: SpecLimits;
  readonly model: LineModelSpec;
  /** Readings per second. */
  readonly rateHz: number;
}

export interface LinePlan {
  readonly id: string;
  /** The product made on the line (products.ts), for configuration and reports. */
  readonly product: string;
  readonly series: readonly SeriesPlan[];
  /**
   * Id of the enterprise's gateway that reports this line; default its first
   * (`EnterprisePlan.gateway`). A configuration may restrict a gateway to
   * some lines, and the broker refuses points for the others.
   */
  readonly gateway?: string;
}

/** One gateway: its id (the MQTT user name) and how its link behaves. */
export type GatewayPlan = GatewaySpec & { readonly id: string };

export interface EnterprisePlan {
  readonly id: string;
  /** A name for people (the demo shows it); the id otherwise. */
  readonly name?: string;
  /** What the simulation does to this enterprise, in words a test or a demo script can match: 'in-control', 'drift', ... */
  readonly profile: string;
  /** The enterprise's first gateway: it reports every line that names no other. */
  readonly gateway: GatewayPlan;
  /** Further gateways (a plant with one per hall, as config/demo.json has); lines name the one that reports them. */
  readonly moreGateways?: readonly GatewayPlan[];
  readonly lines: readonly LinePlan[];
}

export interface FleetPlan {
  /** The seed every random stream of the fleet is derived from. */
  readonly seed: number;
  /** Wall-clock time of t = 0, in ms since 1970 UTC: readings are stamped from it. */
  readonly startEpochMs: number;
  readonly enterprises: readonly EnterprisePlan[];
}

/** Highest rate a simulated gauge may have: one reading per ms, the timestamp resolution. */
export const MAX_RATE_HZ = 1000;

export class FleetPlanError extends LinewatchError<'LW_SIM_PLAN'> {
  constructor(message: string) {
    super('LW_SIM_PLAN', message);
    this.name = 'FleetPlanError';
  }
}

/** Checks ids and rates once, before anything runs; throws a FleetPlanError naming the first problem. */
export function validateFleetPlan(plan: FleetPlan): void {
  if (!Number.isInteger(plan.seed)) fail(`seed must be a whole number, got ${plan.seed}`);
  if (!Number.isFinite(plan.startEpochMs)) fail(`startEpochMs must be a finite number, got ${plan.startEpochMs}`);
  const enterprises = new Set<string>();
  // Gateway ids are MQTT user names: one login per gateway across the fleet.
  const gateways = new Set<string>();
  for (const e of plan.enterprises) {
    id('enterprise', e.id);
    if (enterprises.has(e.id)) fail(`enterprise '${e.id}' appears twice`);
    enterprises.add(e.id);
    const own = new Set<string>();
    for (const g of [e.gateway, ...(e.moreGateways ?? [])]) {
      id(`gateway of enterprise '${e.id}'`, g.id);
      if (gateways.has(g.id)) fail(`gateway '${g.id}' appears twice`);
      gateways.add(g.id);
      own.add(g.id);
    }
    const lines = new Set<string>();
    for (const line of e.lines) {
      id(`line of enterprise '${e.id}'`, line.id);
      if (lines.has(line.id)) fail(`line '${e.id}/${line.id}' appears twice`);
      lines.add(line.id);
      if (line.gateway !== undefined && !own.has(line.gateway)) fail(`line '${e.id}/${line.id}': enterprise '${e.id}' has no gateway '${line.gateway}'`);
      const characteristics = new Set<string>();
      for (const s of line.series) {
        const where = `${e.id}/${line.id}/${s.characteristic}`;
        if (!CHARACTERISTIC_NAMES.includes(s.characteristic)) fail(`${where}: unknown characteristic`);
        if (characteristics.has(s.characteristic)) fail(`${where} appears twice`);
        characteristics.add(s.characteristic);
        if (!(s.rateHz > 0 && s.rateHz <= MAX_RATE_HZ)) fail(`${where}: rateHz must be in (0, ${MAX_RATE_HZ}], got ${s.rateHz}`);
      }
    }
  }
}

function id(kind: string, value: string): void {
  if (!isValidId(value)) fail(`${kind}: ${JSON.stringify(value)} is not ${ID_SYNTAX_TEXT}`);
}

function fail(message: string): never {
  throw new FleetPlanError(message);
}
