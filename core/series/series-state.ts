import type { CharacteristicName } from '../../domain/characteristics.js';
import type { AlertEvent } from '../../monitor/alert.js';
import type { EpisodeBook } from '../../monitor/episode-book.js';
import type { LiveMonitorOptions } from '../../monitor/options.js';
import { SeriesWatch, type SeriesWatchState } from '../../monitor/series-watch.js';
import { RunningStats, type RunningStatsState } from '../../spc/running-stats.js';
import type { SeriesSpec } from '../catalog/series-catalog.js';
import { WindowStats } from '../../risk/window-stats.js';
import { SeriesDays, type SeriesDaysSnapshot } from '../../risk/series-days.js';

/** Days of daily evidence kept per series when the caller does not say. */
const DEFAULT_EVIDENCE_DAYS = 400;

/** Serialisable state of one series, for checkpoints. */
export interface SeriesStateSnapshot {
  enterprise: string;
  line: string;
  characteristic: CharacteristicName;
  lastTs: number;
  watch: SeriesWatchState;
  stats: RunningStatsState;
  /** The series' daily evidence (absent in checkpoints from before it). */
  days?: SeriesDaysSnapshot;
  /** Its production time so far (absent in checkpoints from before it). ms */
  productionMs?: number;
}

/**
 * The live state of one series: its live monitor (monitor/series-watch.ts),
 * running statistics since it started, the risk model's rolling window, and
 * the newest sample time it has seen. Samples arrive in time order per
 * series (a gateway sends its outbox in order); a sample at or before
 * `lastTs` is a redelivery or a late straggler and is not charted twice.
 */
export class SeriesState {
  lastTs = -Infinity;
  /** When the series last received a sample, wall clock (a silent gateway is a risk too). */
  lastArrival = -Infinity;
  readonly stats: RunningStats;
  readonly watch: SeriesWatch;
  /** The risk model's rolling window over the newest samples. */
  readonly window: WindowStats;
  /** Its production day by day in sample time: the evidence behind a class (domain/daily-evidence.ts). */
  readonly days: SeriesDays;
  /**
   * Production time: the sample time its readings cover, each gap between
   * two readings counting for at most the risk window (a stopped line is no
   * evidence). The class state and the risk days weigh each assessment by
   * the production time since the previous one, so they come out the same
   * however often the enterprise is assessed. ms
   */
  productionMs = 0;
  /** Whether the watch has taken up the episodes the book held before this state existed (a restart). */
  private adopted = false;

  constructor(
    readonly enterprise: string,
    readonly line: string,
    readonly characteristic: CharacteristicName,
    public spec: SeriesSpec,
    live: LiveMonitorOptions,
    window: { readonly bucketMs: number; readonly bucketCount: number; readonly evidenceDays?: number },
    restored?: SeriesStateSnapshot,
  ) {
    this.window = new WindowStats(window.bucketMs, window.bucketCount);
    this.days = new SeriesDays(enterprise, line, characteristic, window.evidenceDays ?? DEFAULT_EVIDENCE_DAYS);
    if (restored?.days) this.days.restore(restored.days);
    this.productionMs = restored?.productionMs ?? 0;
    // A checkpoint from before the live monitor (no `watch`) starts the watch afresh.
    this.watch = restored?.watch ? SeriesWatch.restore(this, spec, live, restored.watch) : new SeriesWatch(this, spec, live, spec.product ?? null);
    // The line makes another product than when the checkpoint was taken: its limits are re-established on the new one.
    if (restored?.watch && spec.product !== undefined) this.watch.changeProduct(spec.product, spec);
    this.stats = restored ? RunningStats.restore(restored.stats) : new RunningStats();
    // JSON has no -Infinity: an empty series' watermark comes back as null.
    if (restored) this.lastTs = restored.lastTs ?? -Infinity;
  }

  /**
   * Feeds one sample to the statistics, the risk window and the live
   * monitor, whose episode events go to `events`. Returns false when the
   * sample is not newer than the last one and was skipped.
   */
  observe(ts: number, value: number, book: EpisodeBook, now: number, events: AlertEvent[]): boolean {
    if (ts <= this.lastTs) return false;
    if (!this.adopted) {
      this.watch.adoptEpisodes(book);
      this.adopted = true;
    }
    if (Number.isFinite(this.lastTs)) this.productionMs += Math.min(ts - this.lastTs, this.window.bucketMs * this.window.bucketCount);
    this.lastTs = ts;
    this.stats.push(value);
    const mask = this.watch.push(ts, value, book, now, events);
    this.addToWindow(ts, value, mask !== 0);
    // Here and not in addToWindow: a restart refills the window from the store, but its days come from the checkpoint.
    this.days.push(ts, value, this.outOfSpec(value));
    return true;
  }

  /** Feeds the risk window only (a restart refills it from the store without charting twice). */
  addToWindow(ts: number, value: number, chartSignal = false): void {
    const { lsl, usl } = this.spec;
    this.window.push(ts, value, lsl !== null && value < lsl, usl !== null && value > usl, chartSignal);
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
      watch: this.watch.snapshot(),
      stats: this.stats.snapshot(),
      days: this.days.snapshot(),
      productionMs: this.productionMs,
    };
  }
}
