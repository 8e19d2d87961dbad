/**
 * Argument checks for reads and event appends, shared by both adapters so
 * they refuse the same calls with the same code (LW_STORE_INVALID_ARGUMENT).
 */
import { isCharacteristicName } from '../domain/characteristics.js';
import { StoreError } from './errors.js';
import type { StoredEvent, EventFilter, SeriesKey, SummaryFilter, TimeRange } from './port.js';
import { tagProblem, timestampProblem } from './validate.js';

function invalid(message: string): never {
  throw new StoreError('LW_STORE_INVALID_ARGUMENT', message);
}

export function checkSeriesKey(key: SeriesKey): void {
  if (typeof key !== 'object' || key === null) invalid('series key must be an object');
  const problem = tagProblem('enterprise', key.enterprise) ?? tagProblem('line', key.line);
  if (problem) invalid(problem);
  if (!isCharacteristicName(String(key.characteristic))) invalid(`unknown characteristic ${JSON.stringify(key.characteristic)}`);
}

export function checkRange(range: TimeRange): void {
  if (typeof range !== 'object' || range === null) invalid('time range must be an object');
  const problem = timestampProblem('from', range.from) ?? timestampProblem('to', range.to);
  if (problem) invalid(problem);
  if (range.from >= range.to) invalid(`time range is empty: from ${range.from} is not before to ${range.to}`);
}

/** Width of each of at most `buckets` equal buckets covering [from, to), ms (at least 1). */
export function bucketWidth(range: TimeRange, buckets: number, maxBuckets: number): number {
  checkRange(range);
  if (!Number.isSafeInteger(buckets) || buckets < 1 || buckets > maxBuckets) invalid(`buckets must be an integer in 1..${maxBuckets}, got ${buckets}`);
  return Math.max(1, Math.ceil((range.to - range.from) / buckets));
}

export function checkSummaryFilter(filter: SummaryFilter): void {
  checkRange(filter);
  for (const name of ['enterprise', 'line'] as const) {
    if (filter[name] !== undefined) {
      const problem = tagProblem(name, filter[name]);
      if (problem) invalid(problem);
    }
  }
  if (filter.characteristic !== undefined && !isCharacteristicName(String(filter.characteristic))) {
    invalid(`unknown characteristic ${JSON.stringify(filter.characteristic)}`);
  }
}

/** Validates the filter and returns the effective limit. */
export function checkEventFilter(filter: EventFilter, maxEvents: number): number {
  if (typeof filter !== 'object' || filter === null) invalid('event filter must be an object');
  for (const name of ['enterprise', 'id'] as const) {
    if (filter[name] !== undefined) {
      const problem = tagProblem(name, filter[name]);
      if (problem) invalid(problem);
    }
  }
  for (const name of ['since', 'until'] as const) {
    if (filter[name] !== undefined) {
      const problem = timestampProblem(name, filter[name]);
      if (problem) invalid(problem);
    }
  }
  const limit = filter.limit ?? maxEvents;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > maxEvents) invalid(`limit must be an integer in 1..${maxEvents}, got ${limit}`);
  return limit;
}

const OPTIONAL_TEXT = ['line', 'rule', 'severity', 'by', 'comment'] as const;

/** All or nothing: the first invalid event rejects the whole append, naming its index. */
export function checkEvents(events: readonly StoredEvent[]): void {
  if (!Array.isArray(events)) invalid('events must be an array');
  events.forEach((event, index) => {
    const fail = (why: string): never => invalid(`event ${index}: ${why}`);
    if (typeof event !== 'object' || event === null) fail('not an object');
    const problem = tagProblem('id', event.id) ?? tagProblem('enterprise', event.enterprise) ?? tagProblem('kind', event.kind) ?? timestampProblem('at', event.at);
    if (problem) fail(problem);
    for (const name of OPTIONAL_TEXT) {
      if (event[name] !== undefined && typeof event[name] !== 'string') fail(`${name} must be a string`);
    }
    if (event.characteristic !== undefined && !isCharacteristicName(String(event.characteristic))) {
      fail(`unknown characteristic ${JSON.stringify(event.characteristic)}`);
    }
    if (event.data !== undefined && (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data))) {
      fail('data must be a JSON object');
    }
  });
}

/** The one event order both adapters return: at, then id, then kind. */
export function compareEvents(a: StoredEvent, b: StoredEvent): number {
  if (a.at !== b.at) return a.at - b.at;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  if (a.kind !== b.kind) return a.kind < b.kind ? -1 : 1;
  return 0;
}

/** The one summary order both adapters return: enterprise, line, characteristic. */
export function compareSeriesKeys(a: SeriesKey, b: SeriesKey): number {
  if (a.enterprise !== b.enterprise) return a.enterprise < b.enterprise ? -1 : 1;
  if (a.line !== b.line) return a.line < b.line ? -1 : 1;
  if (a.characteristic !== b.characteristic) return a.characteristic < b.characteristic ? -1 : 1;
  return 0;
}
