import { normalQuantile } from '../spc/normal.js';
import type { LimitsReason, LockedLimits } from './limits.js';

/**
 * Phase I of the live monitor: collects subgroup means until the baseline
 * holds `needed` of them, checks that they look stable, and only then locks
 * the limits. Memory is O(1): the window is kept as four quarters of running
 * sums, never as samples, so 12,600 series in Phase I cost a few kilobytes.
 *
 * The stability check compares each quarter's mean with the rest (in units of
 * the long-run standard error, which autocorrelation widens) and each
 * quarter's spread with the pooled one. A refused window drops its oldest
 * quarter and waits for one more, so a process that settled after a start-up
 * gets limits from its settled part.
 *
 * Sums are kept relative to the first value seen (the shifted-data form of
 * the variance sums), so a 0.8 mm wall measured to the micrometre loses no
 * digits to cancellation.
 */
export interface PhaseOneState {
  needed: number;
  reference: number;
  quarters: QuarterSums[];
  /** Previous subgroup's id and deviation, for the lag-1 products (NaN after a gap). */
  previousId: number;
  previousDev: number;
  refused: number;
  lastRefusal: string | null;
  /** The previous reading, for the moving ranges (NaN before the first). */
  previousReading: number;
}

interface QuarterSums {
  /** Subgroups, sum and sum of squares of their deviations from the reference. */
  n: number;
  s1: number;
  s2: number;
  /** Consecutive pairs ending in this quarter, and the sum of their deviation products. */
  pairs: number;
  lag: number;
  /** Sums of the deviations of the pairs' earlier and later members. */
  lagFirst: number;
  lagSecond: number;
  /** Readings, their deviations and squares. */
  readings: number;
  r1: number;
  r2: number;
  /** Moving ranges of consecutive readings: their sum and count (sigma within = mean / d2). */
  mrSum: number;
  mrN: number;
  firstTs: number;
  lastTs: number;
}

/** Family-wise false refusal rate of one stability check. */
const CHECK_ALPHA = 0.002;
/** d2 for moving ranges of two: E[|x1 - x2|] = d2 sigma for independent normal readings. */
const D2 = 1.128;
/** Largest |phi| used: beyond it the residual chart would amplify noise. */
const MAX_PHI = 0.95;

export class PhaseOne {
  private s: PhaseOneState;

  constructor(needed: number, state?: PhaseOneState) {
    this.s = state ? structuredClone(state) : { needed, reference: NaN, quarters: [emptyQuarter()], previousId: NaN, previousDev: NaN, refused: 0, lastRefusal: null, previousReading: NaN };
  }

  /** Adds a reading's value (the spread of the readings is reported to people). */
  addReading(x: number): void {
    const q = this.current();
    if (Number.isNaN(this.s.reference)) this.s.reference = x;
    const d = x - this.s.reference;
    q.readings += 1;
    q.r1 += d;
    q.r2 += d * d;
    const previous = this.s.previousReading;
    if (!Number.isNaN(previous)) {
      q.mrSum += Math.abs(x - previous);
      q.mrN += 1;
    }
    this.s.previousReading = x;
  }

  /**
   * Adds a closed subgroup; returns the locked limits once the window is
   * complete and stable, else null.
   */
  addSubgroup(id: number, mean: number, endTs: number, version: number, reason: LimitsReason, product: string | null): LockedLimits | null {
    const s = this.s;
    if (Number.isNaN(s.reference)) s.reference = mean;
    const d = mean - s.reference;
    const q = this.current();
    if (q.n === 0) q.firstTs = endTs;
    q.n += 1;
    q.s1 += d;
    q.s2 += d * d;
    q.lastTs = endTs;
    if (id === s.previousId + 1 && !Number.isNaN(s.previousDev)) {
      q.pairs += 1;
      q.lag += d * s.previousDev;
      q.lagFirst += s.previousDev;
      q.lagSecond += d;
    }
    s.previousId = id;
    s.previousDev = d;
    if (q.n < this.quarterSize()) return null;
    if (s.quarters.length === 4) {
      const refusal = this.stabilityProblem();
      if (refusal === null) return this.lock(version, reason, product);
      s.refused += 1;
      s.lastRefusal = refusal;
      s.quarters.shift();
    }
    // The newest quarter is full: readings from here on belong to the next one.
    s.quarters.push(emptyQuarter());
    return null;
  }

  /** Drops the partial pair link: the next subgroup follows a gap. */
  breakSequence(): void {
    this.s.previousDev = NaN;
  }

  get collected(): number {
    return this.s.quarters.reduce((n, q) => n + q.n, 0);
  }

  get needed(): number {
    return this.s.needed;
  }

  get refused(): number {
    return this.s.refused;
  }

  get lastRefusal(): string | null {
    return this.s.lastRefusal;
  }

  snapshot(): PhaseOneState {
    return structuredClone(this.s);
  }

  /** The quarter being filled (never full between calls). */
  private current(): QuarterSums {
    return this.s.quarters[this.s.quarters.length - 1];
  }

  private quarterSize(): number {
    return Math.ceil(this.s.needed / 4);
  }

