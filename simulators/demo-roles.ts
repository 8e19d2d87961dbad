/**
 * What goes wrong where in the demo fleet. The enterprises of the
 * configuration, in their order there, take these roles one each; the rest
 * run in control. A configuration with fewer enterprises gets the first
 * roles of the list, so even two enterprises show the two problems a
 * regulator cares most about: cutting material and a drift toward a limit.
 *
 * | #  | role           | profile       | on (the first line that has it)                          | starts at        |
 * | -- | -------------- | ------------- | -------------------------------------------------------- | ---------------- |
 * | 1  | cuts material  | off-centre    | insulation, else sheath, diameter, resistance            | baseline + 15 s  |
 * | 2  | drifts         | drift         | resistance, else diameter, insulation, sheath            | baseline + 10 s  |
 * | 3  | flaky gateway  | flaky-gateway | its first gateway; 1 % bad values on that one's first series | baseline + 10 s |
 * | 4  | varies more    | variance      | sheath, else insulation, diameter, resistance            | baseline + 20 s  |
 * | 5  | steps          | step          | conductor diameter, else resistance, insulation, sheath  | baseline + 10 s  |
 * | 6+ | in control     | in-control    |                                                          |                  |
 *
 * For config/demo.json (a 2-minute Phase I of the live monitor): hengyuan
 * cuts L1 insulation at 2:15, jinxing's L1 resistance drifts from 2:10,
 * huatong-gw1 drops out at 2:10 for 2 min (longer than the risk model's 30 s
 * of silence, so the regulator sees a silent gateway), dongsheng's L2 sheath
 * varies from 2:20, xinhai's L1 diameter steps at 2:10; ruifeng, taihe and
 * yongxin stay in control (test/unit/simulators/demo-from-config.test.ts
 * checks this).
 *
 * An enterprise measuring none of the listed characteristics takes the role
 * on its first series; one without a gateway is not simulated and takes no
 * role (nothing could publish for it). Every problem starts after the live
 * monitor's Phase I (monitor/README.md), so its limits come from in-control
 * data and the problem is judged against them.
 */
import type { CharacteristicName } from '../domain/characteristics.js';
import { DEFAULT_SEVERITY, type Problem, type ProblemSeverity } from './fleet-description.js';
import type { CharacteristicDefaults } from './products.js';
import { withDefaults } from '../domain/with-defaults.js';

/** The problems the demo shows, in the order enterprises get them. */
export type DemoProblem = Extract<Problem, 'offCentre' | 'drift' | 'flakyGateway' | 'variance' | 'step'>;

export interface RoleRecipe {
  readonly problem: DemoProblem;
  /** The characteristics the problem goes on, best first; empty for a gateway problem (it picks the first series). */
  readonly characteristics: readonly CharacteristicName[];
  /** Start, ms after the SPC baseline has filled. */
  readonly leadMs: number;
}

export const DEMO_ROLES: readonly RoleRecipe[] = Object.freeze([
  { problem: 'offCentre', characteristics: ['insulation_thickness', 'sheath_thickness', 'conductor_diameter', 'conductor_resistance'], leadMs: 15_000 },
  { problem: 'drift', characteristics: ['conductor_resistance', 'conductor_diameter', 'insulation_thickness', 'sheath_thickness'], leadMs: 10_000 },
  { problem: 'flakyGateway', characteristics: [], leadMs: 10_000 },
  { problem: 'variance', characteristics: ['sheath_thickness', 'insulation_thickness', 'conductor_diameter', 'conductor_resistance'], leadMs: 20_000 },
  { problem: 'step', characteristics: ['conductor_diameter', 'conductor_resistance', 'insulation_thickness', 'sheath_thickness'], leadMs: 10_000 },
]);

/**
 * Strong enough for EWMA or CUSUM to flag within seconds (the drift within
 * about a minute), so a visitor sees every kind of alert in the first two.
 * Cutting material keeps the general fleet's setting: half the sigma, mean
 * 2.5 new sigma inside the limit (Cpk 0.83).
 */
export const DEMO_SEVERITY: ProblemSeverity = withDefaults(DEFAULT_SEVERITY, {
  // From an in-control Cpk of 5/3 to the limit is 5 sigma: 1 sigma a minute.
  driftToLimitMs: 5 * 60_000,
  stepSigma: 2.5,
  varianceFactor: 3,
  badFraction: 0.01,
  flaky: Object.freeze({ outagesPerHour: 30, minDurationMs: 3_000, maxDurationMs: 20_000 }),
});

/**
 * The flaky gateway's first outage: certain, and long enough that the risk
 * model calls its series silent (after 30 s) and the regulator's
 * silent-gateway finding then holds its minute and opens.
 */
export const FIRST_OUTAGE_MS = 120_000;

/** What a visitor should see, in one sentence. */
export function roleStory(problem: DemoProblem | 'inControl', where: { line: string; c: CharacteristicDefaults } | null, gateway: string): string {
  if (problem === 'inControl') return 'every line in control, well centred';
  if (problem === 'flakyGateway') return `gateway ${gateway} drops out for ${FIRST_OUTAGE_MS / 1000} s, then again every couple of minutes, and sends a few bad values; its lines are fine`;
  if (where === null) return 'nothing measured to put the problem on';
  const { line, c } = where;
  const name = c.characteristic.replace(/_/g, ' ');
  const limit = c.savingDirection === 1 ? `${c.usl} ${c.unit} maximum` : `${c.lsl} ${c.unit} minimum`;
  switch (problem) {
    case 'offCentre':
      return `${name} on ${line} is cut to just inside its ${limit} and held there, very steadily (saving material)`;
    case 'drift':
      return `${name} on ${line} creeps to its ${limit} over ${DEMO_SEVERITY.driftToLimitMs / 60_000} minutes, then stays there`;
    case 'variance':
      return `${name} on ${line} becomes ${DEMO_SEVERITY.varianceFactor} times as variable (an unstable extruder or capstan)`;
    case 'step':
      return `${name} on ${line} jumps ${DEMO_SEVERITY.stepSigma} sigma toward its ${limit} at once (a die change)`;
  }
}
