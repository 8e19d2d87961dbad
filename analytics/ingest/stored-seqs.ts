/**
 * Which batch seqs of each gateway outbox are already stored, so that a
 * redelivered batch is told from a late one. The series' time watermark cannot
 * tell them apart once a gateway sends its backlog beside live data: a backlog
 * point is older than the newest sample of its series and yet new to the store.
 *
 * A seq is unique only within its outbox: a gateway whose outbox was replaced
 * (a new disk, a deleted directory, a second replay with a fresh outbox)
 * starts again at seq 1 in a new epoch (protocol/outbox-epoch.ts). So seqs are
 * kept per (enterprise, gateway, epoch); a batch without an epoch (an older
 * gateway) is in the epoch ''.
 *
 * Seqs are kept as sorted, merged ranges per outbox: a gateway's acks come
 * nearly in order (two lanes, each in order), so an outbox costs a few ranges.
 * At most `maxRanges` are kept per outbox, and at most `maxOutboxes` outboxes
 * (the least recently stored forgotten first, so a sender inventing epochs
 * cannot grow this without bound); a redelivery of a forgotten batch is
 * counted by the watermark rule instead (stored again, which the store keeps
 * once). Held in memory only: after a restart every seq is new again.
 */
export class StoredSeqs {
  private readonly byOutbox = new Map<string, number[]>(); // flat [lo0, hi0, lo1, hi1, ...], sorted, disjoint, not adjacent

  constructor(
    private readonly maxRanges = 256,
    private readonly maxOutboxes = 100_000,
  ) {}

  has(enterprise: string, gateway: string, epoch: string, seq: number): boolean {
    const ranges = this.byOutbox.get(key(enterprise, gateway, epoch));
    if (!ranges) return false;
    const i = this.rangeAtOrBefore(ranges, seq);
    return i >= 0 && seq <= ranges[2 * i + 1]!;
  }

  add(enterprise: string, gateway: string, epoch: string, seq: number): void {
    const k = key(enterprise, gateway, epoch);
    let ranges = this.byOutbox.get(k);
    if (ranges) {
      // Most recently stored last, so the first key is the one to forget.
      this.byOutbox.delete(k);
      this.byOutbox.set(k, ranges);
    } else {
      this.byOutbox.set(k, (ranges = []));
      if (this.byOutbox.size > this.maxOutboxes) this.byOutbox.delete(this.byOutbox.keys().next().value!);
    }
    const i = this.rangeAtOrBefore(ranges, seq);
    if (i >= 0 && seq <= ranges[2 * i + 1]!) return;
    const joinsLeft = i >= 0 && ranges[2 * i + 1]! === seq - 1;
    const joinsRight = 2 * (i + 1) < ranges.length && ranges[2 * (i + 1)]! === seq + 1;
    if (joinsLeft && joinsRight) {
      ranges[2 * i + 1] = ranges[2 * (i + 1) + 1]!;
      ranges.splice(2 * (i + 1), 2);
    } else if (joinsLeft) ranges[2 * i + 1] = seq;
    else if (joinsRight) ranges[2 * (i + 1)] = seq;
    else ranges.splice(2 * (i + 1), 0, seq, seq);
    if (ranges.length > 2 * this.maxRanges) ranges.splice(0, 2);
  }

  /** Ranges held for one outbox (tests, and a glance at memory). */
  rangeCount(enterprise: string, gateway: string, epoch: string): number {
    return (this.byOutbox.get(key(enterprise, gateway, epoch))?.length ?? 0) / 2;
  }

  /** Index of the last range starting at or before `seq`, or -1. */
  private rangeAtOrBefore(ranges: readonly number[], seq: number): number {
    let lo = 0;
    let hi = ranges.length / 2 - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ranges[2 * mid]! <= seq) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}

/** Ids and epochs never contain '/' (protocol/ids.ts, protocol/outbox-epoch.ts), so the key is unambiguous. */
function key(enterprise: string, gateway: string, epoch: string): string {
  return `${enterprise}/${gateway}/${epoch}`;
}
