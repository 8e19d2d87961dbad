/**
 * `linewatch monitor`'s replay: measurement rows, in file order, through
 * exactly the live engine (monitor/): one SeriesWatch per series, one
 * EpisodeBook for all, in sample time (each reading's own timestamp is
 * `now`), as the analytics service would have run them had they arrived
 * live. Rows that are no reading are counted and listed with their reason,
 * never dropped silently; that includes a reading at or before its series'
 * previous one, which the engine must not be given (it takes readings in
 * time order).
 */
import type { MeasurementRowSink, MeasurementSeries } from '../domain/measurement-stream.js';
import { EpisodeBook } from '../monitor/episode-book.js';
import type { AlertEvent, SeriesRef } from '../monitor/alert.js';
import type { LiveMonitorOptions } from '../monitor/options.js';
import { SeriesWatch, type SpecLimits } from '../monitor/series-watch.js';
import type { LiveSetup } from './live-config.js';

/** Rejected rows listed one by one; beyond this they are only counted (by reason), so memory stays bounded. */
export const MAX_LISTED_REJECTS = 10_000;

export interface ReplayedSeries {
  readonly ref: SeriesRef;
  /** `enterprise/line/characteristic`, as --series names it. */
  readonly key: string;
  readonly options: LiveMonitorOptions;
  readonly watch: SeriesWatch;
  /** Readings given to the engine, and rows of this series rejected. */
  readings: number;
  rejected: number;
  firstTs: number;
  lastTs: number;
}

export interface RejectedRow {
  readonly row: number;
  readonly reason: string;
}

export class MonitorReplay implements MeasurementRowSink {
  readonly book = new EpisodeBook();
  /** By the reader's series index; null for a series --series left out. */
  readonly watches: (ReplayedSeries | null)[] = [];
  valid = 0;
  rejectedCount = 0;
  readonly rejectedRows: RejectedRow[] = [];
  readonly reasons = new Map<string, number>();
  private readonly events: AlertEvent[] = [];

  constructor(
    private readonly config: LiveSetup,
    private readonly spec: SpecLimits,
    /** Only this series (`enterprise/line/characteristic`), or all. */
    private readonly only: string | undefined,
  ) {}

  series(ref: MeasurementSeries, index: number): boolean {
    const key = `${ref.enterprise}/${ref.line}/${ref.characteristic}`;
    const wanted = this.only === undefined || key === this.only;
    const options = this.config.byCharacteristic.get(ref.characteristic)?.options ?? this.config.options;
    this.watches[index] = wanted ? { ref, key, options, watch: new SeriesWatch(ref, this.spec, options), readings: 0, rejected: 0, firstTs: NaN, lastTs: -Infinity } : null;
    return wanted;
  }

  reading(row: number, series: number, ts: number, value: number): void {
    const s = this.watches[series] as ReplayedSeries;
    if (ts <= s.lastTs) {
      this.rejected(row, series, ts === s.lastTs ? 'duplicate timestamp' : 'out of order');
      return;
    }
    if (s.readings === 0) s.firstTs = ts;
    s.lastTs = ts;
    s.readings += 1;
    this.valid += 1;
    s.watch.push(ts, value, this.book, ts, this.events);
    // The episodes are read from the book at the end; the events in between are not needed.
    if (this.events.length !== 0) this.events.length = 0;
  }

  rejected(row: number, series: number, reason: string): void {
    this.rejectedCount += 1;
    if (this.rejectedRows.length < MAX_LISTED_REJECTS) this.rejectedRows.push({ row, reason });
    this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
    const s = series >= 0 ? this.watches[series] : null;
    if (s) s.rejected += 1;
  }

  /** The end of the data: each series closes its last subgroup at its last reading's time. */
  finish(): void {
    for (const s of this.watches) {
      if (s !== null && s.readings > 0) s.watch.flush(this.book, s.lastTs, this.events);
    }
    this.events.length = 0;
  }

  /** The replayed series, in order of first appearance. */
  get replayed(): ReplayedSeries[] {
    return this.watches.filter((s): s is ReplayedSeries => s !== null);
  }
}
