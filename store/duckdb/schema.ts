/**
 * The embedded database's tables.
 *
 * Measurements are stored as (series INTEGER, ts BIGINT, value DOUBLE): the
 * three text ids live once in `series`, so a row costs ~16 bytes before
 * compression and the write path moves only numbers across the native
 * boundary. There is deliberately no primary key on measurements: a DuckDB
 * ART index on (series, ts) cut write throughput from ~600,000 to ~100,000
 * points/s and keeps growing in memory; idempotency comes from an anti-join
 * against the batch's time range instead (measurement-writer.ts).
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export const SCHEMA_VERSION = '1';

const DDL = [
  `CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS series (
     id INTEGER PRIMARY KEY,
     enterprise VARCHAR NOT NULL,
     line VARCHAR NOT NULL,
     characteristic VARCHAR NOT NULL,
     UNIQUE (enterprise, line, characteristic))`,
  `CREATE TABLE IF NOT EXISTS measurements (series INTEGER NOT NULL, ts BIGINT NOT NULL, value DOUBLE NOT NULL)`,
  // Events are few (alerts, not readings), so a primary key is affordable
  // and gives INSERT OR REPLACE its idempotency.
  `CREATE TABLE IF NOT EXISTS alert_events (
     enterprise VARCHAR NOT NULL,
     id VARCHAR NOT NULL,
     kind VARCHAR NOT NULL,
     at_ms BIGINT NOT NULL,
     body VARCHAR NOT NULL,
     PRIMARY KEY (enterprise, id, kind, at_ms))`,
];

/** Creates the tables on first open and refuses a file written by a newer schema. */
export async function ensureSchema(connection: DuckDBConnection): Promise<void> {
  for (const statement of DDL) await connection.run(statement);
  const reader = await connection.runAndReadAll(`SELECT value FROM store_meta WHERE key = 'schema_version'`);
  const rows = reader.getRows();
  if (rows.length === 0) {
    await connection.run(`INSERT INTO store_meta VALUES ('schema_version', '${SCHEMA_VERSION}')`);
  } else if (rows[0][0] !== SCHEMA_VERSION) {
    throw new Error(`database schema version ${String(rows[0][0])} is not the supported version ${SCHEMA_VERSION}`);
  }
}
