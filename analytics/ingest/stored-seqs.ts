/**
 * Which batch seqs of each gateway are already stored, so that a redelivered
 * batch is told from a late one. The series' time watermark cannot tell them
 * apart once a gateway sends its backlog beside live data: a backlog point is
 * older than the newest sample of its series and yet new to the store.
 *
 * Seqs are kept as sorted, merged ranges per gateway: a gateway's acks come
 * nearly in order (two lanes, each in order), so a gateway costs a few ranges.
 * At most `maxRanges` are kept per gateway; beyond that the oldest range is
 * forgotten, and a redelivery of one of its batches is counted by the
 * watermark rule instead (stored again, which the store keeps once). Held in
 * memory only: after a restart every seq is new again.
 */
export class StoredSeqs {
  private readonly byGateway = new Map<string, number[]>(); // flat [lo0, hi0, lo1, hi1, ...], sorted, disjoint, not adjacent

  constructor(private readonly maxRanges = 256) {}

  has(enterprise: string, gateway: string, seq: number): boolean {
    const ranges = this.byGateway.get(key(enterprise, gateway));
    if (!ranges) return false;
    const i = this.rangeAtOrBefore(ranges, seq);
    return i >= 0 && seq <= ranges[2 * i + 1]!;
  }

  add(enterprise: string, gateway: string, seq: number): void {
    const k = key(enterprise, gateway);
    let ranges = this.byGateway.get(k);
    if (!ranges) this.byGateway.set(k, (ranges = []));
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

  /** Ranges held for one gateway (tests, and a glance at memory). */
  rangeCount(enterprise: string, gateway: string): number {
    return (this.byGateway.get(key(enterprise, gateway))?.length ?? 0) / 2;
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

function key(enterprise: string, gateway: string): string {
  return `${enterprise}/${gateway}`;
}
