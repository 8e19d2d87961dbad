/**
 * The register's tables, created on open and versioned: `register_meta`
 * holds `schema_version`, and each migration runs once, in order, in one
 * transaction (under the dialect's migration lock, so services starting
 * together against one PostgreSQL do not race). A database written by a newer
 * linewatch is refused rather than misread.
 *
 * Times are BIGINT milliseconds since 1970 UTC (as in store/), JSON is JSONB
 * on PostgreSQL and text on DuckDB.
 *
 * Secondary indexes exist on PostgreSQL only. Each DuckDB ART index is
 * maintained row by row on insert (importing 10,000 records went from about
 * 2,800 to 5,200 rows/s without them), while a DuckDB scan of a register-sized
 * table (up to a few hundred thousand rows) filters by column in
 * milliseconds; primary keys stay on both, because they carry the rules.
 */
import { RegisterError } from '../errors.js';
import type { Dialect, SqlDriver } from './driver.js';

interface Migration {
  readonly version: number;
  readonly statements: (dialect: Dialect) => readonly string[];
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    statements: (d) => [
      `CREATE TABLE register_records (
         id TEXT PRIMARY KEY,
         enterprise TEXT NOT NULL,
         kind TEXT NOT NULL,
         version BIGINT NOT NULL,
         body ${d.json} NOT NULL,
         created_at_ms BIGINT NOT NULL,
         created_by TEXT NOT NULL,
         updated_at_ms BIGINT NOT NULL,
         updated_by TEXT NOT NULL)`,
      ...(d.name === 'postgres' ? [`CREATE INDEX register_records_by_enterprise ON register_records (enterprise, kind)`] : []),
      `CREATE SEQUENCE register_audit_seq`,
      `CREATE TABLE register_audit (
         seq BIGINT PRIMARY KEY DEFAULT nextval('register_audit_seq'),
         at_ms BIGINT NOT NULL,
         user_id TEXT NOT NULL,
         enterprise TEXT,
         entity TEXT NOT NULL,
         entity_id TEXT NOT NULL,
         action TEXT NOT NULL,
         before_json ${d.json},
         after_json ${d.json})`,
      ...(d.name === 'postgres' ? [`CREATE INDEX register_audit_by_enterprise ON register_audit (enterprise)`] : []),
      ...(d.name === 'postgres' ? [`CREATE INDEX register_audit_by_entity ON register_audit (entity, entity_id)`] : []),
      `CREATE TABLE register_class_history (
         enterprise TEXT NOT NULL,
         seq BIGINT NOT NULL,
         class TEXT NOT NULL CHECK (class IN ('A', 'B', 'C')),
         effective_from TEXT NOT NULL,
         decided_by TEXT NOT NULL,
         reason TEXT NOT NULL,
         proposal_id TEXT,
         recorded_at_ms BIGINT NOT NULL,
         PRIMARY KEY (enterprise, seq))`,
      // No secondary index on the columns a decision updates: DuckDB rewrites
      // such updates as delete + insert; proposals are few anyway.
      `CREATE TABLE register_proposals (
         id TEXT PRIMARY KEY,
         enterprise TEXT NOT NULL,
         from_class TEXT,
         to_class TEXT NOT NULL CHECK (to_class IN ('A', 'B', 'C')),
         basis ${d.json} NOT NULL,
         status TEXT NOT NULL,
         created_at_ms BIGINT NOT NULL,
         created_by TEXT NOT NULL,
         decided_at_ms BIGINT,
         decided_by TEXT,
         decision_reason TEXT,
         superseded_by TEXT)`,
      // PostgreSQL serves several processes at once: the database itself
      // keeps one pending proposal per enterprise. DuckDB has no partial
      // index, and one process owns its file, which serialises every write.
      ...(d.name === 'postgres' ? [`CREATE UNIQUE INDEX register_one_pending_proposal ON register_proposals (enterprise) WHERE status = 'pending'`] : []),
      `CREATE TABLE register_draws (
         id TEXT PRIMARY KEY,
         period TEXT NOT NULL,
         seed TEXT NOT NULL,
         parameters ${d.json} NOT NULL,
         picks ${d.json} NOT NULL,
         published BOOLEAN NOT NULL,
         published_at_ms BIGINT,
         published_by TEXT,
         created_at_ms BIGINT NOT NULL,
         created_by TEXT NOT NULL)`,
    ],
  },
];

export const REGISTER_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** Creates or upgrades the schema; refuses a newer one. Returns the version in use. */
export async function migrate(driver: SqlDriver): Promise<number> {
  return driver.transaction(async (tx) => {
    if (driver.dialect.migrationLock) await tx.query(driver.dialect.migrationLock);
    await tx.query(`CREATE TABLE IF NOT EXISTS register_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`);
    const rows = await tx.query(`SELECT value FROM register_meta WHERE key = 'schema_version'`);
    const current = rows.length === 0 ? 0 : Number(rows[0].value);
    if (!Number.isSafeInteger(current) || current > REGISTER_SCHEMA_VERSION) {
      throw new RegisterError('LW_REGISTER_SCHEMA', `the register database has schema version ${String(rows[0]?.value)}; this linewatch knows up to ${REGISTER_SCHEMA_VERSION}`);
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      for (const statement of migration.statements(driver.dialect)) await tx.query(statement);
    }
    if (current === 0) await tx.query(`INSERT INTO register_meta (key, value) VALUES ('schema_version', $1)`, [String(REGISTER_SCHEMA_VERSION)]);
    else if (current < REGISTER_SCHEMA_VERSION) await tx.query(`UPDATE register_meta SET value = $1 WHERE key = 'schema_version'`, [String(REGISTER_SCHEMA_VERSION)]);
    return REGISTER_SCHEMA_VERSION;
  });
}
