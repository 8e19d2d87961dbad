/**
 * One characteristic of one line as a process model: an in-control mean and
 * sigma, white (autocorrelation-free) Gaussian noise, and scenarios in time
 * (scenario.ts). Deterministic from its seed: the same spec and seed give the
 * same readings at the same times, whatever else runs alongside.
 *
 * The hot path, `next(t)`, is O(1) and allocates nothing: scenarios are
 * compiled into segments (line-segments.ts) and only the current one is read.
 */
import { SeededRandom } from './random.js';
import { compileSegments, meanAt, sigmaAt, type BadValueRule, type Segment } from './line-segments.js';
import type { Scenario } from './scenario.js';
import { mix32 } from './seed.js';

export interface LineModelSpec {
  /** In-control process mean, in the characteristic's unit. */
  readonly mean: number;
  /** In-control standard deviation of the readings (process and gauge together). */
  readonly sigma: number;
  readonly scenarios?: readonly Scenario[];
  /**
   * Lowest value the gauge reports; default 0, null for no floor.
   * Thickness, diameter and resistance cannot be negative, so a Gaussian
   * tail below 0 (possible only under an extreme variance factor) is a
   * modelling artefact, not a reading: clamping keeps negative values for the
   * `bad-values` scenario alone, so a validation test counts exactly what it
   * injected. With realistic sigmas (the mean is 20+ sigma from 0) the floor
   * never acts.
   */
  readonly floor?: number | null;
}

export class LineModel {
  readonly segments: readonly Segment[];
  private readonly noise: SeededRandom;
  // A second stream for reading-level events, so that switching bad values on
  // or off leaves every other reading's noise exactly as it was.
  private readonly events: SeededRandom;
  private readonly floor: number;
  private readonly inControlMean: number;
  private readonly inControlSigma: number;
  private readonly scenarios: readonly Scenario[];

  // The current segment, copied into fields for the hot path.
  private segmentIndex = -1;
  private segmentStart = 0;
  private segmentEnd = -Infinity;
  private mean0 = 0;
  private slope = 0;
  private sigma = 0;
  private stuck = false;
  private bad: readonly BadValueRule[] | null = null;

  private lastT = -Infinity;
  private last = NaN; // last reading the gauge produced (bad values excluded)
  private held = NaN; // the value a stuck sensor repeats, NaN when not stuck

  constructor(spec: LineModelSpec, seed: number) {
    this.scenarios = Object.freeze([...(spec.scenarios ?? [])]);
    this.segments = Object.freeze(compileSegments(spec.mean, spec.sigma, this.scenarios));
    this.inControlMean = spec.mean;
    this.inControlSigma = spec.sigma;
    this.floor = spec.floor === null ? -Infinity : (spec.floor ?? 0);
    this.noise = new SeededRandom(seed);
    this.events = new SeededRandom(mix32(seed ^ 0x5bd1e995));
  }

  /**
   * The reading at time t (ms since the start; t must not decrease from one
   * call to the next): a number, or null for a missing value injected by a
   * `bad-values` scenario.
   */
  next(t: number): number | null {
    if (t < this.lastT) throw new RangeError(`readings must be asked for in time order: ${t} ms after ${this.lastT} ms`);
    this.lastT = t;
    while (t >= this.segmentEnd) this.enter(this.segmentIndex + 1);
    // Always draw, stuck or not, so a stuck spell does not shift later noise.
    let x = this.mean0 + this.slope * (t - this.segmentStart) + this.sigma * this.noise.normal();
    if (x < this.floor) x = this.floor;
    if (this.stuck) {
      if (Number.isNaN(this.held)) this.held = Number.isNaN(this.last) ? x : this.last;
      x = this.held;
    }
    this.last = x;
    return this.bad === null ? x : this.corrupt(x);
  }

  /** The process mean at t (what the readings scatter around). */
  meanAt(t: number): number {
    return meanAt(this.inControlMean, this.scenarios, t);
  }

  /** The process sigma at t. */
  sigmaAt(t: number): number {
    return sigmaAt(this.inControlSigma, this.scenarios, t);
  }

  private enter(index: number): void {
    const s = this.segments[index];
    this.segmentIndex = index;
    this.segmentStart = s.startMs;
    this.segmentEnd = s.endMs;
    this.mean0 = s.mean;
    this.slope = s.slopePerMs;
    this.sigma = s.sigma;
    // A stuck spell split by another scenario's boundary keeps its value.
    if (!s.stuck) this.held = NaN;
    this.stuck = s.stuck;
    this.bad = s.bad.length > 0 ? s.bad : null;
  }

  private corrupt(x: number): number | null {
    for (const rule of this.bad as readonly BadValueRule[]) {
      if (this.events.uniform() >= rule.fraction) continue;
      const kind = rule.kinds[Math.floor(this.events.uniform() * rule.kinds.length)];
      switch (kind) {
        case 'nan':
          return NaN;
        case 'negative':
          // The reading with its sign flipped, as a sign-bit fault would give;
          // -1 when the reading is 0, because -0 is a valid zero.
          return x > 0 ? -x : -1;
        case 'absurd':
          return rule.absurdValue;
        case 'null':
          return null;
      }
    }
    return x;
  }
}
