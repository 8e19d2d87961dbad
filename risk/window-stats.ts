import { intervalSizes } from './capability-interval.js';

/** What a series' rolling window holds, merged from its buckets. */
export interface WindowSummary {
  n: number;
  /** Times of the first and last sample in the window, ms. */
  firstTs: number;
  lastTs: number;
  mean: number;
  /** Sample standard deviation over the window (n - 1). */
  sdOverall: number;
  /** MRbar / 1.128 from the moving ranges inside the window. */
  sigmaWithin: number;
  min: number;
  max: number;
  belowLsl: number;
  aboveUsl: number;
  /** Samples at which EWMA or CUSUM signalled. */
  chartSignals: number;
  /** Least-squares slope of value on time, per hour, and its t-statistic. */
  slopePerHour: number;
  trendT: number;
  /** Standard deviation of the residuals about that line: near sigma within for a straight drift, larger for a step. */
  residualSd: number;
  /**
   * The current level: an exponentially weighted mean of the newest samples
   * (weight LEVEL_WEIGHT, about the last 50), for judging where the process
   * stands now rather than where it stood on average over the window.
   */
  level: number;
  /**
   * Lag-1 autocorrelation of the readings: the lag products about each
   * bucket's own mean, pooled over the window's buckets (so a step or a drift
   * across the window does not read as autocorrelation), with Kendall's bias
   * correction. About the window's mean instead when the buckets hold fewer
   * than LAG1_MIN_PER_BUCKET readings on average. In [-1, 1]; NaN when the
   * readings do not vary. The interval sizes clamp it to [0, 0.99].
   */
  lag1: number;
  /** The level's sample size for independent readings: 1 / sum(w_i^2) of its weights (at most n). */
  levelN: number;
  /** The n of the Cpk interval's mean term (capability-interval.ts, intervalSizes): levelN reduced for lag1. */
  nEff: number;
  /** The degrees of freedom of sigma within in the Cpk interval, from the moving ranges and lag1. */
  dfWithin: number;
  /**
   * The same trend over the newest third of the window's buckets: a drift
   * still under way shows there as a straight, certain slope; after a step,
   * or a drift that stopped, it is flat or not a line.
   */
  recent: { n: number; slopePerHour: number; trendT: number; residualSd: number };
}

/** Weight of the newest sample in the current level: about its last 50 samples (5 s at 10 Hz). */
export const LEVEL_WEIGHT = 0.02;
/** Below this many readings per bucket on average, lag1 is taken about the window's mean, not each bucket's. */
export const LAG1_MIN_PER_BUCKET = 20;

const D2 = 1.128;
// Per bucket: how many, Welford mean and M2, min, max, moving ranges, regression
// sums (time in hours from the bucket's start, values less the series' first value),
// samples beyond each limit, chart signals, first and last time, and the lag-1
// sums over the pairs (x_t, x_(t-1)) whose x_t falls in the bucket (values less
// the series' first value, like the regression's): sum x_t x_(t-1), sum x_t, sum x_(t-1).
const N = 0,
  MEAN = 1,
  M2 = 2,
  MIN = 3,
  MAX = 4,
  MR_SUM = 5,
  MR_N = 6,
  S_DT = 7,
  S_DT2 = 8,
  S_DTX = 9,
  S_X = 10,
  BELOW = 11,
  ABOVE = 12,
  SIGNALS = 13,
  FIRST = 14,
  LAST = 15;
const LAG_XY = 16,
  LAG_X = 17,
  LAG_Y = 18;
const FIELDS = 19;
const HOUR = 3_600_000;

/**
 * Rolling statistics of one series over the last `bucketCount` buckets of
 * `bucketMs` of sample time: count, mean and variance (Welford within a
 * bucket, Chan's formula across buckets), mean moving range, spec
 * excursions, chart signals, the sums of a least-squares trend and of the
 * lag-1 autocorrelation, and the current level with its weights. A sample
 * costs O(1) and no allocation (one preallocated array); merging the window
 * costs O(buckets) and is done only when the series is assessed.
 */
export class WindowStats {
  private readonly data: Float64Array;
  private readonly bucketIds: Float64Array;
  private latestId = -Infinity;
  private previous = NaN;
  private reference = NaN;
  private level = NaN;
  /** Readings in the level so far, and the sum of its weights squared. */
  private levelCount = 0;
  private levelW2 = 0;

  constructor(
    readonly bucketMs: number,
    readonly bucketCount: number,
  ) {
    this.data = new Float64Array(bucketCount * FIELDS);
    this.bucketIds = new Float64Array(bucketCount).fill(-1);
  }

