import type { TimeSeriesStore } from '../../store/port.js';
import type { Logger } from '../../ops/logger.js';
import { encodeProductRecord, type ProductChange } from '../../protocol/event-log/product-records.js';

/** Changeovers kept waiting for the store while it is down; beyond it the oldest are given up (counted, logged). */
const MAX_QUEUED = 10_000;

/**
 * Where the lines' product changeovers go: appended to the store's event
 * log, where the monthly report and the stand-alone dashboard read them (the
 * embedded dashboard asks the series registry for the product now). A line changes
 * product a few times a day, so each changeover is written as it comes, off
 * the ingest path (no batch waits for it); while the store is down they wait
 * in a bounded queue and are written with the next one, or at `flush`.
 */
export class ChangeoverJournal {
  private queue: ProductChange[] = [];
  private writing: Promise<void> | null = null;
  /** Changeovers given up because the store stayed down while the queue was full. */
  dropped = 0;

  constructor(
    private readonly store: Pick<TimeSeriesStore, 'appendEvents'>,
    private readonly log: Logger,
  ) {}

  record(changes: readonly ProductChange[]): void {
    for (const change of changes) this.queue.push(change);
    if (this.queue.length > MAX_QUEUED) {
      const excess = this.queue.length - MAX_QUEUED;
      this.dropped += excess;
      this.log.error({ dropped: excess }, 'product changeovers not stored: the store has been down too long; the report will miss them');
      this.queue.splice(0, excess);
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
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.store.appendEvents(batch.map(encodeProductRecord));
      } catch (err) {
        this.log.warn({ err: (err as Error).message, changeovers: batch.length }, 'product changeovers not stored yet; will retry with the next one or at stop');
        this.queue = batch.concat(this.queue);
        return;
      }
    }
  }
}
