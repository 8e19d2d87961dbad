import type { CharacteristicName } from '../../domain/characteristics.js';
import { RunningStats, type RunningStatsState } from '../../spc/running-stats.js';
import { SeriesMonitor, type SeriesMonitorState } from '../../spc/series-monitor.js';
import type { SpcOptions } from '../../spc/options.js';
import type { SeriesSpec } from '../series-catalog.js';

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
  readonly stats: RunningStats;
  readonly monitor: SeriesMonitor;

  constructor(
    readonly enterprise: string,
    readonly line: string,
    readonly characteristic: CharacteristicName,
    public spec: SeriesSpec,
    options: Partial<SpcOptions>,
    restored?: SeriesStateSnapshot,
  ) {
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
    return this.monitor.push(value);
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