  /** Adds a sample; `belowLsl`/`aboveUsl` say whether it is beyond a limit, `chartSignal` whether EWMA or CUSUM signalled at it. */
  push(ts: number, x: number, belowLsl: boolean, aboveUsl: boolean, chartSignal: boolean): void {
    const id = Math.floor(ts / this.bucketMs);
    if (id > this.latestId) this.latestId = id;
    else if (id <= this.latestId - this.bucketCount) return; // older than the window
    if (Number.isNaN(this.reference)) this.reference = x;
    // Samples arrive in time order per series, so the newest is the last pushed. The level is
    // the plain mean of the first 1/LEVEL_WEIGHT readings, then their EWMA (a fixed weight from
    // the start would leave the first reading half the level after 35 readings). Its weights'
    // squares are kept as the level moves: sum w^2 <- (1 - alpha)^2 sum w^2 + alpha^2.
    const alpha = Math.max(LEVEL_WEIGHT, 1 / ++this.levelCount);
    this.level = alpha === 1 ? x : this.level + alpha * (x - this.level);
    this.levelW2 = (1 - alpha) * (1 - alpha) * this.levelW2 + alpha * alpha;
    const slot = id % this.bucketCount;
    const d = this.data;
    const o = slot * FIELDS;
    if (this.bucketIds[slot] !== id) {
      d.fill(0, o, o + FIELDS);
      d[o + MIN] = Infinity;
      d[o + MAX] = -Infinity;
      d[o + FIRST] = ts;
      this.bucketIds[slot] = id;
    }
    const n = d[o + N] + 1;
    d[o + N] = n;
    const delta = x - d[o + MEAN];
    d[o + MEAN] += delta / n;
    d[o + M2] += delta * (x - d[o + MEAN]);
    if (x < d[o + MIN]) d[o + MIN] = x;
    if (x > d[o + MAX]) d[o + MAX] = x;
    const dx = x - this.reference;
    if (!Number.isNaN(this.previous)) {
      d[o + MR_SUM] += Math.abs(x - this.previous);
      d[o + MR_N] += 1;
      const dp = this.previous - this.reference;
      d[o + LAG_XY] += dx * dp;
      d[o + LAG_X] += dx;
      d[o + LAG_Y] += dp;
    }
    this.previous = x;
    const dt = (ts - id * this.bucketMs) / HOUR;
    d[o + S_DT] += dt;
    d[o + S_DT2] += dt * dt;
    d[o + S_DTX] += dt * dx;
    d[o + S_X] += dx;
    if (belowLsl) d[o + BELOW] += 1;
    if (aboveUsl) d[o + ABOVE] += 1;
    if (chartSignal) d[o + SIGNALS] += 1;
    if (ts < d[o + FIRST]) d[o + FIRST] = ts;
    if (ts > d[o + LAST]) d[o + LAST] = ts;
  }

  /** The window ending at the newest bucket, or null when it holds no sample. */
  summary(): WindowSummary | null {
    const all = this.merge(this.latestId - this.bucketCount + 1);
    if (all.n === 0) return null;
    // The newest third of the buckets the data span (at least the newest bucket).
    const spanned = this.latestId - Math.floor(all.firstTs / this.bucketMs) + 1;
    const recent = this.merge(this.latestId - Math.max(1, Math.ceil(spanned / 3)) + 1);
    const trend = fit(all);
    const recentTrend = fit(recent);
    const lag1 = lagOne(all);
    const levelN = Math.min(1 / this.levelW2, all.n);
    const sizes = intervalSizes(levelN, all.mrN, lag1, LEVEL_WEIGHT);
    return {
      n: all.n,
      firstTs: all.firstTs,
      lastTs: all.lastTs,
      mean: all.mean,
      sdOverall: all.n > 1 ? Math.sqrt(all.m2 / (all.n - 1)) : NaN,
      sigmaWithin: all.mrN > 0 ? all.mrSum / all.mrN / D2 : NaN,
      min: all.min,
      max: all.max,
      belowLsl: all.below,
      aboveUsl: all.above,
      chartSignals: all.signals,
      slopePerHour: trend.slope,
      trendT: trend.t,
      residualSd: trend.residualSd,
      level: this.level,
      lag1,
      levelN,
      nEff: sizes.nEff,
      dfWithin: sizes.dfWithin,
      recent: { n: recent.n, slopePerHour: recentTrend.slope, trendT: recentTrend.t, residualSd: recentTrend.residualSd },
    };
  }

