/**
 * What a series card's time chart draws, and how it relates to what runs on
 * the server.
 *
 * The live monitor (monitor/) does not chart single readings: it gathers
 * them into subgroups of `subgroupMs` of sample time (subgroup k holds the
 * readings with floor(ts / subgroupMs) = k), and its charts (CUSUM, EWMA,
 * Shewhart, with limits from a false-alarm budget) run on the subgroup
 * means. Its Phase I locks mu0, the sigma of the readings and the sigma of
 * the subgroup means; "mean ± 3 sd of the means" is the Shewhart-style
 * reading of those limits that a person can check by eye.
 *
 * So the chart shows:
 *   - the readings, faintly, with the ±1/±2/±3 sigma zones *of the readings*
 *     about mu0 shaded under them (how the readings spread);
 *   - the subgroup means, computed here from the same readings and the same
 *     subgroup boundaries (the monitor also winsorises a wild reading at
 *     mu0 ± 3 sigma before it enters a mean, so a mean here can differ from
 *     the monitor's where a reading was that wild);
 *   - UCL / CL / LCL = mu0 ± 3 sd of the means, from the limits in force,
 *     which apply to the means and not to single readings;
 *   - spec limits and nominal, which apply to single readings (product).
 * No limits are computed here: while the monitor is in Phase I there are
 * none, and the card says how far Phase I has got.
 */
import type { SeriesWindow } from './series-window.js';

export interface SpecLimits {
  readonly lsl: number | null;
  readonly usl: number | null;
  readonly nominal: number | null;
}

/** The live monitor's limits in force (LiveSeriesView.limits of the risk API), as far as the chart needs them. */
export interface LiveLimits {
  readonly version: number;
  readonly mean: number;
  readonly sdReadings: number;
  readonly sdMean: number;
  readonly ucl: number;
  readonly lcl: number;
  readonly subgroupMs: number;
}

export interface LiveChartData {
  /** Seconds since the epoch (uPlot's time unit); a gap in the data gets one extra x with null values, so lines break there. */
  readonly x: number[];
  readonly readings: Array<number | null>;
  /** Each reading's subgroup mean, held across the subgroup (a step line); null without subgroups. */
  readonly means: Array<number | null>;
  /** The reading where it is out of spec, else null: drawn as marks. */
  readonly outOfSpec: Array<number | null>;
  /** The subgroup mean, at its subgroup's last reading, where it is beyond UCL or LCL: drawn as marks. */
  readonly meanBeyond: Array<number | null>;
  readonly counts: { readonly n: number; readonly subgroups: number; readonly meansBeyond: number; readonly outOfSpec: number };
}

/** Silence longer than this many average spacings (and at least MIN_GAP_MS) breaks the lines. */
const GAP_SPACINGS = 20;
const MIN_GAP_MS = 5_000;

/**
 * The chart's series from the readings in view. `subgroupMs` is the
 * monitor's subgroup length (null: no subgroup means are drawn), `limits`
 * the limits in force (null during Phase I: no mean is flagged).
 */
export function liveChartData(window: SeriesWindow, spec: SpecLimits, limits: LiveLimits | null, subgroupMs: number | null): LiveChartData {
  const { ts, values } = window;
  const n = window.length;
  const means: Array<number | null> = new Array<number | null>(n).fill(null);
  const beyond: Array<number | null> = new Array<number | null>(n).fill(null);
  let subgroups = 0;
  let meansBeyond = 0;
  if (subgroupMs !== null && subgroupMs > 0) {
    let start = 0;
    while (start < n) {
      const id = Math.floor(ts[start] / subgroupMs);
      let end = start;
      let sum = 0;
      while (end < n && Math.floor(ts[end] / subgroupMs) === id) sum += values[end++];
      const mean = sum / (end - start);
      for (let i = start; i < end; i++) means[i] = mean;
      subgroups += 1;
      if (limits && (mean > limits.ucl || mean < limits.lcl)) {
        beyond[end - 1] = mean;
        meansBeyond += 1;
      }
      start = end;
    }
  }

  const lsl = spec.lsl ?? -Infinity;
  const usl = spec.usl ?? Infinity;
  const gapMs = n > 1 ? Math.max(MIN_GAP_MS, (GAP_SPACINGS * (ts[n - 1] - ts[0])) / (n - 1)) : Infinity;
  const out = { x: [] as number[], readings: [] as Array<number | null>, means: [] as Array<number | null>, outOfSpec: [] as Array<number | null>, meanBeyond: [] as Array<number | null> };
  const push = (x: number, r: number | null, m: number | null, o: number | null, b: number | null) => {
    out.x.push(x);
    out.readings.push(r);
    out.means.push(m);
    out.outOfSpec.push(o);
    out.meanBeyond.push(b);
  };
  let outOfSpec = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (i > 0 && ts[i] - ts[i - 1] > gapMs) push((ts[i] + ts[i - 1]) / 2000, null, null, null, null);
    const product = v < lsl || v > usl;
    if (product) outOfSpec += 1;
    push(ts[i] / 1000, v, means[i], product ? v : null, beyond[i]);
  }
  return { ...out, counts: { n, subgroups, meansBeyond, outOfSpec } };
}
