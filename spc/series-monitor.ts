import { estimateBaseline, type Baseline } from './baseline.js';
import { IndividualsCharts, type IndividualsChartsState } from './individuals-charts.js';
import { resolveSpcOptions, type SpcOptions } from './options.js';

/** Serialisable state of a SeriesMonitor, for checkpoints across restarts. */
export interface SeriesMonitorState {
  options: SpcOptions;
  /** Samples seen so far (the index the next one gets). */
  count: number;
  /** The Phase I samples while the window is still filling, else null. */
  pending: number[] | null;
  baseline: Baseline | null;
  charts: IndividualsChartsState | null;
}

/**
 * The streaming form of the individuals analysis: one object per series,
 * fed one valid sample at a time.
 *
 * While the baseline window fills, samples are kept in a preallocated buffer
 * and no signal is raised. The sample that closes the window fixes mu0 and
 * sigma0 and replays the window through the charts to bring their state up to
 * date (docs/spc-conventions.md, "Streaming"); from the next sample on, `push` returns
 * exactly the signals the batch analysis finds at that index. After the
 * window closes, each sample costs O(1) time and no allocation.
 */
export class SeriesMonitor {
  readonly options: SpcOptions;
  private window: Float64Array | null;
  private count = 0;
  private fixed: Baseline | null = null;
  private charts: IndividualsCharts | null = null;

  constructor(options: Partial<SpcOptions> = {}) {
    this.options = resolveSpcOptions(options);
    this.window = new Float64Array(this.options.baseline);
  }

  /**
   * Takes the next valid sample (finite; validation happens upstream) and
   * returns the SIGNAL flags raised at it; always 0 within the baseline.
   */
  push(x: number): number {
    const charts = this.charts;
    if (charts !== null) {
      this.count += 1;
      return charts.update(x);
    }
    const window = this.window as Float64Array;
    window[this.count] = x;
    this.count += 1;
    if (this.count === window.length) this.closeBaseline(window);
    return 0;
  }

  private closeBaseline(window: Float64Array): void {
    const baseline = estimateBaseline(window, window.length);
    const charts = new IndividualsCharts(baseline, this.options);
    for (let i = 0; i < window.length; i++) charts.update(window[i]);
    this.fixed = baseline;
    this.charts = charts;
    this.window = null;
  }

  /** Samples seen so far; the next sample's index. */
  get samples(): number {
    return this.count;
  }

  /** mu0 and sigma0 once the window has closed, else null. */
  get baseline(): Baseline | null {
    return this.fixed;
  }

  /** The EWMA statistic, or NaN within the baseline. */
  get ewma(): number {
    return this.charts ? this.charts.ewma : NaN;
  }

  /** The CUSUM sums (data units), or NaN within the baseline. */
  get cusumUpper(): number {
    return this.charts ? this.charts.cusumUpper : NaN;
  }

  get cusumLower(): number {
    return this.charts ? this.charts.cusumLower : NaN;
  }

  snapshot(): SeriesMonitorState {
    return {
      options: this.options,
      count: this.count,
      pending: this.window ? Array.from(this.window.subarray(0, this.count)) : null,
      baseline: this.fixed,
      charts: this.charts ? this.charts.snapshot() : null,
    };
  }

  static restore(state: SeriesMonitorState): SeriesMonitor {
    const monitor = new SeriesMonitor(state.options);
    if (state.baseline && state.charts) {
      monitor.fixed = Object.freeze({ ...state.baseline });
      monitor.charts = new IndividualsCharts(monitor.fixed, monitor.options);
      monitor.charts.restore(state.charts);
      monitor.window = null;
      monitor.count = state.count;
    } else {
      for (const x of state.pending ?? []) monitor.push(x);
    }
    return monitor;
  }
}