  /** The buckets from `oldest` to the newest, merged. */
  private merge(oldest: number): Merged {
    const d = this.data;
    const origin = oldest * this.bucketMs;
    const m: Merged = {
      n: 0,
      mean: 0,
      m2: 0,
      min: Infinity,
      max: -Infinity,
      mrSum: 0,
      mrN: 0,
      st: 0,
      stt: 0,
      stx: 0,
      sx: 0,
      below: 0,
      above: 0,
      signals: 0,
      firstTs: Infinity,
      lastTs: -Infinity,
      buckets: 0,
      m2Within: 0,
      lagWithin: 0,
      lagXY: 0,
      lagX: 0,
      lagY: 0,
    };
    for (let slot = 0; slot < this.bucketCount; slot++) {
      const id = this.bucketIds[slot];
      if (id < oldest || id > this.latestId) continue;
      const o = slot * FIELDS;
      const nb = d[o + N];
      if (nb === 0) continue;
      // Chan et al.: merge the bucket's mean and M2 into the running ones.
      const total = m.n + nb;
      const delta = d[o + MEAN] - m.mean;
      m.mean += (delta * nb) / total;
      m.m2 += d[o + M2] + (delta * delta * m.n * nb) / total;
      m.n = total;
      if (d[o + MIN] < m.min) m.min = d[o + MIN];
      if (d[o + MAX] > m.max) m.max = d[o + MAX];
      m.mrSum += d[o + MR_SUM];
      m.mrN += d[o + MR_N];
      // Lag products about the bucket's own mean b: sum (x_t - b)(x_(t-1) - b) over its pairs.
      const b = d[o + S_X] / nb;
      m.lagWithin += d[o + LAG_XY] - b * (d[o + LAG_X] + d[o + LAG_Y]) + d[o + MR_N] * b * b;
      m.m2Within += d[o + M2];
      m.buckets += 1;
      m.lagXY += d[o + LAG_XY];
      m.lagX += d[o + LAG_X];
      m.lagY += d[o + LAG_Y];
      // Shift the bucket's time origin to the merged range's: t = shift + dt.
      const shift = (id * this.bucketMs - origin) / HOUR;
      m.st += nb * shift + d[o + S_DT];
      m.stt += nb * shift * shift + 2 * shift * d[o + S_DT] + d[o + S_DT2];
      m.stx += shift * d[o + S_X] + d[o + S_DTX];
      m.sx += d[o + S_X];
      m.below += d[o + BELOW];
      m.above += d[o + ABOVE];
      m.signals += d[o + SIGNALS];
      if (d[o + FIRST] < m.firstTs) m.firstTs = d[o + FIRST];
      if (d[o + LAST] > m.lastTs) m.lastTs = d[o + LAST];
    }
    return m;
  }
}

interface Merged {
  n: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  mrSum: number;
  mrN: number;
  st: number;
  stt: number;
  stx: number;
  sx: number;
  below: number;
  above: number;
  signals: number;
  firstTs: number;
  lastTs: number;
  /** Non-empty buckets; sum of their M2 and of their lag products, each about its own mean. */
  buckets: number;
  m2Within: number;
  lagWithin: number;
  /** The raw lag-1 sums (values less the series' first value). */
  lagXY: number;
  lagX: number;
  lagY: number;
}

/**
 * Lag-1 autocorrelation: sum (x_t - m)(x_(t-1) - m) / sum (x_t - m)^2 with m
 * each bucket's mean (pooled over the buckets), or the window's when the
 * buckets are too thin to centre on. Centring on the mean biases the estimate
 * down by about (1 + 3 r) / k over k readings; it is corrected as
 * r = (k r^ + 1) / (k - 3), k the readings per centring (M. G. Kendall, "Note
 * on bias in the estimation of autocorrelation", Biometrika 41, 1954;
 * Marriott & Pope, ibid.). Pooled buckets share their edge pairs with the
 * bucket before, which makes their bias smaller than that, so the correction
 * leans conservative (toward a larger r, a wider interval) for buckets of a
 * few dozen readings; at 10 Hz (600 a bucket) either is a few thousandths.
 */
function lagOne(m: Merged): number {
  const perBucket = m.n / m.buckets;
  let raw: number;
  let k: number;
  if (perBucket >= LAG1_MIN_PER_BUCKET) {
    raw = m.lagWithin / m.m2Within;
    k = perBucket;
  } else {
    const c = m.sx / m.n;
    raw = (m.lagXY - c * (m.lagX + m.lagY) + m.mrN * c * c) / m.m2;
    k = m.n;
  }
  if (!Number.isFinite(raw) || k <= 4) return NaN;
  return Math.max(-1, Math.min(1, (k * raw + 1) / (k - 3)));
}

/** Least-squares line through merged sums: slope per hour, its t-statistic, the residuals' sd. */
function fit(m: Merged): { slope: number; t: number; residualSd: number } {
  if (m.n < 3) return { slope: 0, t: 0, residualSd: NaN };
  const ctt = m.stt - (m.st * m.st) / m.n;
  const ctx = m.stx - (m.st * m.sx) / m.n;
  const slope = ctt > 0 ? ctx / ctt : 0;
  const sse = Math.max(0, m.m2 - slope * ctx);
  const se = ctt > 0 ? Math.sqrt(sse / (m.n - 2) / ctt) : Infinity;
  const t = se > 0 && Number.isFinite(se) ? slope / se : slope === 0 ? 0 : Infinity * Math.sign(slope);
  return { slope, t, residualSd: Math.sqrt(sse / (m.n - 2)) };
}
