/**
 * The alert event log in DuckDB. INSERT OR REPLACE on the primary key
 * (enterprise, id, kind, at) makes a retried append harmless. Events go in
 * as multi-row statements: one statement per event cost about 4 ms each,
 * which held the single writer connection, and with it every measurement
 * commit, for seconds when a burst of alerts was flushed.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { decodeEvent, encodeEventBody } from '../event-body.js';
import { pageFromScan, type NormalEventQuery } from '../event-query.js';
import type { EventFilter, EventPage, StoredEvent } from '../port.js';

/** Rows per statement: 5 parameters each, well under DuckDB's parameter limits. */
const ROWS_PER_STATEMENT = 200;

export async function insertEvents(connection: DuckDBConnection, events: readonly StoredEvent[]): Promise<void> {
  // One statement cannot replace the same key twice: the later copy wins, as it would one by one.
  const byKey = new Map<string, StoredEvent>();
  for (const e of events) byKey.set(`${e.enterprise}\u0000${e.id}\u0000${e.kind}\u0000${e.at}`, e);
  const unique = [...byKey.values()];
  await connection.run('BEGIN TRANSACTION');
  try {
    for (let start = 0; start < unique.length; start += ROWS_PER_STATEMENT) {
      const chunk = unique.slice(start, start + ROWS_PER_STATEMENT);
      const rows = chunk.map((_, i) => `($${5 * i + 1}, $${5 * i + 2}, $${5 * i + 3}, $${5 * i + 4}, $${5 * i + 5})`).join(', ');
      const values: DuckDBValue[] = chunk.flatMap((e) => [e.enterprise, e.id, e.kind, BigInt(e.at), encodeEventBody(e)]);
      await connection.run(`INSERT OR REPLACE INTO alert_events (enterprise, id, kind, at_ms, body) VALUES ${rows}`, values);
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export async function selectEvents(connection: DuckDBConnection, filter: EventFilter, limit: number): Promise<StoredEvent[]> {
  const conditions: string[] = [];
  const values: DuckDBValue[] = [];
  const bind = (condition: string, value: DuckDBValue): void => {
    values.push(value);
    conditions.push(condition.replace('?', `$${values.length}`));
  };
  if (filter.enterprise !== undefined) bind('enterprise = ?', filter.enterprise);
  if (filter.id !== undefined) bind('id = ?', filter.id);
  if (filter.since !== undefined) bind('at_ms >= ?', BigInt(filter.since));
  if (filter.until !== undefined) bind('at_ms < ?', BigInt(filter.until));
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const reader = await connection.runAndReadAll(`SELECT enterprise, id, kind, CAST(at_ms AS DOUBLE), body FROM alert_events ${where} ORDER BY at_ms, id, kind LIMIT ${limit}`, values);
  return reader.getRows().map(([enterprise, id, kind, at, body]) => decodeEvent({ enterprise: String(enterprise), id: String(id), kind: String(kind), at: Number(at) }, String(body)));
}

/**
 * What a page needs, in the log's order: the filters and the cursor are SQL,
 * so the scan is exact and one row past the limit says whether more follow.
 */
export async function scanEventPage(connection: DuckDBConnection, q: NormalEventQuery): Promise<EventPage> {
  const conditions: string[] = [];
  const values: DuckDBValue[] = [];
  const param = (value: DuckDBValue): string => {
    values.push(value);
    return `$${values.length}`;
  };
  if (q.enterprises !== null) conditions.push(`enterprise IN (${q.enterprises.map(param).join(', ')})`);
  if (q.kinds !== null) conditions.push(`kind IN (${q.kinds.map(param).join(', ')})`);
  conditions.push(`at_ms >= ${param(BigInt(q.from))}`);
  if (q.to !== null) conditions.push(`at_ms < ${param(BigInt(q.to))}`);
  if (q.after !== null) {
    const at = param(BigInt(q.after.at));
    const id = param(q.after.id);
    conditions.push(`(at_ms > ${at} OR (at_ms = ${at} AND (id > ${id} OR (id = ${id} AND kind > ${param(q.after.kind)}))))`);
  }
  const reader = await connection.runAndReadAll(
    `SELECT enterprise, id, kind, CAST(at_ms AS DOUBLE), body FROM alert_events WHERE ${conditions.join(' AND ')} ORDER BY at_ms, id, kind LIMIT ${q.limit + 1}`,
    values,
  );
  const rows = reader.getRows().map(([enterprise, id, kind, at, body]) => decodeEvent({ enterprise: String(enterprise), id: String(id), kind: String(kind), at: Number(at) }, String(body)));
  return pageFromScan(rows, q, rows.length <= q.limit);
}
