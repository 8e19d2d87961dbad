/** A plain, serialisable copy of RunningStats' state. */
export interface RunningStatsState {
  n: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  last: number;
  mrSum: number;
}

/**
 * Count, mean, variance (Welford's update), min, max and mean moving range of
 * a stream, in O(1) time and memory per sample. Welford's recurrence avoids
 * the cancellation of sum-of-squares formulas when the spread is tiny next to
 * the mean (a 0.8 mm insulation wall measured to the micrometre).
 */
export class RunningStats {
  private s: RunningStatsState = { n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, last: NaN, mrSum: 0 };

  push(x: number): void {
    const s = this.s;
    s.n += 1;
    const delta = x - s.mean;
    s.mean += delta / s.n;
    s.m2 += delta * (x - s.mean);
    if (x < s.min) s.min = x;
    if (x > s.max) s.max = x;
    if (s.n > 1) s.mrSum += Math.abs(x - s.last);
    s.last = x;
  }

  get count(): number {
    return this.s.n;
  }

  /** The mean, or NaN before the first sample. */
  get mean(): number {
    return this.s.n > 0 ? this.s.mean : NaN;
  }

  /** Sample variance (n - 1), or NaN below two samples. */
  get variance(): number {
    return this.s.n > 1 ? this.s.m2 / (this.s.n - 1) : NaN;
  }

  /** Sample standard deviation (n - 1), or NaN below two samples. */
  get sd(): number {
    return Math.sqrt(this.variance);
  }

  get min(): number {
    return this.s.n > 0 ? this.s.min : NaN;
  }

  get max(): number {
    return this.s.n > 0 ? this.s.max : NaN;
  }

  /** Mean of the n - 1 moving ranges |x[i] - x[i-1]|, or NaN below two samples. */
  get mrBar(): number {
    return this.s.n > 1 ? this.s.mrSum / (this.s.n - 1) : NaN;
  }

  snapshot(): RunningStatsState {
    return { ...this.s };
  }

  static restore(state: RunningStatsState): RunningStats {
    const stats = new RunningStats();
    // JSON turns the empty state's infinite min/max and NaN last into null.
    stats.s = state.n === 0 ? stats.s : { ...state, min: state.min ?? Infinity, max: state.max ?? -Infinity, last: state.last ?? NaN };
    return stats;
  }
}
