/**
 * What the relational core needs from a database driver: run a statement
 * with `$1`-style parameters (both PostgreSQL and DuckDB's node-api bind
 * them) and get rows as plain objects, inside a transaction or not. Each
 * adapter implements it in a few lines; the SQL text and row mapping are
 * shared (relational-register.ts).
 */
export type SqlValue = string | number | boolean | null;
/** A parameter: a value, or a column of values for a set-wise insert (insert-rows.ts). */
export type SqlParameter = SqlValue | readonly SqlValue[];
export type Row = Record<string, unknown>;

/** The column types the register uses; each dialect spells them. */
export type ColumnType = 'text' | 'bigint' | 'json' | 'boolean';

export interface SqlExecutor {
  readonly dialect: Dialect;
  query(sql: string, params?: readonly SqlParameter[]): Promise<Row[]>;
}

export interface Dialect {
  readonly name: 'duckdb' | 'postgres';
  /** Column type of JSON documents. */
  readonly json: string;
  /** Run first in the migration transaction, so two processes never migrate at once. */
  readonly migrationLock: string | null;
  /** `SELECT …` of rows from array parameters $1..$n of these types, one per column, unnested in parallel. */
  rowsFromArrays(types: readonly ColumnType[]): string;
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
