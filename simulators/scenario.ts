/**
 * What can happen to one simulated characteristic of one line, in time.
 * Times are milliseconds since the start of the simulation (t = 0), so one
 * description can be replayed at any wall-clock date. Values are in the
 * characteristic's own unit (mm, ohm/km, ...).
 *
 * How scenarios combine: the process mean is a base level (the in-control
 * mean, or the `off-centre` mean once that starts) plus every `step` delta
 * and `drift` movement active at t; sigma is the in-control sigma times every
 * `variance` factor (and the `off-centre` sigmaFactor) active at t. `stuck`
 * and `bad-values` act on the reading after it is drawn.
 */
import { LinewatchError } from '../domain/errors/linewatch-error.js';

/** Nothing happens: written down so a plan can say "this series is fine" explicitly. */
export interface InControlScenario {
  readonly kind: 'in-control';
}

/** The mean jumps by `delta` at startMs and stays there (a die change, a new coil of material). */
export interface StepScenario {
  readonly kind: 'step';
  readonly startMs: number;
  readonly delta: number;
}

/**
 * The mean moves by `ratePerHour` units per hour from startMs (tool wear,
 * or a deliberate slow creep toward a limit); after `durationMs`, when
 * given, it holds where it got to.
 */
export interface DriftScenario {
  readonly kind: 'drift';
  readonly startMs: number;
  readonly ratePerHour: number;
  readonly durationMs?: number;
}

/** Sigma is multiplied by `factor` from startMs (a worn capstan, an unstable extruder temperature). */
export interface VarianceScenario {
  readonly kind: 'variance';
  readonly startMs: number;
  readonly factor: number;
}

/**
 * The material-saving pattern: from startMs the process runs at `mean`,
 * chosen close to a spec limit, usually with a smaller sigma
 * (`sigmaFactor` < 1) because a plant that cuts material on purpose runs a
 * tight process to stay just inside the limit. With startMs = 0 the series
 * is off-centre from its first reading, which no control chart can see
 * (its baseline is already off-centre); only capability against the spec can.
 */
export interface OffCentreScenario {
  readonly kind: 'off-centre';
  readonly startMs: number;
  readonly mean: number;
  readonly sigmaFactor?: number;
}

/** The sensor repeats its last reading from startMs for durationMs (a frozen gauge or a stale register). */
export interface StuckScenario {
  readonly kind: 'stuck';
  readonly startMs: number;
  readonly durationMs: number;
}

/** Readings that validation must reject or flag. */
export type BadValueKind = 'nan' | 'negative' | 'absurd' | 'null';
export const BAD_VALUE_KINDS: readonly BadValueKind[] = Object.freeze(['nan', 'negative', 'absurd', 'null']);

/**
 * What an instrument reports on overflow under SCPI (IEEE 488.2 "9.9E37"):
 * a real reading far outside every characteristic's plausible range.
 */
export const ABSURD_VALUE = 9.9e37;

/**
 * From startMs (for durationMs, or for ever), each reading is replaced with
 * probability `fraction` by a bad value of one of `kinds`, picked uniformly:
 * NaN, the negated reading, `absurdValue` (default ABSURD_VALUE) or null
 * (no value at all: an empty CSV field, a JSON null).
 */
export interface BadValuesScenario {
  readonly kind: 'bad-values';
  readonly startMs: number;
  readonly fraction: number;
  readonly kinds?: readonly BadValueKind[];
  readonly durationMs?: number;
  readonly absurdValue?: number;
}

export type Scenario = InControlScenario | StepScenario | DriftScenario | VarianceScenario | OffCentreScenario | StuckScenario | BadValuesScenario;

export type ScenarioKind = Scenario['kind'];
export const SCENARIO_KINDS: readonly ScenarioKind[] = Object.freeze(['in-control', 'step', 'drift', 'variance', 'off-centre', 'stuck', 'bad-values']);

export class ScenarioError extends LinewatchError<'LW_SIM_SCENARIO'> {
  constructor(message: string) {
    super('LW_SIM_SCENARIO', message);
    this.name = 'ScenarioError';
  }
}

/** Checks one scenario's parameters; throws a ScenarioError naming the bad one. */
export function validateScenario(s: Scenario): void {
  if (!SCENARIO_KINDS.includes(s.kind)) fail(`unknown scenario kind '${String(s.kind)}' (expected ${SCENARIO_KINDS.join(', ')})`);
  if (s.kind === 'in-control') return;
  nonNegative(s.kind, 'startMs', s.startMs);
  switch (s.kind) {
    case 'step':
      finite(s.kind, 'delta', s.delta);
      return;
    case 'drift':
      finite(s.kind, 'ratePerHour', s.ratePerHour);
      if (s.durationMs !== undefined) nonNegative(s.kind, 'durationMs', s.durationMs);
      return;
    case 'variance':
      positive(s.kind, 'factor', s.factor);
      return;
    case 'off-centre':
      finite(s.kind, 'mean', s.mean);
      if (s.sigmaFactor !== undefined) positive(s.kind, 'sigmaFactor', s.sigmaFactor);
      return;
    case 'stuck':
      nonNegative(s.kind, 'durationMs', s.durationMs);
      return;
    case 'bad-values':
      if (!(s.fraction >= 0 && s.fraction <= 1)) fail(`bad-values: fraction must be in [0, 1], got ${s.fraction}`);
      if (s.durationMs !== undefined) nonNegative(s.kind, 'durationMs', s.durationMs);
      if (s.absurdValue !== undefined) finite(s.kind, 'absurdValue', s.absurdValue);
      if (s.kinds !== undefined) {
        if (s.kinds.length === 0) fail('bad-values: kinds must name at least one kind');
        for (const k of s.kinds) if (!BAD_VALUE_KINDS.includes(k)) fail(`bad-values: unknown kind '${k}' (expected ${BAD_VALUE_KINDS.join(', ')})`);
      }
      return;
  }
}

/** When a scenario stops acting (Infinity for one that never stops). */
export function scenarioEndMs(s: Scenario): number {
  switch (s.kind) {
    case 'in-control':
      return Infinity;
    case 'stuck':
      return s.startMs + s.durationMs;
    case 'drift':
    case 'bad-values':
      return s.durationMs === undefined ? Infinity : s.startMs + s.durationMs;
    default:
      return Infinity;
  }
}

function fail(message: string): never {
  throw new ScenarioError(message);
}

function finite(kind: string, name: string, v: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${kind}: ${name} must be a finite number, got ${v}`);
}

function nonNegative(kind: string, name: string, v: number): void {
  if (typeof v !== 'number' || !(v >= 0) || !Number.isFinite(v)) fail(`${kind}: ${name} must be a finite number >= 0, got ${v}`);
}

function positive(kind: string, name: string, v: number): void {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) fail(`${kind}: ${name} must be a finite number > 0, got ${v}`);
}
