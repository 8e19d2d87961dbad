/**
 * Stretches of product out of spec: readings beyond a limit no further
 * apart than `gapMs` form one stretch, so an episode can say "3 readings,
 * 0.2 s" for a glitch and "36,000 readings, 1 h" for a day's scrap. O(1)
 * per reading.
 */
export interface OutOfSpecState {
  /** First and latest reading of the current stretch (NaN when none yet). */
  startTs: number;
  lastTs: number;
}

export type StretchStep = 'new' | 'continued';

export class OutOfSpecStretch {
  private s: OutOfSpecState = { startTs: NaN, lastTs: NaN };

  constructor(private readonly gapMs: number) {}

  /** Records an out-of-spec reading; says whether it starts a new stretch. */
  add(ts: number): StretchStep {
    const s = this.s;
    const continued = !Number.isNaN(s.lastTs) && ts - s.lastTs <= this.gapMs;
    if (!continued) s.startTs = ts;
    const step: StretchStep = continued ? 'continued' : 'new';
    this.previousTs = continued ? s.lastTs : ts;
    s.lastTs = ts;
    return step;
  }

  /** Time added to the stretch by the last reading (0 for a new stretch). ms */
  get lastStepMs(): number {
    return this.s.lastTs - this.previousTs;
  }

  private previousTs = NaN;

  /** Length of the current stretch, first to latest reading. ms */
  get lengthMs(): number {
    return Number.isNaN(this.s.startTs) ? 0 : this.s.lastTs - this.s.startTs;
  }

  /** Whether a stretch may still be going on at `ts` (its last reading is within the gap). */
  ongoingAt(ts: number): boolean {
    return !Number.isNaN(this.s.lastTs) && ts - this.s.lastTs <= this.gapMs;
  }

  snapshot(): OutOfSpecState {
    return { ...this.s };
  }

  restore(state: OutOfSpecState): void {
    this.s = { ...state };
    this.previousTs = state.lastTs;
  }
}
