import type { CharacteristicName } from '../../domain/characteristics.js';
import { RunningStats, type RunningStatsState } from '../../spc/running-stats.js';
import { SeriesMonitor, type SeriesMonitorState } from '../../spc/series-monitor.js';
import type { SpcOptions } from '../../spc/options.js';
import type { SeriesSpec } from '../series-catalog.js';
import { WindowStats } from '../../risk/window-stats.js';
import { SIGNAL } from '../../spc/signals.js';

const CHART_SIGNALS = SIGNAL.ewma | SIGNAL.cusum;

/** Serialisable state of one series, for checkpoints. */
export interface SeriesStateSnapshot {
  enterprise: string;
  line: string;
  characteristic: CharacteristicName;
  lastTs: number;
  monitor: SeriesMonitorState;
  stats: RunningStatsState;
}

/**
 * The live state of one series: its SPC monitor, running statistics since it
 * started, and the newest sample time it has seen. Samples arrive in time
 * order per series (a gateway sends its outbox in order); a sample at or
 * before `lastTs` is a redelivery or a late straggler and is not fed to the
 * charts twice.
 */
export class SeriesState {
  lastTs = -Infinity;
  /** When the series last received a sample, wall clock (a silent gateway is a risk too). */
  lastArrival = -Infinity;
  readonly stats: RunningStats;
  readonly monitor: SeriesMonitor;
  /** The risk model's rolling window over the newest samples. */
  readonly window: WindowStats;

  constructor(
    readonly enterprise: string,
    readonly line: string,
    readonly characteristic: CharacteristicName,
    public spec: SeriesSpec,
    options: Partial<SpcOptions>,
    window: { readonly bucketMs: number; readonly bucketCount: number },
    restored?: SeriesStateSnapshot,
  ) {
    this.window = new WindowStats(window.bucketMs, window.bucketCount);
    this.monitor = restored ? SeriesMonitor.restore(restored.monitor) : new SeriesMonitor(options);
    this.stats = restored ? RunningStats.restore(restored.stats) : new RunningStats();
    // JSON has no -Infinity: an empty series' watermark comes back as null.
    if (restored) this.lastTs = restored.lastTs ?? -Infinity;
  }

  /**
   * Feeds one sample; returns its SIGNAL flags, or -1 when the sample is not
   * newer than the last one and was skipped.
   */
  observe(ts: number, value: number): number {
    if (ts <= this.lastTs) return -1;
    this.lastTs = ts;
    this.stats.push(value);
    const mask = this.monitor.push(value);
    this.addToWindow(ts, value, mask);
    return mask;
  }

  /** Feeds the risk window only (a restart refills it from the store without charting twice). */
  addToWindow(ts: number, value: number, mask = 0): void {
    const { lsl, usl } = this.spec;
    this.window.push(ts, value, lsl !== null && value < lsl, usl !== null && value > usl, (mask & CHART_SIGNALS) !== 0);
  }

  /** Whether a value is strictly outside the spec limits. */
  outOfSpec(value: number): boolean {
    const { lsl, usl } = this.spec;
    return (lsl !== null && value < lsl) || (usl !== null && value > usl);
  }

  snapshot(): SeriesStateSnapshot {
    return {
      enterprise: this.enterprise,
      line: this.line,
      characteristic: this.characteristic,
      lastTs: this.lastTs,
      monitor: this.monitor.snapshot(),
      stats: this.stats.snapshot(),
    };
  }
}
