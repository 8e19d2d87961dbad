/**
 * The "double random" draw of a period: random enterprises, random
 * inspectors, reproducible from a published seed.
 *
 * - Enterprises are drawn without replacement with odds weighted by class and
 *   risk: weight = classWeight[class] x (1 + riskWeight x risk / 100), by
 *   Efraimidis and Spirakis' method (Information Processing Letters 97, 2006):
 *   each candidate gets the key ln(u) / weight with u uniform, and the
 *   `count` largest keys are drawn. Candidates are taken in id order, so the
 *   order they are listed in does not change the draw.
 * - Each drawn enterprise, in draw order, gets `inspectorsPerEnterprise`
 *   inspectors from the pool, never one listed as conflicted with it, the
 *   least loaded first and ties broken at random, so the work spreads evenly.
 * - The uniform numbers come from seeded-random.ts (sfc32 from the SHA-256
 *   of the seed text). The record holds everything the draw used, so
 *   `verifyDraw` recomputes it from the record alone.
 */
import { seededUniform, type Uniform } from './seeded-random.js';
import { SUPERVISION_CLASSES, type SupervisionClass } from './records.js';
import { sha256 } from './sha256.js';

export interface DrawCandidate {
  readonly enterprise: string;
  readonly class: SupervisionClass;
  /** The enterprise's risk score at the draw, 0-100. */
  readonly risk: number;
}

export interface Conflict {
  readonly inspector: string;
  readonly enterprise: string;
}

export interface DrawParameters {
  /** Enterprises to draw. */
  readonly count: number;
  /** Relative odds per class. Judgement: in proportion to the standard's inspection frequency (1 : 2 : 4). */
  readonly classWeights: Readonly<Record<SupervisionClass, number>>;
  /** How much risk raises the odds: at 1 a risk of 100 doubles them. Judgement. */
  readonly riskWeight: number;
  /** Inspectors per enterprise. The double-random rules ask for two. */
  readonly inspectorsPerEnterprise: number;
}

export const DEFAULT_DRAW_PARAMETERS: DrawParameters = Object.freeze({
  count: 10,
  classWeights: Object.freeze({ A: 1, B: 2, C: 4 }),
  riskWeight: 1,
  inspectorsPerEnterprise: 2,
});

export interface DrawInput {
  /** Published before the draw, e.g. a lottery result or the bureau's announcement. */
  readonly seed: string;
  /** The period drawn for, e.g. '2026-Q2'. */
  readonly period: string;
  readonly parameters: DrawParameters;
  readonly candidates: readonly DrawCandidate[];
  readonly inspectors: readonly string[];
  readonly conflicts: readonly Conflict[];
}

export interface DrawPick {
  readonly enterprise: string;
  readonly class: SupervisionClass;
  readonly risk: number;
  readonly weight: number;
  readonly inspectors: readonly string[];
}

/** What the bureau publishes: the inputs in a canonical order, and the picks in draw order. */
export interface DrawRecord extends DrawInput {
  readonly picks: readonly DrawPick[];
}

export type DrawOutcome = { readonly ok: true; readonly record: DrawRecord } | { readonly ok: false; readonly problem: string };

export function drawWeight(c: DrawCandidate, p: DrawParameters): number {
  return p.classWeights[c.class] * (1 + (p.riskWeight * c.risk) / 100);
}

export function draw(input: DrawInput, hash: (text: string) => Uint8Array = sha256): DrawOutcome {
  const problem = checkInput(input);
  if (problem) return { ok: false, problem };
  const p = input.parameters;
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const candidates = [...input.candidates].sort((a, b) => byId(a.enterprise, b.enterprise));
  const inspectors = [...input.inspectors].sort(byId);
  const conflicts = [...input.conflicts].sort((a, b) => byId(a.enterprise, b.enterprise) || byId(a.inspector, b.inspector));
  const eligible = candidates.filter((c) => drawWeight(c, p) > 0);
  if (p.count > eligible.length) return { ok: false, problem: `draw: count ${p.count} exceeds the ${eligible.length} candidates with odds above 0` };
  const uniform = seededUniform(input.seed, hash);
  const keyed = candidates.map((c) => ({ c, weight: drawWeight(c, p), key: Math.log(uniform()) / drawWeight(c, p) }));
  const drawn = keyed
    .filter((k) => k.weight > 0)
    .sort((a, b) => b.key - a.key || byId(a.c.enterprise, b.c.enterprise))
    .slice(0, p.count);
  const conflicted = new Set(conflicts.map((c) => `${c.inspector}\u0000${c.enterprise}`));
  const load = new Map(inspectors.map((i) => [i, 0]));
  const picks: DrawPick[] = [];
  for (const { c, weight } of drawn) {
    const free = inspectors.filter((i) => !conflicted.has(`${i}\u0000${c.enterprise}`));
    if (free.length < p.inspectorsPerEnterprise) {
      return { ok: false, problem: `draw: enterprise ${c.enterprise} has ${free.length} inspector(s) without a conflict, needs ${p.inspectorsPerEnterprise}` };
    }
    const team = leastLoaded(shuffle(free, uniform), load, p.inspectorsPerEnterprise);
    for (const i of team) load.set(i, load.get(i)! + 1);
    picks.push({ enterprise: c.enterprise, class: c.class, risk: c.risk, weight, inspectors: team });
  }
  return { ok: true, record: { seed: input.seed, period: input.period, parameters: p, candidates, inspectors, conflicts, picks } };
}

/** Recomputes a published draw from its own record; true when it gives the same picks. */
export function verifyDraw(record: DrawRecord, hash: (text: string) => Uint8Array = sha256): boolean {
  const again = draw(record, hash);
  return again.ok && JSON.stringify(again.record.picks) === JSON.stringify(record.picks);
}

function shuffle<T>(items: readonly T[], uniform: Uniform): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The `k` least loaded, keeping the shuffled order among equals (Array.prototype.sort is stable). */
function leastLoaded(shuffled: readonly string[], load: ReadonlyMap<string, number>, k: number): string[] {
  return [...shuffled].sort((a, b) => load.get(a)! - load.get(b)!).slice(0, k);
}

function checkInput(input: DrawInput): string | null {
  const p = input.parameters;
  if (input.seed.trim() === '') return 'draw: the seed is empty';
  if (!Number.isInteger(p.count) || p.count < 1) return `draw.count: expected an integer >= 1, got ${p.count}`;
  if (!Number.isInteger(p.inspectorsPerEnterprise) || p.inspectorsPerEnterprise < 1) return `draw.inspectorsPerEnterprise: expected an integer >= 1, got ${p.inspectorsPerEnterprise}`;
  if (!(p.riskWeight >= 0 && Number.isFinite(p.riskWeight))) return `draw.riskWeight: expected a number >= 0, got ${p.riskWeight}`;
  for (const cls of SUPERVISION_CLASSES) {
    const w = p.classWeights[cls];
    if (!(typeof w === 'number' && w >= 0 && Number.isFinite(w))) return `draw.classWeights.${cls}: expected a number >= 0, got ${String(w)}`;
  }
  const seen = new Set<string>();
  for (const c of input.candidates) {
    if (seen.has(c.enterprise)) return `draw: enterprise ${c.enterprise} is listed twice`;
    seen.add(c.enterprise);
    if (!(c.risk >= 0 && c.risk <= 100)) return `draw: enterprise ${c.enterprise} risk must be 0-100, got ${c.risk}`;
  }
  if (new Set(input.inspectors).size !== input.inspectors.length) return 'draw: an inspector is listed twice';
  return null;
}
