/**
 * The county's clock: every gateway takes a reading of all its series every
 * 1/hz s, each at its own phase (spread evenly over the period by the
 * gateway's place in the whole county), so the broker sees a steady stream
 * rather than a thousand batches at once every tick. Both load processes
 * share one start time and the county-wide gateway numbering, so together
 * they are one county.
 */

export interface ClockedGateway {
  readingDue(ts: number): void;
  pump(): void;
}

export interface ClockEntry {
  readonly gateway: ClockedGateway;
  /** Index of the gateway in the whole county, for its phase. */
  readonly countyIndex: number;
}

/** How often the clock wakes up to hand out due readings, ms. */
const TICK_MS = 5;

export class CountyClock {
  private readonly entries: ClockEntry[];
  private readonly periodMs: number;
  private timer: NodeJS.Timeout | null = null;
  /** The next reading to hand out: reading number `k` of entry `j`. */
  private k = 0;
  private j = 0;

  constructor(
    entries: readonly ClockEntry[],
    private readonly countySize: number,
    hz: number,
  ) {
    this.periodMs = 1000 / hz;
    this.entries = [...entries].sort((a, b) => a.countyIndex - b.countyIndex);
  }

  /** Starts at `t0` (ms UTC, the same in every load process). */
  start(t0: number): void {
    // Timestamps come from t0 and the reading number; waking uses the monotonic clock.
    const perfT0 = performance.now() + (t0 - Date.now());
    const wake = () => {
      const elapsed = performance.now() - perfT0;
      const touched = new Set<ClockedGateway>();
      for (;;) {
        const entry = this.entries[this.j];
        const offset = (this.k + entry.countyIndex / this.countySize) * this.periodMs;
        if (offset > elapsed) break;
        entry.gateway.readingDue(Math.round(t0 + offset));
        touched.add(entry.gateway);
        if (++this.j === this.entries.length) {
          this.j = 0;
          this.k += 1;
        }
      }
      for (const g of touched) g.pump();
    };
    this.timer = setInterval(wake, TICK_MS);
  }

  /** No more readings fall due. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
