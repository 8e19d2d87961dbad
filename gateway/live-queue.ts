/**
 * The batches the live lane sends from memory: a batch is kept here from the
 * moment the outbox made it durable until it is published, so a live batch
 * goes out without being read back from the disk it was just written to.
 * The outbox stays the source of truth: whatever this queue does not hold is
 * read back from it (the backlog of a round, and batches dropped from memory
 * when the queue was over its budget).
 *
 * The invariant: every batch made durable with a seq above `outboxUpTo` is
 * here until it is published or no longer held. So the live lane may take a
 * batch from memory once everything it has not sent at or below
 * `outboxUpTo` is gone; before that, it reads the outbox. Pure bookkeeping:
 * no clock, no I/O.
 */
export interface LiveBatch {
  readonly seq: number;
  /** The batch's points as stored in the outbox (a JSON array). */
  readonly pointsJson: string;
}

export class LiveQueue {
  /** seq -> points JSON, in seq order (insertion order of a Map). */
  private readonly held = new Map<number, string>();
  private heldChars = 0;
  private newestAdded: number | null = null;
  /** Durable batches up to this seq are read back from the outbox; null: none. */
  private outboxUpTo: number | null = null;
  /** Times a batch did not fit the budget and the queue was emptied (its batches then go from the outbox). */
  overBudget = 0;

  /** `budgetChars`: the most JSON characters held (about bytes: the JSON is mostly ASCII). */
  constructor(private readonly budgetChars: number) {
    if (!Number.isSafeInteger(budgetChars) || budgetChars < 0) throw new RangeError(`the live memory budget must be a whole number of bytes, 0 or more, got ${budgetChars}`);
  }

  get chars(): number {
    return this.heldChars;
  }

  get size(): number {
    return this.held.size;
  }

  /** A batch is durable. Kept unless it would take the queue over its budget: then the queue is emptied and the outbox serves up to this seq. */
  add(seq: number, pointsJson: string): void {
    if (this.outboxUpTo !== null && seq <= this.outboxUpTo) return;
    // Appends settle in seq order; if one ever did not, memory could skip a batch, so the outbox serves instead.
    const outOfOrder = this.newestAdded !== null && seq <= this.newestAdded;
    this.newestAdded = Math.max(seq, this.newestAdded ?? seq);
    if (outOfOrder || this.heldChars + pointsJson.length > this.budgetChars) {
      if (!outOfOrder) this.overBudget += 1;
      this.readFromOutboxUpTo(Math.max(seq, this.newestAdded));
      return;
    }
    this.held.set(seq, pointsJson);
    this.heldChars += pointsJson.length;
  }

  /** A new sending round: every batch durable by now (up to `newestDurable`) is sent from the outbox. */
  restart(newestDurable: number | null): void {
    if (newestDurable !== null) this.readFromOutboxUpTo(newestDurable);
  }

  /**
   * The next batch to publish after `after` (the live lane's cursor; undefined:
   * nothing sent live in this round): a batch from memory, `'outbox'` when
   * unsent batches may be held that only the outbox has, or null when there
   * is nothing to send. `oldestHeld` is the outbox's oldest unacknowledged seq.
   */
  next(after: number | undefined, oldestHeld: number | null): LiveBatch | 'outbox' | null {
    // Forget what was sent (at or below the cursor), acknowledged or dropped (below the oldest held).
    for (const [seq, text] of this.held) {
      const gone = (after !== undefined && seq <= after) || oldestHeld === null || seq < oldestHeld;
      if (!gone) break;
      this.held.delete(seq);
      this.heldChars -= text.length;
    }
    if (!this.covers(after, oldestHeld)) return 'outbox';
    for (const [seq, pointsJson] of this.held) return { seq, pointsJson };
    return null;
  }

  /** The batch was published: memory lets go of it (a resend reads it back from the outbox). */
  taken(seq: number): void {
    const text = this.held.get(seq);
    if (text === undefined) return;
    this.held.delete(seq);
    this.heldChars -= text.length;
  }

  /** Whether the live lane, having sent up to `sentUpTo`, may go on from memory. */
  coversAfter(sentUpTo: number): boolean {
    return this.outboxUpTo === null || sentUpTo >= this.outboxUpTo;
  }

  /**
   * The live lane read the outbox to its end, which was `newestRead` (the
   * newest durable seq when the read began): every unsent batch still held
   * is in memory from now on, unless a later batch was left out of memory
   * meanwhile. Says whether memory now serves the lane.
   */
  outboxDrained(newestRead: number | null): boolean {
    if (this.outboxUpTo !== null && newestRead !== null && this.outboxUpTo <= newestRead) this.outboxUpTo = null;
    return this.outboxUpTo === null;
  }

  private covers(after: number | undefined, oldestHeld: number | null): boolean {
    if (this.outboxUpTo === null || oldestHeld === null || oldestHeld > this.outboxUpTo) return true;
    return after !== undefined && after >= this.outboxUpTo;
  }

  private readFromOutboxUpTo(seq: number): void {
    this.held.clear();
    this.heldChars = 0;
    this.outboxUpTo = Math.max(seq, this.outboxUpTo ?? seq);
  }
}
