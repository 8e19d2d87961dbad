/**
 * What the control charts draw, computed from the points in view with the
 * same SPC code the analytics service runs (spc/, compiled into the page
 * too): the baseline (mu0, sigma0 = MRbar/1.128), the individuals limits
 * mu0 +/- 3 sigma0, and the EWMA with its exact time-varying limits
 * (spc/README.md).
 *
 * The limits come from the risk model's baseline of the series when it has
 * one (the analytics service's own Phase I); otherwise from the first
 * `spc.baseline` points of the window, and the chart says so.
 */
import { estimateBaseline } from '../../spc/baseline.js';
import { EwmaChart } from '../../spc/ewma.js';
import type { SeriesWindow } from './series-window.js';

export interface SpcSettings {
  readonly baseline: number;
  readonly ewmaLambda: number;
  readonly ewmaL: number;
}

export interface SpecLimits {
  readonly lsl: number | null;
  readonly usl: number | null;
  readonly nominal: number | null;
}

export interface ChartLimits {
  readonly mu0: number;
  readonly sigma0: number;
  /** Samples the baseline was estimated from. */
  readonly n: number;
  /** 'model': the analytics service's baseline; 'window': the first points in view. */
  readonly source: 'model' | 'window';
}

export interface ControlChartData {
  /** Seconds since the epoch (uPlot's time unit); a gap in the data gets one extra x with null values, so lines break there. */
  readonly x: number[];
  readonly y: Array<number | null>;
  /** The value where a point is beyond the control limits or the spec, else null: drawn as marks. */
  readonly flagged: Array<number | null>;
  readonly ewma: Array<number | null>;
  readonly ewmaUpper: Array<number | null>;
  readonly ewmaLower: Array<number | null>;
  /** The EWMA where a run of signals starts: one mark per episode, not a blanket of them. */
  readonly ewmaOnsets: Array<number | null>;
  readonly limits: ChartLimits | null;
  readonly counts: { readonly n: number; readonly beyondControl: number; readonly outOfSpec: number; readonly ewmaSignals: number };
}

/** Silence longer than this many average spacings (and at least MIN_GAP_MS) breaks the lines. */
const GAP_SPACINGS = 20;
const MIN_GAP_MS = 5_000;

/** Limits from the first points of the window, when there are at least two. */
export function windowLimits(values: readonly number[], spc: SpcSettings): ChartLimits | null {
  const n = Math.min(spc.baseline, values.length);
  if (n < 2) return null;
  const b = estimateBaseline(values, n);
  return { mu0: b.mean, sigma0: b.sigma, n, source: 'window' };
}

export function controlChartData(window: SeriesWindow, spec: SpecLimits, spc: SpcSettings, limits: ChartLimits | null): ControlChartData {
  const n = window.length;
  const { ts, values } = window;
  const out: ControlChartData = { x: [], y: [], flagged: [], ewma: [], ewmaUpper: [], ewmaLower: [], ewmaOnsets: [], limits, counts: { n, beyondControl: 0, outOfSpec: 0, ewmaSignals: 0 } };
  const counts = out.counts as { n: number; beyondControl: number; outOfSpec: number; ewmaSignals: number };
  const ucl = limits ? limits.mu0 + 3 * limits.sigma0 : Infinity;
  const lcl = limits ? limits.mu0 - 3 * limits.sigma0 : -Infinity;
  const lsl = spec.lsl ?? -Infinity;
  const usl = spec.usl ?? Infinity;
  const chart = limits ? new EwmaChart(limits.mu0, limits.sigma0, spc.ewmaLambda, spc.ewmaL) : null;
  const keep2 = (1 - spc.ewmaLambda) ** 2;
  const halfWidth = limits ? spc.ewmaL * limits.sigma0 * Math.sqrt(spc.ewmaLambda / (2 - spc.ewmaLambda)) : 0;
  let decay = keep2;
  let signalling = false;
  const gapMs = n > 1 ? Math.max(MIN_GAP_MS, (GAP_SPACINGS * (ts[n - 1] - ts[0])) / (n - 1)) : Infinity;

  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (i > 0 && ts[i] - ts[i - 1] > gapMs) push(out, (ts[i] + ts[i - 1]) / 2000, null, null, null, null, null, null);
    const outOfSpec = v < lsl || v > usl;
    const beyond = v > ucl || v < lcl;
    if (outOfSpec) counts.outOfSpec += 1;
    if (beyond) counts.beyondControl += 1;
    if (!chart || !limits) {
      push(out, ts[i] / 1000, v, outOfSpec || beyond ? v : null, null, null, null, null);
      continue;
    }
    const signal = chart.update(v) !== 0;
    // The same time factor as EwmaChart's own limits: exact for early samples, asymptotic later.
    const w = halfWidth * Math.sqrt(1 - decay);
    decay *= keep2;
    if (signal) counts.ewmaSignals += 1;
    const z = chart.statistic;
    push(out, ts[i] / 1000, v, outOfSpec || beyond ? v : null, z, limits.mu0 + w, limits.mu0 - w, signal && !signalling ? z : null);
    signalling = signal;
  }
  return out;
}

function push(o: ControlChartData, x: number, y: number | null, flagged: number | null, z: number | null, upper: number | null, lower: number | null, onset: number | null): void {
  o.x.push(x);
  o.y.push(y);
  o.flagged.push(flagged);
  o.ewma.push(z);
  o.ewmaUpper.push(upper);
  o.ewmaLower.push(lower);
  o.ewmaOnsets.push(onset);
}
