import type { TimeSeriesStore } from '../../store/port.js';
import type { Logger } from '../../ops/logger.js';
import { encodeReelRecord } from '../../protocol/event-log/reel-records.js';
import type { ReelRecord } from '../../trace/reels/reel-record.js';
import { QueuedEventWriter } from '../journal/queued-event-writer.js';

/**
 * Where the reels' quality records go: appended to the store's event log
 * (kind reel.recorded), where the trace queries read them, off the ingest
 * path (queued-event-writer.ts). A reel's newer record replaces its older
 * one while both wait, as it does in the store (same identity), so an
 * outage holds one record per reel, not one per write.
 */
export class ReelJournal extends QueuedEventWriter<ReelRecord> {
  constructor(store: Pick<TimeSeriesStore, 'appendEvents'>, log: Logger) {
    super(store, log, {
      noun: 'reel records',
      lost: 'a newer write of each reel replaces what was lost',
      encode: encodeReelRecord,
      keyOf: (r) => `${r.enterprise}/${r.reel}`,
    });
  }
}
