import type { Measurement } from '../../store/port.js';
import type { ReelMark } from '../../trace/reels/reel-mark.js';
import { marksInOrder, type ReelTracker } from '../../trace/reels/reel-tracker.js';

/** A reel mark of a batch that was not applied, for the dead letter: its index among the batch's `points` and why. */
export interface DeadMark {
  readonly index: number;
  readonly mark: ReelMark;
  readonly reason: string;
}

/** What the ingest feeds reels with: the tracker's two inputs. */
export type ReelFeed = Pick<ReelTracker, 'mark' | 'reading'>;

/**
 * A stored batch's reel marks, then its newly stored readings, into the
 * tracker: the marks first and in sample time, so each reading is counted in
 * the reel whose span holds its sample time, whichever batch brought the
 * mark. `stored[i]` carries position `positions[i]` (NaN: none);
 * `refusedByStore` holds the indexes of `stored` the store refused.
 * `lineProduct` names what a line makes now, for a start that names no
 * product. Returns the marks not applied, with why.
 */
export function feedReels(
  feed: ReelFeed,
  enterprise: string,
  marks: readonly (ReelMark & { readonly index: number })[],
  stored: readonly Measurement[],
  positions: readonly number[],
  refusedByStore: ReadonlySet<number>,
  lineProduct: (line: string) => string | null,
): DeadMark[] {
  const dead: DeadMark[] = [];
  for (const m of marksInOrder(marks)) {
    const problem = feed.mark(enterprise, m, m.event === 'start' && m.product === undefined ? lineProduct(m.line) : null);
    if (problem !== null) dead.push({ index: m.index, mark: m, reason: `points[${m.index}].reel: ${problem}` });
  }
  for (let i = 0; i < stored.length; i++) {
    if (refusedByStore.has(i)) continue;
    const p = stored[i];
    feed.reading(enterprise, p.line, p.characteristic, p.ts, p.value, positions[i]);
  }
  return dead;
}
