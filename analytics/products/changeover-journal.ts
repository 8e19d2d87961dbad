import type { TimeSeriesStore } from '../../store/port.js';
import type { Logger } from '../../ops/logger.js';
import { encodeProductRecord, type ProductChange } from '../../protocol/event-log/product-records.js';
import { QueuedEventWriter } from '../journal/queued-event-writer.js';

/**
 * Where the lines' product changeovers go: appended to the store's event
 * log, where the monthly report and the stand-alone dashboard read them (the
 * embedded dashboard asks the series registry for the product now). A line changes
 * product a few times a day, so each changeover is written as it comes, off
 * the ingest path; while the store is down they wait in a bounded queue
 * (queued-event-writer.ts). Every changeover is kept: each is its own record.
 */
export class ChangeoverJournal extends QueuedEventWriter<ProductChange> {
  constructor(store: Pick<TimeSeriesStore, 'appendEvents'>, log: Logger) {
    super(store, log, { noun: 'product changeovers', lost: 'the report will miss them', encode: encodeProductRecord });
  }
}
