import type { Measurement } from '../../store/port.js';
import type { ReelMark } from '../../trace/reels/reel-mark.js';
import type { ReelTracker } from '../../trace/reels/reel-tracker.js';
import { DEFAULT_MEASUREMENT_BATCH_OPTIONS } from '../../protocol/measurement-batch.js';

/** A reading stamped this close to its arrival is live (the measurement batch's `historicalAfterMs`). */
const LIVE_WITHIN_MS = DEFAULT_MEASUREMENT_BATCH_OPTIONS.historicalAfterMs;

/** What the ingest feeds reels with: the tracker's two held inputs. */
export type ReelFeed = Pick<ReelTracker, 'holdMark' | 'reading'>;

/**
 * A stored batch's reel marks and newly stored readings, into the tracker,
 * which applies them in sample time whatever order the batches were
 * ingested in (reel-tracker.ts). `stored[i]` carries position `positions[i]`
 * (NaN: none); `refusedByStore` holds the indexes of `stored` the store
 * refused. `lineProduct` names what a line makes now, for a start that names
 * no product. A reading stamped within `LIVE_WITHIN_MS` of `receivedAt` is
 * live: it moves its line's hold on (sample time runs as the clock does);
 * recorded data replayed fast waits for the ingest to idle.
 */
export function feedReels(
  feed: ReelFeed,
  enterprise: string,
  marks: readonly ReelMark[],
  stored: readonly Measurement[],
  positions: readonly number[],
  refusedByStore: ReadonlySet<number>,
  lineProduct: (line: string) => string | null,
  receivedAt: number,
): void {
  const liveFrom = receivedAt - LIVE_WITHIN_MS;
  for (const m of marks) feed.holdMark(enterprise, m, m.event === 'start' && m.product === undefined ? lineProduct(m.line) : null);
  for (let i = 0; i < stored.length; i++) {
    if (refusedByStore.has(i)) continue;
    const p = stored[i];
    feed.reading(enterprise, p.line, p.characteristic, p.ts, p.value, positions[i], p.ts >= liveFrom);
  }
}
