/**
 * The InfluxQL statements the adapter sends to /query. InfluxQL (not Flux or
 * SQL) because 1.x, 2.x (v1 compatibility API) and 3.x all answer it.
 * Identifiers are always double-quoted: `measurements` is an InfluxQL
 * keyword and would not parse bare.
 */
import type { NormalEventQuery } from '../event-query.js';
import type { EventFilter, SeriesKey, SummaryFilter, TimeRange } from '../port.js';
import { EVENTS, MEASUREMENTS } from './line-protocol.js';

/** A string literal: backslash and single quote escaped, as InfluxQL's scanner expects. */
export function quoteString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function timeRange(range: TimeRange): string {
  return `time >= ${range.from}ms AND time < ${range.to}ms`;
}

function seriesIs(key: SeriesKey): string {
  return `"enterprise" = ${quoteString(key.enterprise)} AND "line" = ${quoteString(key.line)} AND "characteristic" = ${quoteString(key.characteristic)}`;
}

export function selectRaw(key: SeriesKey, range: TimeRange, limit: number): string {
  return `SELECT "value" FROM ${quoteIdent(MEASUREMENTS)} WHERE ${seriesIs(key)} AND ${timeRange(range)} ORDER BY time ASC LIMIT ${limit}`;
}

/** Every point of a series in the closed interval [first, last]: a value lookup filters them. */
export function selectBetween(key: SeriesKey, first: number, last: number): string {
  return `SELECT "value" FROM ${quoteIdent(MEASUREMENTS)} WHERE ${seriesIs(key)} AND time >= ${first}ms AND time <= ${last}ms`;
}

/**
 * Buckets of width bucketMs starting at range.from: GROUP BY time() aligns
 * intervals to the epoch, so the offset shifts them onto `from`.
 */
export function selectBuckets(key: SeriesKey, range: TimeRange, bucketMs: number): string {
  const offset = range.from % bucketMs;
  return (
    `SELECT count("value"), mean("value"), min("value"), max("value") FROM ${quoteIdent(MEASUREMENTS)} ` +
    `WHERE ${seriesIs(key)} AND ${timeRange(range)} GROUP BY time(${bucketMs}ms, ${offset}ms) fill(none)`
  );
}

export function selectSummaries(filter: SummaryFilter): string {
  const conditions = [timeRange(filter)];
  if (filter.enterprise !== undefined) conditions.push(`"enterprise" = ${quoteString(filter.enterprise)}`);
  if (filter.line !== undefined) conditions.push(`"line" = ${quoteString(filter.line)}`);
  if (filter.characteristic !== undefined) conditions.push(`"characteristic" = ${quoteString(filter.characteristic)}`);
  // stddev() is the sample standard deviation (n - 1), as DuckDB's stddev_samp.
  return (
    `SELECT count("value"), mean("value"), stddev("value"), min("value"), max("value") FROM ${quoteIdent(MEASUREMENTS)} ` +
    `WHERE ${conditions.join(' AND ')} GROUP BY "enterprise", "line", "characteristic"`
  );
}

export function selectEvents(filter: EventFilter, limit: number): string {
  const conditions = [`time >= ${filter.since ?? 0}ms`];
  if (filter.until !== undefined) conditions.push(`time < ${filter.until}ms`);
  if (filter.enterprise !== undefined) conditions.push(`"enterprise" = ${quoteString(filter.enterprise)}`);
  if (filter.id !== undefined) conditions.push(`"alert" = ${quoteString(filter.id)}`);
  return `SELECT "body", "alert", "enterprise", "kind" FROM ${quoteIdent(EVENTS)} WHERE ${conditions.join(' AND ')} ORDER BY time ASC LIMIT ${limit}`;
}

/** A cheap statement that needs read access to the database: proves URL, credentials and database. */
export const PROBE = `SHOW MEASUREMENTS LIMIT 1`;

/** Most enterprises named in one statement; beyond it they are filtered after the read (the query goes in the URL). */
export const MAX_ENTERPRISES_IN_QUERY = 50;

function anyOf(tag: string, values: readonly string[]): string {
  return `(${values.map((v) => `${quoteIdent(tag)} = ${quoteString(v)}`).join(' OR ')})`;
}

/**
 * Events of a page query in a time window, ordered by time only (InfluxQL
 * cannot order by a tag): `after` is exclusive, `from` inclusive, `to`
 * exclusive. The adapter completes the instant a LIMIT may cut.
 */
export function selectEventWindow(q: NormalEventQuery, window: { readonly after?: number; readonly from?: number; readonly to?: number | null; readonly at?: number }, limit: number): string {
  const conditions: string[] = [];
  if (window.at !== undefined) conditions.push(`time >= ${window.at}ms AND time <= ${window.at}ms`);
  if (window.after !== undefined) conditions.push(`time > ${window.after}ms`);
  if (window.from !== undefined) conditions.push(`time >= ${window.from}ms`);
  if (window.to !== undefined && window.to !== null) conditions.push(`time < ${window.to}ms`);
  if (q.enterprises !== null && q.enterprises.length <= MAX_ENTERPRISES_IN_QUERY) conditions.push(anyOf('enterprise', q.enterprises));
  if (q.kinds !== null) conditions.push(anyOf('kind', q.kinds));
  return `SELECT "body", "alert", "enterprise", "kind" FROM ${quoteIdent(EVENTS)} WHERE ${conditions.join(' AND ')} ORDER BY time ASC LIMIT ${limit}`;
}
