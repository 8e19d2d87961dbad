/**
 * The unacknowledged batches, indexed by seq: a ring buffer whose slot i holds
 * seq `start + i`, or undefined once that seq is released (acknowledged or
 * dropped). Seqs are issued in increasing order, so append is O(1) amortised,
 * release is O(1) (plus moving `start` past released slots, each slot once),
 * and an out-of-order ack is just a hole until the older ones are released.
 *
 * Memory is proportional to the span from the oldest unreleased seq to the
 * newest, not to the number held: one batch that is never acknowledged keeps
 * the slots after it (8 bytes each) until it is.
 */
export class SeqWindow<T> {
  private slots: (T | undefined)[] = new Array<T | undefined>(16);
  private mask = 15;
  /** Ring index of `start`. */
  private head = 0;
  private startSeq = 0;
  private endSeq = 0;
  private liveCount = 0;

  /** Oldest seq still in the window, or `end` when it is empty. */
  get start(): number {
    return this.startSeq;
  }

  /** One past the newest seq pushed. */
  get end(): number {
    return this.endSeq;
  }

  /** Entries not released. */
  get live(): number {
    return this.liveCount;
  }

  /** Adds `seq`, which must be above every seq pushed so far; skipped seqs count as released. */
  push(seq: number, value: T): void {
    if (this.liveCount === 0) {
      // Empty: restart the window at seq, so a gap before it costs nothing.
      this.head = 0;
      this.startSeq = seq;
      this.endSeq = seq;
      // Every slot is already undefined: released slots are cleared one by one.
    } else if (seq < this.endSeq) {
      throw new RangeError(`seq ${seq} pushed after ${this.endSeq - 1}`);
    }
    const span = seq - this.startSeq + 1;
    if (span > this.slots.length) this.grow(span);
    for (let s = this.endSeq; s < seq; s++) this.slots[(this.head + s - this.startSeq) & this.mask] = undefined;
    this.slots[(this.head + seq - this.startSeq) & this.mask] = value;
    this.endSeq = seq + 1;
    this.liveCount++;
  }

  get(seq: number): T | undefined {
    if (seq < this.startSeq || seq >= this.endSeq) return undefined;
    return this.slots[(this.head + seq - this.startSeq) & this.mask];
  }

  /** Releases `seq` and returns what it held, or undefined if it was not held. */
  release(seq: number): T | undefined {
    if (seq < this.startSeq || seq >= this.endSeq) return undefined;
    const i = (this.head + seq - this.startSeq) & this.mask;
    const value = this.slots[i];
    if (value === undefined) return undefined;
    this.slots[i] = undefined;
    this.liveCount--;
    // Move the start past released slots so `oldest` is O(1) and memory is reused.
    while (this.startSeq < this.endSeq && this.slots[this.head] === undefined) {
      this.head = (this.head + 1) & this.mask;
      this.startSeq++;
    }
    return value;
  }

  /** Oldest seq held, or undefined. */
  oldest(): number | undefined {
    return this.liveCount > 0 ? this.startSeq : undefined;
  }

  /** First seq held that is >= from and <= upTo, or undefined. */
  nextLive(from: number, upTo: number): number | undefined {
    const last = Math.min(upTo, this.endSeq - 1);
    for (let s = Math.max(from, this.startSeq); s <= last; s++) {
      if (this.slots[(this.head + s - this.startSeq) & this.mask] !== undefined) return s;
    }
    return undefined;
  }

  private grow(span: number): void {
    let size = this.slots.length * 2;
    while (size < span) size *= 2;
    const next = new Array<T | undefined>(size);
    const used = this.endSeq - this.startSeq;
    for (let k = 0; k < used; k++) next[k] = this.slots[(this.head + k) & this.mask];
    this.slots = next;
    this.mask = size - 1;
    this.head = 0;
  }
}
