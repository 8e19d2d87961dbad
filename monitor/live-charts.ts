import type { LiveChartDesign, LiveDesign } from './design.js';
import { LIVE_CHARTS, type LiveChartName } from './options.js';

/** The live charts' signals as bit flags: one subgroup's result is one small integer. */
export const LIVE_SIGNAL: Readonly<Record<LiveChartName, number>> = Object.freeze({ cusumSmall: 1, cusumLarge: 2, ewma: 4, shewhart: 8 });

/** The chart names set in a mask, in the order of LIVE_CHARTS. */
export function liveSignalNames(mask: number): LiveChartName[] {
  return LIVE_CHARTS.filter((name) => (mask & LIVE_SIGNAL[name]) !== 0);
}

export interface LiveChartsState {
  /** Per chart in design order: [C+, C-] for a CUSUM, [Z, 0] for an EWMA, [0, 0] for a Shewhart chart. */
  values: number[];
}

/**
 * The budgeted charts, run together on standardised residuals z (mean 0,
 * sd 1 in control). A CUSUM or EWMA restarts from zero after any signal, so
 * a shift that persists signals again after about one out-of-control ARL,
 * which keeps its episode open, and a false alarm does not echo. O(1) per
 * subgroup, no allocation.
 */
export class LiveCharts {
  private readonly kind: Uint8Array; // 0 cusum, 1 ewma, 2 shewhart
  private readonly bit: Uint8Array;
  private readonly k: Float64Array;
  private readonly limit: Float64Array; // h, the EWMA's asymptotic half-width, or L
  private readonly lambda: Float64Array;
  private readonly a: Float64Array;
  private readonly b: Float64Array;

  /**
   * `clip`: residuals are clipped to +/- this before they enter a chart with
   * memory (CUSUM, EWMA), so one wild subgroup cannot push it far; a
   * Shewhart chart, whose limit is usually beyond the clip, sees them whole.
   */
  constructor(
    readonly design: LiveDesign,
    private readonly clip: number = Infinity,
  ) {
    const n = design.charts.length;
    this.kind = new Uint8Array(n);
    this.bit = new Uint8Array(n);
    this.k = new Float64Array(n);
    this.limit = new Float64Array(n);
    this.lambda = new Float64Array(n);
    this.a = new Float64Array(n);
    this.b = new Float64Array(n);
    design.charts.forEach((c: LiveChartDesign, i) => {
      this.bit[i] = LIVE_SIGNAL[c.name];
      if (c.kind === 'cusum') {
        this.kind[i] = 0;
        this.k[i] = c.k as number;
        this.limit[i] = c.h as number;
      } else if (c.kind === 'ewma') {
        const lambda = c.lambda as number;
        this.kind[i] = 1;
        this.lambda[i] = lambda;
        this.limit[i] = (c.L as number) * Math.sqrt(lambda / (2 - lambda));
      } else {
        this.kind[i] = 2;
        this.limit[i] = c.L as number;
      }
    });
  }

  /** Charts one standardised residual; returns the LIVE_SIGNAL flags (0 when none). Restarts every chart after a signal. */
  update(z: number): number {
    let mask = 0;
    const clipped = Math.min(this.clip, Math.max(z, -this.clip));
    const n = this.kind.length;
    for (let i = 0; i < n; i++) {
      switch (this.kind[i]) {
        case 0: {
          const up = Math.max(0, this.a[i] + clipped - this.k[i]);
          const down = Math.max(0, this.b[i] - clipped - this.k[i]);
          this.a[i] = up;
          this.b[i] = down;
          if (up > this.limit[i] || down > this.limit[i]) mask |= this.bit[i];
          break;
        }
        case 1: {
          const e = this.lambda[i] * clipped + (1 - this.lambda[i]) * this.a[i];
          this.a[i] = e;
          if (e > this.limit[i] || e < -this.limit[i]) mask |= this.bit[i];
          break;
        }
        default:
          if (z > this.limit[i] || z < -this.limit[i]) mask |= this.bit[i];
      }
    }
    if (mask !== 0) this.restart();
    return mask;
  }

  restart(): void {
    this.a.fill(0);
    this.b.fill(0);
  }

  /**
   * How far the charts are toward a signal, 0 (at rest) to 1 (at the limit):
   * the largest over the charts, for a gauge on the dashboard.
   */
  get pressure(): number {
    let p = 0;
    for (let i = 0; i < this.kind.length; i++) {
      const v = this.kind[i] === 2 ? 0 : Math.max(Math.abs(this.a[i]), this.b[i]) / this.limit[i];
      if (v > p) p = v;
    }
    return p;
  }

  /** Direction the charts lean: +1 up, -1 down, 0 at rest. */
  get direction(): number {
    let best = 0;
    let dir = 0;
    for (let i = 0; i < this.kind.length; i++) {
      if (this.kind[i] === 0) {
        if (this.a[i] / this.limit[i] > best) (best = this.a[i] / this.limit[i]), (dir = 1);
        if (this.b[i] / this.limit[i] > best) (best = this.b[i] / this.limit[i]), (dir = -1);
      } else if (this.kind[i] === 1 && Math.abs(this.a[i]) / this.limit[i] > best) {
        best = Math.abs(this.a[i]) / this.limit[i];
        dir = Math.sign(this.a[i]);
      }
    }
    return dir;
  }

  snapshot(): LiveChartsState {
    const values: number[] = [];
    for (let i = 0; i < this.kind.length; i++) values.push(this.a[i], this.b[i]);
    return { values };
  }

  restore(state: LiveChartsState): void {
    for (let i = 0; i < this.kind.length; i++) {
      this.a[i] = state.values[2 * i] ?? 0;
      this.b[i] = state.values[2 * i + 1] ?? 0;
    }
  }
}
