import type { CharacteristicName } from '../../domain/characteristics.js';
import type { AlertEvent } from '../../monitor/alert.js';
import type { EpisodeBook } from '../../monitor/episode-book.js';
import type { LiveMonitorOptions } from '../../monitor/options.js';
import { SeriesWatch, type SeriesWatchState } from '../../monitor/series-watch.js';
import { RunningStats, type RunningStatsState } from '../../spc/running-stats.js';
import type { ProductSpec, SeriesSpec } from '../catalog/series-catalog.js';
import { WindowStats } from '../../risk/window-stats.js';
import { SeriesDays, type SeriesDaysSnapshot } from '../../risk/series-days.js';
import type { SeriesDay } from '../../domain/daily-evidence.js';

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
  /** The product of `days` when the line has reported a changeover (absent: the line's configured product). */
  daysProduct?: string;
  /** The daily evidence of the other products the line made (absent: none, or a checkpoint from before changeovers). */
  otherProducts?: Array<{ product: string; days: SeriesDaysSnapshot }>;
}

/** What is kept per product of a series: its risk window and its days of evidence. */
interface ProductParts {
  readonly window: WindowStats;
  readonly days: SeriesDays;
}

/** Products whose parts a series keeps besides the current one; the least recently made is dropped first. */
const MAX_OTHER_PRODUCTS = 16;

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
  /** The risk model's rolling window over the newest samples of the product the line makes now. */
  window: WindowStats;
  /** Its production of the current product day by day in sample time: the evidence behind a class (domain/daily-evidence.ts). */
  days: SeriesDays;
  /**
   * The window and days of the other products made on the line, by product
   * id: capability and risk are kept per product, never mixed across a
   * changeover (two cross-sections in one window would read as a huge spread).
   */
  private readonly otherProducts = new Map<string, ProductParts>();
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
    private readonly windowShape: { readonly bucketMs: number; readonly bucketCount: number; readonly evidenceDays?: number },
    restored?: SeriesStateSnapshot,
  ) {
    this.window = new WindowStats(windowShape.bucketMs, windowShape.bucketCount);
    this.days = new SeriesDays(enterprise, line, characteristic, windowShape.evidenceDays ?? DEFAULT_EVIDENCE_DAYS, restored?.daysProduct ?? null);
    if (restored?.days) this.days.restore(restored.days);
    for (const o of restored?.otherProducts ?? []) {
      const parts = this.newParts(o.product);
      parts.days.restore(o.days);
      this.otherProducts.set(o.product, parts);
    }
    this.productionMs = restored?.productionMs ?? 0;
    // A checkpoint from before the live monitor (no `watch`) starts the watch afresh.
    this.watch = restored?.watch ? SeriesWatch.restore(this, spec, live, restored.watch) : new SeriesWatch(this, spec, live, spec.product ?? null);
    // The checkpoint's product is not the one given (the configuration's line now makes another): that one's parts and limits take over.
    if (restored?.watch && spec.product !== undefined) this.useProduct({ ...spec, product: spec.product });
    this.stats = restored ? RunningStats.restore(restored.stats) : new RunningStats();
    // JSON has no -Infinity: an empty series' watermark comes back as null.
    if (restored) this.lastTs = restored.lastTs ?? -Infinity;
  }

  /**
   * Feeds one sample to the statistics, the risk window and the live
   * monitor, whose episode events go to `events`. Returns false when the
   * sample is not newer than the last one and was skipped.
   */
  observe(ts: number, value: number, book: EpisodeBook, now: number, events: AlertEvent[], positionM = Number.NaN): boolean {
    if (ts <= this.lastTs) return false;
    if (!this.adopted) {
      this.watch.adoptEpisodes(book);
      this.adopted = true;
    }
    if (Number.isFinite(this.lastTs)) this.productionMs += Math.min(ts - this.lastTs, this.windowShape.bucketMs * this.windowShape.bucketCount);
    this.lastTs = ts;
    this.stats.push(value);
    const mask = this.watch.push(ts, value, book, now, events, positionM);
    this.addToWindow(ts, value, mask !== 0);
    // Here and not in addToWindow: a restart refills the window from the store, but its days come from the checkpoint.
    this.days.push(ts, value, this.outOfSpec(value));
    return true;
  }

  /** The product the line makes now, as far as this series knows (its configured one until a reading says otherwise). */
  get product(): string | null {
    return this.watch.product;
  }

  /**
   * The line makes `spec.product` from the next reading on: the spec limits,
   * the live limits (monitor/series-watch.ts changeProduct), the risk window
   * and the days of evidence become that product's, and the current ones are
   * kept under their product for when it is made again.
   */
  useProduct(spec: ProductSpec): void {
    const from = this.watch.product;
    this.spec = spec;
    if (from === spec.product) {
      this.watch.changeProduct(spec.product, spec);
      return;
    }
    if (from !== null) this.otherProducts.set(from, { window: this.window, days: this.days });
    const parts = this.otherProducts.get(spec.product) ?? this.newParts(spec.product);
    this.otherProducts.delete(spec.product);
    if (this.otherProducts.size > MAX_OTHER_PRODUCTS) this.otherProducts.delete(this.otherProducts.keys().next().value!);
    this.window = parts.window;
    this.days = parts.days;
    this.watch.changeProduct(spec.product, spec);
  }

  /** The days of evidence of every product made, from `fromDay` to `toDay` (YYYY-MM-DD, both included). */
  evidenceDays(fromDay: string, toDay: string): SeriesDay[] {
    const out = this.days.days(fromDay, toDay);
    for (const parts of this.otherProducts.values()) out.push(...parts.days.days(fromDay, toDay));
    return out;
  }

  private newParts(product: string): ProductParts {
    const { bucketMs, bucketCount, evidenceDays } = this.windowShape;
    return { window: new WindowStats(bucketMs, bucketCount), days: new SeriesDays(this.enterprise, this.line, this.characteristic, evidenceDays ?? DEFAULT_EVIDENCE_DAYS, product) };
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
      ...(this.days.product !== null ? { daysProduct: this.days.product } : {}),
      ...(this.otherProducts.size > 0 ? { otherProducts: [...this.otherProducts].map(([product, parts]) => ({ product, days: parts.days.snapshot() })) } : {}),
    };
  }
}
