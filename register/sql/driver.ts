/**
 * What the relational core needs from a database driver: run a statement
 * with `$1`-style parameters (both PostgreSQL and DuckDB's node-api bind
 * them) and get rows as plain objects, inside a transaction or not. Each
 * adapter implements it in a few lines; the SQL text and row mapping are
 * shared (relational-register.ts).
 */
export type SqlValue = string | number | boolean | null;
export type Row = Record<string, unknown>;

export interface SqlExecutor {
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
}

export interface Dialect {
  readonly name: 'duckdb' | 'postgres';
  /** Column type of JSON documents. */
  readonly json: string;
  /** Run first in the migration transaction, so two processes never migrate at once. */
  readonly migrationLock: string | null;
  /** True when the error is a unique or primary key violation. */
  isUniqueViolation(error: unknown): boolean;
}

export interface SqlDriver {
  readonly dialect: Dialect;
  /** Runs `task` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(task: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a read outside an explicit transaction. */
  read<T>(task: (q: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
