/**
 * The stretches of time one series has handed to the store, as a few sorted,
 * disjoint [from, to] ranges: a reading outside all of them cannot collide
 * with a stored one, so it needs no lookup. This is what keeps a gateway's
 * hour of backlog cheap: it fills the gap between the data stored before the
 * outage and the live data since, which no range covers, while a clock that
 * steps back lands inside a range and is checked.
 *
 * A range claims every ts between its ends, whether or not a reading was
 * stored there: the ranges over-approximate, never under. Beyond `maxRanges`
 * the two ranges with the smallest gap between them are joined (more
 * lookups, never a missed one). A series first seen after a restart starts
 * with one range up to its watermark, the newest ts the recovery replayed.
 */
export class HandedRanges {
  private readonly bounds: number[] = []; // flat [from0, to0, from1, to1, ...], sorted, disjoint

  constructor(
    upTo: number,
    private readonly maxRanges = 32,
  ) {
    if (upTo > -Infinity) this.bounds.push(-Infinity, upTo);
  }

  /** Whether `ts` falls in a range handed to the store (so the store may hold it). */
  covers(ts: number): boolean {
    const b = this.bounds;
    const n = b.length;
    if (n === 0 || ts > b[n - 1]!) return false; // the live path: after everything handed so far
    let lo = 0;
    let hi = n / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ts < b[2 * mid]!) hi = mid - 1;
      else if (ts > b[2 * mid + 1]!) lo = mid + 1;
      else return true;
    }
    return false;
  }

  /** Records that readings from `from` to `to` (inclusive) are being handed to the store. */
  add(from: number, to: number): void {
    const b = this.bounds;
    const n = b.length;
    // Timestamps are whole ms: ranges one ms apart touch, and are joined.
    // The usual case: the series' next stretch, after the last range.
    if (n === 0 || from > b[n - 1]! + 1) {
      b.push(from, to);
    } else {
      let i = 0;
      while (i < n / 2 && b[2 * i + 1]! < from - 1) i++; // first range touching or after `from`
      let j = i;
      let lo = from;
      let hi = to;
      while (j < n / 2 && b[2 * j]! <= to + 1) {
        lo = Math.min(lo, b[2 * j]!);
        hi = Math.max(hi, b[2 * j + 1]!);
        j++;
      }
      b.splice(2 * i, 2 * (j - i), lo, hi);
    }
    if (b.length > 2 * this.maxRanges) this.joinClosest();
  }

  /** Ranges held (tests). */
  get count(): number {
    return this.bounds.length / 2;
  }

  private joinClosest(): void {
    const b = this.bounds;
    let best = 0;
    let bestGap = Infinity;
    for (let i = 0; i + 1 < b.length / 2; i++) {
      const gap = b[2 * (i + 1)]! - b[2 * i + 1]!;
      if (gap < bestGap) {
        bestGap = gap;
        best = i;
      }
    }
    b.splice(2 * best + 1, 2); // [from_i, to_i, from_i+1, to_i+1] -> [from_i, to_i+1]
  }
}
