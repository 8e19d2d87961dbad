/**
 * The paged event read (`readEventPage`), the part both adapters share: the
 * query's checks, its normal form, and how a page and its cursor are cut
 * from events in the log's order. Each adapter only fetches candidates.
 */
import { compareEvents } from './arguments.js';
import { StoreError } from './errors.js';
import type { EventCursor, EventPage, EventQuery, StoredEvent } from './port.js';
import { tagProblem, timestampProblem } from './validate.js';

/** A checked query: lists instead of sets, bounds filled in. */
export interface NormalEventQuery {
  /** null: every enterprise. */
  readonly enterprises: readonly string[] | null;
  /** null: every kind. */
  readonly kinds: readonly string[] | null;
  /** Inclusive, ms. */
  readonly from: number;
  /** Exclusive, ms; null: no upper bound. */
  readonly to: number | null;
  readonly after: EventCursor | null;
  readonly limit: number;
}

function invalid(message: string): never {
  throw new StoreError('LW_STORE_INVALID_ARGUMENT', message);
}

function tagList(name: string, value: ReadonlySet<string> | readonly string[] | undefined): string[] | null {
  if (value === undefined) return null;
  if (!(value instanceof Set) && !Array.isArray(value)) invalid(`${name} must be a set or an array of strings`);
  const list = [...new Set<string>(value)].sort();
  for (const [i, item] of list.entries()) {
    const problem = tagProblem(`${name}[${i}]`, item);
    if (problem) invalid(problem);
  }
  return list;
}

/** Refuses a malformed query (LW_STORE_INVALID_ARGUMENT) and returns its normal form. */
export function checkEventQuery(query: EventQuery, maxEvents: number): NormalEventQuery {
  if (typeof query !== 'object' || query === null) invalid('event query must be an object');
  const enterprises = tagList('enterprises', query.enterprises);
  const kinds = tagList('kinds', query.kinds);
  for (const name of ['from', 'to'] as const) {
    const problem = query[name] === undefined ? undefined : timestampProblem(name, query[name]);
    if (problem) invalid(problem);
  }
  const { after } = query;
  if (after !== undefined) {
    if (typeof after !== 'object' || after === null) invalid('after must be the cursor of a page ({ at, id, kind })');
    const problem = timestampProblem('after.at', after.at) ?? tagProblem('after.id', after.id) ?? tagProblem('after.kind', after.kind);
    if (problem) invalid(problem);
  }
  if (!Number.isSafeInteger(query.limit) || query.limit < 1 || query.limit > maxEvents) invalid(`limit must be an integer in 1..${maxEvents}, got ${String(query.limit)}`);
  return { enterprises, kinds, from: query.from ?? 0, to: query.to ?? null, after: after === undefined ? null : { at: after.at, id: after.id, kind: after.kind }, limit: query.limit };
}

/** True when nothing can match: an empty list of enterprises or kinds, or an empty time range. */
export function matchesNothing(q: NormalEventQuery): boolean {
  return q.enterprises?.length === 0 || q.kinds?.length === 0 || (q.to !== null && q.from >= q.to);
}

export function cursorOf(e: StoredEvent): EventCursor {
  return { at: e.at, id: e.id, kind: e.kind };
}

/** Whether an event comes after the cursor in the log's order. */
export function isAfter(e: StoredEvent, cursor: EventCursor | null): boolean {
  return cursor === null || compareEvents(e, { ...cursor, enterprise: '' }) > 0;
}

/** Whether an event passes the query's filters (the cursor and time bounds aside). */
export function matchesQuery(e: StoredEvent, q: NormalEventQuery): boolean {
  return (q.enterprises === null || q.enterprises.includes(e.enterprise)) && (q.kinds === null || q.kinds.includes(e.kind));
}

/**
 * A page from what an adapter scanned: every event after the cursor in the
 * log's order, up to the end of an instant (never part of one), each
 * matching the time range. `scannedAll` says nothing later matches it.
 * Filters the adapter could not apply in its query are applied here, so a
 * page may hold fewer than `limit` events and still have a `next`.
 */
export function pageFromScan(scanned: readonly StoredEvent[], q: NormalEventQuery, scannedAll: boolean): EventPage {
  const events: StoredEvent[] = [];
  for (const [i, e] of scanned.entries()) {
    if (!isAfter(e, q.after) || !matchesQuery(e, q)) continue;
    events.push(e);
    if (events.length === q.limit) return { events, next: scannedAll && i === scanned.length - 1 ? null : cursorOf(e) };
  }
  return { events, next: scannedAll || scanned.length === 0 ? null : cursorOf(scanned[scanned.length - 1]) };
}

export const EMPTY_PAGE: EventPage = Object.freeze({ events: [], next: null });
