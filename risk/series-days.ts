import type { CharacteristicName } from '../domain/characteristics.js';
import { utcDay, type SeriesDay } from '../domain/daily-evidence.js';

const DAY_MS = 86_400_000;

/** What a checkpoint keeps of a series' days: the finished ones and the one under way. */
export interface SeriesDaysSnapshot {
  days: SeriesDay[];
  current: SeriesDay | null;
}

/**
 * One series' production, day by day in sample time (the UTC calendar day of
 * each reading's timestamp): count, mean and sum of squared deviations
 * (Welford's update), min, max and readings beyond the spec limits. A
 * reading costs O(1) and allocates nothing; a day is closed into an
 * immutable SeriesDay when the first reading of a later day arrives, and the
 * newest `maxDays` closed days are kept.
 *
 * Readings come in time order (the live series skips a reading not newer
 * than its last, and so does the offline assessment, which runs through the
 * same series state); one older than the day under way is counted in `late`
 * and left out rather than reopening a closed day.
 */
export class SeriesDays {
  private readonly closed: SeriesDay[] = [];
  private dayStart = NaN;
  private n = 0;
  private mean = 0;
  private m2 = 0;
  private min = Infinity;
  private max = -Infinity;
  private outOfSpec = 0;
  /** Readings older than the day under way, left out. */
  late = 0;

  constructor(
    readonly enterprise: string,
    readonly line: string,
    readonly characteristic: CharacteristicName,
    readonly maxDays: number,
    /** The product these days are of, when the line reports changeovers. */
    readonly product: string | null = null,
  ) {}

  push(ts: number, x: number, beyondSpec: boolean): void {
    if (!(ts >= this.dayStart)) {
      if (!Number.isNaN(this.dayStart)) {
        this.late += 1;
        return;
      }
      this.dayStart = Math.floor(ts / DAY_MS) * DAY_MS;
    } else if (ts >= this.dayStart + DAY_MS) {
      this.close();
      this.dayStart = Math.floor(ts / DAY_MS) * DAY_MS;
    }
    const n = ++this.n;
    const delta = x - this.mean;
    this.mean += delta / n;
    this.m2 += delta * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (beyondSpec) this.outOfSpec += 1;
  }

  /** The days from `fromDay` to `toDay` (YYYY-MM-DD, both included), oldest first, the day under way included. */
  days(fromDay: string, toDay: string): SeriesDay[] {
    const out = this.closed.filter((d) => d.day >= fromDay && d.day <= toDay);
    const current = this.current();
    if (current && current.day >= fromDay && current.day <= toDay) out.push(current);
    return out;
  }

  /** The day under way so far, or null before the first reading. */
  current(): SeriesDay | null {
    if (this.n === 0) return null;
    return this.record();
  }

  snapshot(): SeriesDaysSnapshot {
    return { days: this.closed.slice(), current: this.current() };
  }

  /** Takes up a checkpointed state (before any reading is pushed). */
  restore(s: SeriesDaysSnapshot): void {
    this.closed.length = 0;
    for (const d of s.days.slice(-this.maxDays)) this.closed.push(Object.freeze({ ...d }));
    const c = s.current;
    if (c && c.n > 0) {
      this.dayStart = Date.parse(`${c.day}T00:00:00Z`);
      ({ n: this.n, mean: this.mean, m2: this.m2, min: this.min, max: this.max, outOfSpec: this.outOfSpec } = c);
    }
  }

  private record(): SeriesDay {
    return Object.freeze({
      enterprise: this.enterprise,
      line: this.line,
      characteristic: this.characteristic,
      ...(this.product !== null ? { product: this.product } : {}),
      day: utcDay(this.dayStart),
      n: this.n,
      mean: this.mean,
      m2: this.m2,
      min: this.min,
      max: this.max,
      outOfSpec: this.outOfSpec,
    });
  }

  private close(): void {
    if (this.n > 0) {
      this.closed.push(this.record());
      if (this.closed.length > this.maxDays) this.closed.shift();
    }
    this.n = 0;
    this.mean = 0;
    this.m2 = 0;
    this.min = Infinity;
    this.max = -Infinity;
    this.outOfSpec = 0;
  }
}
