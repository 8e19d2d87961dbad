/**
 * One characteristic's readings on one reel, folded in one at a time: count,
 * extremes, mean and sum of squared deviations (Welford, numerically stable
 * without keeping the readings), readings out of spec and metres out of spec.
 * O(1) and allocation-free per reading, so every reading of every line can
 * pass through it on the ingest path.
 */
import type { CharacteristicName } from '../../domain/characteristics.js';
import { characteristicVerdict, type ReelCharacteristic, type ReelVerdictOptions } from './reel-record.js';

/** A product's spec limits for a characteristic; either may be absent. */
export interface ReelSpecLimits {
  readonly lsl: number | null;
  readonly usl: number | null;
}

export class ReelAccumulator {
  private n = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private mean = 0;
  /** Sum of squared deviations from the running mean (Welford's M2). */
  private m2 = 0;
  private outOfSpec = 0;
  /** Metres out of spec so far; NaN until a reading carried a position. */
  private metresOut = Number.NaN;
  /** The position of the last reading that carried one; NaN before. */
  private lastPositionM = Number.NaN;

  constructor(
    readonly characteristic: CharacteristicName,
    readonly limits: ReelSpecLimits,
  ) {}

  /** Folds in one reading; `positionM` NaN when the reading carried no position. Readings come in sample-time order. */
  add(value: number, positionM: number): void {
    this.n += 1;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    const delta = value - this.mean;
    this.mean += delta / this.n;
    this.m2 += delta * (value - this.mean);
    const { lsl, usl } = this.limits;
    const out = (lsl !== null && value < lsl) || (usl !== null && value > usl);
    if (out) this.outOfSpec += 1;
    if (Number.isNaN(positionM)) return;
    if (Number.isNaN(this.metresOut)) this.metresOut = 0;
    // The rule of out-of-spec episodes (monitor/series-watch.ts): the length wound since the reading before
    // counts when the later reading is out of spec; a position that went back is a new run, not negative length.
    const previous = this.lastPositionM;
    if (out && positionM > previous) this.metresOut += positionM - previous;
    this.lastPositionM = positionM;
  }

  get count(): number {
    return this.n;
  }

  /** What the readings so far come to, with the characteristic's verdict. */
  result(options: ReelVerdictOptions): ReelCharacteristic {
    const n = this.n;
    const { lsl, usl } = this.limits;
    const sd = n >= 2 ? Math.sqrt(Math.max(0, this.m2) / (n - 1)) : null;
    const mean = n > 0 ? this.mean : null;
    const partial = { n, outOfSpec: this.outOfSpec, lsl, usl };
    return {
      characteristic: this.characteristic,
      n,
      min: n > 0 ? this.min : null,
      max: n > 0 ? this.max : null,
      mean,
      sd,
      lsl,
      usl,
      ppk: ppkOf(mean, sd, lsl, usl),
      outOfSpec: this.outOfSpec,
      metresOutOfSpec: Number.isNaN(this.metresOut) ? null : this.metresOut,
      verdict: characteristicVerdict(partial, options),
    };
  }
}

/** min(USL - mean, mean - LSL) / (3 sd) over the limits that exist; null without a limit, a mean, or a positive sd. */
export function ppkOf(mean: number | null, sd: number | null, lsl: number | null, usl: number | null): number | null {
  if (mean === null || sd === null || sd === 0 || (lsl === null && usl === null)) return null;
  const upper = usl === null ? Number.POSITIVE_INFINITY : usl - mean;
  const lower = lsl === null ? Number.POSITIVE_INFINITY : mean - lsl;
  return Math.min(upper, lower) / (3 * sd);
}
