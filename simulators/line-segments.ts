/**
 * Scenarios compiled into time segments. Between two consecutive scenario
 * boundaries (a start or an end) nothing changes except the drift, which is
 * linear, so a segment is fully described by a mean at its start, a slope,
 * a sigma and the reading-level effects. The generator then costs O(1) per
 * reading whatever the number of scenarios: it only moves to the next segment
 * when time passes a boundary.
 *
 * meanAt and sigmaAt are the definition (scenario.ts says how scenarios
 * combine); the segments are built from them, and tests check both agree.
 */
import { ABSURD_VALUE, BAD_VALUE_KINDS, scenarioEndMs, validateScenario, type BadValueKind, type BadValuesScenario, type Scenario } from './scenario.js';

const MS_PER_HOUR = 3_600_000;

/** One bad-values scenario active in a segment. */
export interface BadValueRule {
  readonly fraction: number;
  readonly kinds: readonly BadValueKind[];
  readonly absurdValue: number;
}

export interface Segment {
  /** First instant of the segment (inclusive), ms since t = 0. */
  readonly startMs: number;
  /** First instant after it (exclusive); Infinity for the last. */
  readonly endMs: number;
  /** Process mean at startMs. */
  readonly mean: number;
  /** Change of the mean per ms within the segment (the sum of active drifts). */
  readonly slopePerMs: number;
  readonly sigma: number;
  readonly stuck: boolean;
  /** Bad-values scenarios active here, usually none or one. */
  readonly bad: readonly BadValueRule[];
}

/** The process mean at t, straight from the scenario definitions. */
export function meanAt(inControlMean: number, scenarios: readonly Scenario[], t: number): number {
  let base = inControlMean;
  let baseStart = -Infinity;
  let shift = 0;
  for (const s of scenarios) {
    if (s.kind === 'in-control' || t < s.startMs) continue;
    if (s.kind === 'step') shift += s.delta;
    else if (s.kind === 'drift') shift += (s.ratePerHour * (Math.min(t, scenarioEndMs(s)) - s.startMs)) / MS_PER_HOUR;
    else if (s.kind === 'off-centre' && s.startMs >= baseStart) {
      // The latest off-centre setting replaces the earlier ones: it is where the operator put the line.
      base = s.mean;
      baseStart = s.startMs;
    }
  }
  return base + shift;
}

/** The process sigma at t, straight from the scenario definitions. */
export function sigmaAt(inControlSigma: number, scenarios: readonly Scenario[], t: number): number {
  let factor = 1;
  let offCentreFactor = 1;
  let offCentreStart = -Infinity;
  for (const s of scenarios) {
    if (s.kind === 'in-control' || t < s.startMs) continue;
    if (s.kind === 'variance') factor *= s.factor;
    else if (s.kind === 'off-centre' && s.startMs >= offCentreStart) {
      offCentreFactor = s.sigmaFactor ?? 1;
      offCentreStart = s.startMs;
    }
  }
  return inControlSigma * factor * offCentreFactor;
}

function activeAt(s: Scenario, t: number): boolean {
  return s.kind !== 'in-control' && s.startMs <= t && t < scenarioEndMs(s);
}

/** Compiles validated scenarios into consecutive segments covering [0, Infinity). */
export function compileSegments(mean: number, sigma: number, scenarios: readonly Scenario[]): Segment[] {
  if (!Number.isFinite(mean)) throw new RangeError(`mean must be a finite number, got ${mean}`);
  if (!(sigma >= 0 && Number.isFinite(sigma))) throw new RangeError(`sigma must be a finite number >= 0, got ${sigma}`);
  for (const s of scenarios) validateScenario(s);
  const boundaries = new Set<number>([0]);
  for (const s of scenarios) {
    if (s.kind === 'in-control') continue;
    boundaries.add(s.startMs);
    const end = scenarioEndMs(s);
    if (Number.isFinite(end)) boundaries.add(end);
  }
  const starts = [...boundaries].sort((a, b) => a - b);
  return starts.map((startMs, i) => {
    const endMs = i + 1 < starts.length ? starts[i + 1] : Infinity;
    let slope = 0;
    let stuck = false;
    const bad: BadValueRule[] = [];
    for (const s of scenarios) {
      if (!activeAt(s, startMs)) continue;
      if (s.kind === 'drift') slope += s.ratePerHour / MS_PER_HOUR;
      else if (s.kind === 'stuck') stuck = true;
      else if (s.kind === 'bad-values' && s.fraction > 0) bad.push(badRule(s));
    }
    return Object.freeze({
      startMs,
      endMs,
      mean: meanAt(mean, scenarios, startMs),
      slopePerMs: slope,
      sigma: sigmaAt(sigma, scenarios, startMs),
      stuck,
      bad: Object.freeze(bad),
    });
  });
}

function badRule(s: BadValuesScenario): BadValueRule {
  return Object.freeze({
    fraction: s.fraction,
    kinds: Object.freeze([...(s.kinds ?? BAD_VALUE_KINDS)]),
    absurdValue: s.absurdValue ?? ABSURD_VALUE,
  });
}