  private pooled(): { n: number; mean: number; variance: number; phi: number; readings: number; readingMean: number; readingVariance: number; sigmaWithin: number } {
    let n = 0,
      s1 = 0,
      s2 = 0,
      pairs = 0,
      lag = 0,
      lagFirst = 0,
      lagSecond = 0,
      readings = 0,
      r1 = 0,
      r2 = 0,
      mrSum = 0,
      mrN = 0;
    for (const q of this.s.quarters) {
      n += q.n;
      s1 += q.s1;
      s2 += q.s2;
      // The first pair of the oldest quarter may reach into a dropped one; it is still a true pair.
      pairs += q.pairs;
      lag += q.lag;
      lagFirst += q.lagFirst;
      lagSecond += q.lagSecond;
      readings += q.readings;
      r1 += q.r1;
      r2 += q.r2;
      mrSum += q.mrSum;
      mrN += q.mrN;
    }
    const mean = s1 / n;
    const variance = Math.max(0, (s2 - n * mean * mean) / (n - 1));
    // Lag-1 autocorrelation about the pooled mean (the usual estimator's numerator, over the pairs).
    const cov = pairs > 0 ? (lag - mean * (lagFirst + lagSecond) + pairs * mean * mean) / pairs : 0;
    const gamma0 = (s2 - n * mean * mean) / n;
    const phi = gamma0 > 0 ? Math.max(-MAX_PHI, Math.min(MAX_PHI, cov / gamma0)) : 0;
    const readingMean = readings > 0 ? r1 / readings : mean;
    const readingVariance = readings > 1 ? Math.max(0, (r2 - readings * readingMean * readingMean) / (readings - 1)) : NaN;
    const sigmaWithin = mrN > 0 ? mrSum / mrN / D2 : NaN;
    return { n, mean, variance, phi, readings, readingMean, readingVariance, sigmaWithin };
  }

  /** Why the window does not look stable, or null when it does. */
  private stabilityProblem(): string | null {
    const p = this.pooled();
    const sd = Math.sqrt(p.variance);
    // The sums are relative to the first value seen: a gauge stuck at another value leaves only the
    // rounding of the sums (about 1e-16 of the squared offset) as variance, which is no spread.
    if (!(p.variance > 1e-12 * (p.variance + p.mean * p.mean))) return 'the subgroup means do not vary at all (a stuck gauge?)';
    const phi = Math.max(0, p.phi);
    // Long-run sd of a mean of consecutive subgroups under AR(1): sd sqrt((1 + phi) / (1 - phi)).
    const longRun = sd * Math.sqrt((1 + phi) / (1 - phi));
    const quarters = this.s.quarters;
    const z = normalQuantile(1 - CHECK_ALPHA / (2 * 2 * quarters.length));
    for (let i = 0; i < quarters.length; i++) {
      const q = quarters[i];
      const qMean = q.s1 / q.n;
      const se = longRun * Math.sqrt(Math.max(1 / q.n - 1 / p.n, 1e-12));
      const t = (qMean - p.mean) / se;
      if (Math.abs(t) > z) return `quarter ${i + 1} of the baseline has its mean ${Math.abs(t).toFixed(1)} standard errors ${t > 0 ? 'above' : 'below'} the rest (a shift or a drift during Phase I)`;
      const qVar = Math.max(0, (q.s2 - q.n * qMean * qMean) / (q.n - 1));
      // ln(s_q^2 / s^2) is about normal with variance 2 / df; autocorrelation lowers the df.
      const df = Math.max(2, ((q.n - 1) * (1 - phi * phi)) / (1 + phi * phi));
      const logRatio = Math.log(qVar / p.variance);
      if (Math.abs(logRatio) > z * Math.sqrt(2 / df)) return `quarter ${i + 1} of the baseline has ${Math.exp(logRatio / 2).toFixed(2)} times the pooled spread (the process was not steady)`;
    }
    return null;
  }

  private lock(version: number, reason: LimitsReason, product: string | null): LockedLimits {
    const p = this.pooled();
    const sdMean = Math.sqrt(p.variance);
    const ref = this.s.reference;
    const quarters = this.s.quarters;
    return Object.freeze({
      version,
      reason,
      fromTs: quarters[0].firstTs,
      lockedAtTs: quarters[quarters.length - 1].lastTs,
      subgroups: p.n,
      product,
      mean: ref + p.mean,
      sdReadings: Number.isNaN(p.readingVariance) ? sdMean : Math.sqrt(p.readingVariance),
      sigmaWithin: Number.isNaN(p.sigmaWithin) ? sdMean : p.sigmaWithin,
      sdMean,
      phi: p.phi,
      sdResidual: sdMean * Math.sqrt(1 - p.phi * p.phi),
      readingsPerSubgroup: p.readings > 0 ? p.readings / p.n : 1,
    });
  }
}

function emptyQuarter(): QuarterSums {
  return { n: 0, s1: 0, s2: 0, pairs: 0, lag: 0, lagFirst: 0, lagSecond: 0, readings: 0, r1: 0, r2: 0, mrSum: 0, mrN: 0, firstTs: NaN, lastTs: NaN };
}
