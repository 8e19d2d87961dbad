/**
 * When the next poll starts. Polls sit on a fixed grid of slots (anchor +
 * k * interval), so the rate does not drift with the time each poll takes.
 * A poll that overruns its slot does not queue the polls it missed: the
 * next one starts at the first slot not yet past, and the slots passed over
 * are counted (a device slower than the configured rate shows as skipped
 * slots, not as a backlog of stale polls). Pure.
 */

export interface NextSlot {
  /** Index of the next slot on the grid. */
  readonly index: number;
  /** When it starts, on the same clock as `anchor` and `now`. */
  readonly at: number;
  /** Slots passed over because the last poll ended after they began. */
  readonly skipped: number;
}

/** The slot after slot `lastIndex`, for a poll that ended at `now`. */
export function nextSlot(anchor: number, intervalMs: number, lastIndex: number, now: number): NextSlot {
  const due = lastIndex + 1;
  if (anchor + due * intervalMs >= now) return { index: due, at: anchor + due * intervalMs, skipped: 0 };
  const index = Math.ceil((now - anchor) / intervalMs);
  return { index, at: anchor + index * intervalMs, skipped: index - due };
}
