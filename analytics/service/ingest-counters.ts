import { rejectCode } from '../ingest/reject-code.js';
import type { DeadPoint } from '../ingest/batch-ingestor.js';

/**
 * What the ingest has done since start, for logs, metrics and tests: every
 * point is counted as stored, duplicate or rejected (by reason), so nothing
 * can disappear without showing up here.
 */
export class IngestCounters {
  batches = 0;
  stored = 0;
  duplicates = 0;
  rejectedPoints = 0;
  /** Of `stored`, points stored as historical (backlog): not charted live, no alerts. */
  historical = 0;
  /** Points the live monitor charted (a redelivery, a backlog or a historical point is not charted). */
  charted = 0;
  refusedMessages = 0;
  storeFailures = 0;
  /** Batches of an enterprise another worker owns now (left unacknowledged, so they are sent again). */
  notOwnedBatches = 0;
  readonly rejectsByReason = new Map<string, number>();

  batch(stored: number, duplicates: number, rejected: readonly DeadPoint[], historical = 0, charted = 0): void {
    this.batches += 1;
    this.charted += charted;
    this.stored += stored;
    this.historical += historical;
    this.duplicates += duplicates;
    this.rejectedPoints += rejected.length;
    for (const r of rejected) this.countReason(r.reason, 'point');
  }

  refusedMessage(reason: string): void {
    this.refusedMessages += 1;
    this.countReason(reason, 'message');
  }

  storeFailure(): void {
    this.storeFailures += 1;
  }

  notOwned(): void {
    this.notOwnedBatches += 1;
  }

  /** Counted under a code from a closed set (reject-code.ts): what a sender controls never becomes a label. */
  private countReason(reason: string, scope: 'point' | 'message'): void {
    const code = rejectCode(reason, scope);
    this.rejectsByReason.set(code, (this.rejectsByReason.get(code) ?? 0) + 1);
  }

  toJSON() {
    return {
      batches: this.batches,
      stored: this.stored,
      duplicates: this.duplicates,
      rejectedPoints: this.rejectedPoints,
      historical: this.historical,
      charted: this.charted,
      refusedMessages: this.refusedMessages,
      storeFailures: this.storeFailures,
      rejectsByReason: Object.fromEntries(this.rejectsByReason),
    };
  }
}
