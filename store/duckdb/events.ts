/**
 * The alert event log in DuckDB. Events are rare (alerts, not readings), so
 * plain bound-parameter statements suffice; INSERT OR REPLACE on the primary
 * key (enterprise, id, kind, at) makes a retried append harmless.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { decodeEvent, encodeEventBody } from '../event-body.js';
import type { AlertEvent, EventFilter } from '../port.js';

export async function insertEvents(connection: DuckDBConnection, events: readonly AlertEvent[]): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    for (const event of events) {
      await connection.run('INSERT OR REPLACE INTO alert_events (enterprise, id, kind, at_ms, body) VALUES ($1, $2, $3, $4, $5)', [
        event.enterprise,
        event.id,
        event.kind,
        BigInt(event.at),
        encodeEventBody(event),
      ]);
    }
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export async function selectEvents(connection: DuckDBConnection, filter: EventFilter, limit: number): Promise<AlertEvent[]> {
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
  const reader = await connection.runAndReadAll(
    `SELECT enterprise, id, kind, CAST(at_ms AS DOUBLE), body FROM alert_events ${where} ORDER BY at_ms, id, kind LIMIT ${limit}`,
    values,
  );
  return reader.getRows().map(([enterprise, id, kind, at, body]) =>
    decodeEvent({ enterprise: String(enterprise), id: String(id), kind: String(kind), at: Number(at) }, String(body)),
  );
}
