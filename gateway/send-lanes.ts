/**
 * Which unacknowledged batches a gateway sends next, so that a backlog never
 * starves live data.
 *
 * The batches held when a sending round starts (a reconnect, or an ack
 * timeout that sends everything again) are the **backlog**: they go oldest
 * first, with at most `backlogWindow` of them in flight. Batches appended
 * after the round started are **live**: they go in seq order in the rest of
 * the window. So a gateway that comes back after an hour offline sends its
 * current readings at once, and its hour of backlog beside them at a pace
 * bounded by `backlogWindow` batches per round trip, which also bounds the
 * share of the analytics service's intake one catching-up gateway takes from
 * the others. Without a backlog the whole window is live, as before.
 *
 * Within each lane sending is go-back-N, as the gateway's protocol is: a
 * lane's cursor is the newest seq it sent; an ack timeout restarts the round.
 * Pure bookkeeping: no clock, no I/O.
 */
export type Lane = 'live' | 'backlog';

export interface LaneStart {
  /** Look for the lane's next batch after this seq (undefined: from the oldest held). */
  readonly afterSeq: number | undefined;
  /** The lane ends at this seq (the backlog lane), or has no end (undefined). */
  readonly upTo: number | undefined;
}

export class SendLanes {
  /** Seqs up to this one are backlog; null when there is no backlog. */
  private backlogEnd: number | null = null;
  private readonly cursors: Record<Lane, number | undefined> = { live: undefined, backlog: undefined };
  /** seq -> when it was last published and in which lane, for batches out and not yet acknowledged. */
  private readonly out = new Map<number, { sentAt: number; lane: Lane }>();
  private readonly counts: Record<Lane, number> = { live: 0, backlog: 0 };
  /** Bumped by every restart, so a send loop of an older round knows to stop. */
  round = 0;

  constructor(
    private readonly window: number,
    private readonly backlogWindow: number,
  ) {
    if (!Number.isSafeInteger(window) || window < 1) throw new RangeError(`window must be a positive whole number, got ${window}`);
    if (!Number.isSafeInteger(backlogWindow) || backlogWindow < 1) throw new RangeError(`backlogWindow must be a positive whole number, got ${backlogWindow}`);
  }

  /** A new round: nothing is in flight, and every batch held now (up to `newestHeld`) is backlog. */
  restart(oldestHeld: number | null, newestHeld: number | null): void {
    this.round += 1;
    this.out.clear();
    this.counts.live = 0;
    this.counts.backlog = 0;
    this.cursors.live = undefined;
    this.cursors.backlog = undefined;
    this.backlogEnd = oldestHeld === null ? null : newestHeld;
  }

  /** Ends the backlog once nothing at or below its end is held any more. */
  settle(oldestHeld: number | null): void {
    if (this.backlogEnd !== null && (oldestHeld === null || oldestHeld > this.backlogEnd)) {
      this.backlogEnd = null;
      this.cursors.backlog = undefined;
    }
  }

  get hasBacklog(): boolean {
    return this.backlogEnd !== null;
  }

  /** Where the lane's next batch is, or null when the lane has nothing to send or no room. */
  start(lane: Lane): LaneStart | null {
    if (!this.hasRoom(lane)) return null;
    if (lane === 'backlog') {
      if (this.backlogEnd === null) return null;
      if (this.cursors.backlog !== undefined && this.cursors.backlog >= this.backlogEnd) return null;
      return { afterSeq: this.cursors.backlog, upTo: this.backlogEnd };
    }
    const after = this.cursors.live ?? this.backlogEnd ?? undefined;
    return { afterSeq: after, upTo: undefined };
  }

  hasRoom(lane: Lane): boolean {
    if (this.out.size >= this.window) return false;
    return this.counts[lane] < this.share(lane);
  }

  sent(seq: number, lane: Lane, at: number): void {
    const previous = this.out.get(seq);
    if (previous) this.counts[previous.lane] -= 1;
    this.out.set(seq, { sentAt: at, lane });
    this.counts[lane] += 1;
    this.cursors[lane] = seq;
  }

  acknowledged(seq: number): void {
    const entry = this.out.get(seq);
    if (!entry) return;
    this.out.delete(seq);
    this.counts[entry.lane] -= 1;
  }

  get inFlight(): number {
    return this.out.size;
  }

  inLane(lane: Lane): number {
    return this.counts[lane];
  }

  /** Whether some batch has waited longer than `timeoutMs` for its ack. */
  overdue(now: number, timeoutMs: number): boolean {
    for (const { sentAt } of this.out.values()) if (now - sentAt > timeoutMs) return true;
    return false;
  }

  /**
   * The backlog keeps at most `backlogWindow` (and always leaves the live lane
   * at least one); live data takes the rest, or the whole window when there
   * is no backlog.
   */
  private share(lane: Lane): number {
    const backlogShare = Math.min(this.backlogWindow, this.window - 1);
    if (lane === 'backlog') return Math.max(1, backlogShare);
    return this.backlogEnd === null ? this.window : this.window - backlogShare;
  }
}
