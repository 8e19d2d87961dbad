/**
 * The stored event log's record and its paged read, as types: the store
 * keeps these records (store/port.ts) and the event-log codec gives their
 * `data` a schema per kind (protocol/event-log/). They live here, at the
 * bottom, because the store and the protocol sit on one layer and may not
 * import each other. Times are ms since the Unix epoch, UTC.
 */
import type { CharacteristicName } from './characteristics.js';

/**
 * Event kinds of the alert lifecycle. Other producers (the risk model) use
 * their own kinds, namespaced by convention (`risk.assessed`).
 */
export type EventKind = 'raised' | 'updated' | 'escalated' | 'acknowledged' | 'resolved' | (string & {});

/** A JSON value, so `data` survives both adapters unchanged. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * One record of the append-only event log, as the store keeps it: a generic
 * envelope whose `data` the writers fill. What each kind carries, and how it
 * is written and read back, is the event-log codec's (protocol/event-log/);
 * the store checks only the envelope. Identity is (enterprise, id, kind, at):
 * appending the same again stores it once (a retried append is harmless) and
 * the later copy replaces the earlier.
 */
export interface StoredEvent {
  /** The subject the event is about: an alert id, or a risk assessment id. */
  readonly id: string;
  /** ms since epoch, UTC; an integer. Orders the log. */
  readonly at: number;
  readonly kind: EventKind;
  readonly enterprise: string;
  readonly line?: string;
  readonly characteristic?: CharacteristicName;
  readonly rule?: string;
  readonly severity?: string;
  /** Who acted (a user id), for acknowledgements and resolutions. */
  readonly by?: string;
  readonly comment?: string;
  readonly data?: { readonly [key: string]: JsonValue };
  /**
   * Set on read, never written: the stored optional part could not be read
   * back (not JSON, or a field of the wrong type), so the record holds its
   * identity only. The event-log codec reports such a record as bad.
   */
  readonly bodyProblem?: string;
}

/** Where a page of events ended: the next page starts after this event (the log's order). */
export interface EventCursor {
  readonly at: number;
  readonly id: string;
  readonly kind: string;
}

/**
 * One page of the event log. Results are in the log's order (`at`, then
 * `id`, then `kind`); `next` is null once nothing more matches.
 */
export interface EventQuery {
  /** Only these enterprises; an empty set matches nothing. Absent: every enterprise. */
  readonly enterprises?: ReadonlySet<string> | readonly string[];
  /** Only these kinds; an empty list matches nothing. Absent: every kind. */
  readonly kinds?: readonly string[];
  /** Inclusive lower bound on `at`, ms. */
  readonly from?: number;
  /** Exclusive upper bound on `at`, ms. */
  readonly to?: number;
  /** Events strictly after this one in the log's order (the `next` of the page before). */
  readonly after?: EventCursor;
  /** At most this many events, 1 to the store's `maxEvents`. */
  readonly limit: number;
}

export interface EventPage {
  readonly events: StoredEvent[];
  /** Pass as `after` for the next page; null when this page was the last. */
  readonly next: EventCursor | null;
}

/** What reading the log page by page needs of a store (TimeSeriesStore has it). */
export interface EventPageReader {
  readEventPage(query: EventQuery): Promise<EventPage>;
}
