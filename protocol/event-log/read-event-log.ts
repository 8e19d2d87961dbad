/**
 * Reads the event log through the store's paged read (`readEventPage`):
 * every matching record once, in the log's order, one page in memory at a
 * time. `storedEventPages` hands on the records as stored;
 * `readEventLog` decodes them and reports each record it cannot decode
 * (with its identity and the reason, a path) instead of dropping it or
 * failing the read.
 */
import type { EventPageReader, EventQuery, StoredEvent } from '../../domain/event-log-record.js';
import { decodeEventLogRecord, type EventLogEntry } from './event-log.js';

/** Records per page: below the store's default maxEvents (10,000), large enough to keep reads few. */
export const EVENT_LOG_PAGE_SIZE = 5000;

/** What to read: a page query without its cursor; `limit` is the page size. */
export type EventLogQuery = Omit<EventQuery, 'after' | 'limit'> & { readonly pageSize?: number };

/** A stored record the codec refused. */
export interface BadEventRecord {
  readonly id: string;
  readonly at: number;
  readonly kind: string;
  readonly enterprise: string;
  /** `path: what is wrong`, e.g. `data.alert.severity: expected one of ...`. */
  readonly reason: string;
}

export type { EventPageReader };

/** Every matching record as stored, page by page. */
export async function* storedEventPages(store: EventPageReader, query: EventLogQuery): AsyncGenerator<StoredEvent[]> {
  const { pageSize = EVENT_LOG_PAGE_SIZE, ...filter } = query;
  let after: EventQuery['after'];
  for (;;) {
    const page = await store.readEventPage({ ...filter, limit: pageSize, ...(after ? { after } : {}) });
    if (page.events.length > 0) yield page.events;
    if (page.next === null) return;
    after = page.next;
  }
}

/**
 * Every matching record decoded, page by page. A record that does not decode
 * is passed to `onBad` and left out of the page; the read goes on.
 */
export async function* readEventLog(store: EventPageReader, query: EventLogQuery, onBad: (bad: BadEventRecord) => void): AsyncGenerator<EventLogEntry[]> {
  for await (const records of storedEventPages(store, query)) {
    const entries: EventLogEntry[] = [];
    for (const record of records) {
      const decoded = decodeEventLogRecord(record);
      if (decoded.ok) entries.push(decoded.value);
      else onBad({ id: record.id, at: record.at, kind: record.kind, enterprise: record.enterprise, reason: decoded.reason });
    }
    if (entries.length > 0) yield entries;
  }
}
