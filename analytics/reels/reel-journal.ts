import type { TimeSeriesStore } from '../../store/port.js';
import type { Logger } from '../../ops/logger.js';
import { encodeReelRecord } from '../../protocol/event-log/reel-records.js';
import type { ReelRecord } from '../../trace/reels/reel-record.js';

/** Reel records kept waiting for the store while it is down; beyond it the oldest are given up (counted, logged). */
const MAX_QUEUED = 10_000;

/**
 * Where the reels' quality records go: appended to the store's event log
 * (kind reel.recorded), where the trace queries read them. Written off the
 * ingest path (no batch waits for it). A reel's newer record replaces its
 * older one while both wait, as it does in the store (same identity), so an
 * outage holds one record per reel, not one per write; the queue retries
 * with the next record or at `flush`.
 */
export class ReelJournal {
  /** Waiting records by "enterprise/reel", oldest first. */
  private queue = new Map<string, ReelRecord>();
  private writing: Promise<void> | null = null;
  /** Records written to the store so far. */
  written = 0;
  /** Records given up because the store stayed down while the queue was full. */
  dropped = 0;

  constructor(
    private readonly store: Pick<TimeSeriesStore, 'appendEvents'>,
    private readonly log: Logger,
  ) {}

  /** Records waiting to be written. */
  get waiting(): number {
    return this.queue.size;
  }

  record(records: readonly ReelRecord[]): void {
    if (records.length === 0) return;
    for (const r of records) {
      const key = `${r.enterprise}/${r.reel}`;
      this.queue.delete(key); // the newer write goes to the back
      this.queue.set(key, r);
    }
    if (this.queue.size > MAX_QUEUED) {
      const excess = this.queue.size - MAX_QUEUED;
      let n = 0;
      for (const key of this.queue.keys()) {
        if (n++ >= excess) break;
        this.queue.delete(key);
      }
      this.dropped += excess;
      this.log.error({ dropped: excess }, 'reel records not stored: the store has been down too long; a newer write of each reel replaces what was lost');
    }
    void this.flush();
  }

  /** Writes what waits; resolves once everything recorded before the call is written or has failed for now. */
  flush(): Promise<void> {
    this.writing ??= this.writeAll().finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  private async writeAll(): Promise<void> {
    while (this.queue.size > 0) {
      const batch = this.queue;
      this.queue = new Map();
      try {
        await this.store.appendEvents([...batch.values()].map(encodeReelRecord));
        this.written += batch.size;
      } catch (err) {
        this.log.warn({ err: (err as Error).message, records: batch.size }, 'reel records not stored yet; will retry with the next one or at stop');
        // What was recorded meanwhile is newer: it wins over the failed batch's record of the same reel.
        for (const [key, r] of this.queue) batch.set(key, r);
        this.queue = batch;
        return;
      }
    }
  }
}
