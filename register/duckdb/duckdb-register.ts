/**
 * The embedded register: a DuckDB file (default `<dataDir>/register.duckdb`),
 * nothing to install. One connection, used one task at a time, so every
 * transaction sees the last committed state and optimistic version checks
 * cannot race inside the process. One owner per file: DuckDB locks the file
 * against other processes, and this module refuses a second handle in the
 * same process (DuckDB would open it twice and the two would not see each
 * other's writes).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, listValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { errorText, RegisterError } from '../errors.js';
import type { Register } from '../port.js';
import type { ColumnType, Dialect, Row, SqlDriver, SqlExecutor, SqlParameter } from '../sql/driver.js';
import { RelationalRegister } from '../sql/relational-register.js';
import { migrate } from '../sql/schema.js';
import { OneAtATime } from './one-at-a-time.js';

/** The file name under the data directory when the configuration names none. */
export const REGISTER_FILE = 'register.duckdb';

const openFiles = new Set<string>();

const DUCKDB_TYPES: Record<ColumnType, string> = { text: 'VARCHAR', bigint: 'BIGINT', json: 'VARCHAR', boolean: 'BOOLEAN' };

const DUCKDB_DIALECT: Dialect = {
  name: 'duckdb',
  json: 'TEXT',
  migrationLock: null,
  // DuckDB unnests several lists in one SELECT list in parallel, row by row.
  rowsFromArrays: (types) => `SELECT ${types.map((t, i) => `unnest($${i + 1}::${DUCKDB_TYPES[t]}[])`).join(', ')}`,
  isUniqueViolation: (error) => /Constraint Error: Duplicate key/i.test(errorText(error)),
};

export interface EmbeddedRegisterOptions {
  readonly now?: () => number;
}

export async function openDuckDbRegister(file: string, options: EmbeddedRegisterOptions = {}): Promise<Register> {
  const path = resolve(file);
  if (openFiles.has(path)) throw new RegisterError('LW_REGISTER_LOCKED', `the register ${path} is already open in this process`);
  openFiles.add(path);
  let instance: DuckDBInstance | undefined;
  try {
    mkdirSync(dirname(path), { recursive: true });
    // Small: the register is forms, not measurements.
    instance = await DuckDBInstance.create(path, { threads: '1', memory_limit: '256MB' });
    const driver = new DuckDbDriver(instance, await instance.connect(), () => openFiles.delete(path));
    await migrate(driver);
    return new RelationalRegister('embedded', driver, { now: options.now, failure: (error, what) => failure(error, what, path) });
  } catch (error) {
    instance?.closeSync();
    openFiles.delete(path);
    if (error instanceof RegisterError) throw error;
    throw failure(error, 'open', path);
  }
}

function failure(error: unknown, what: string, path: string): RegisterError {
  const text = errorText(error).split('\n')[0];
  if (/Could not set lock|Conflicting lock/i.test(text)) {
    return new RegisterError('LW_REGISTER_LOCKED', `the register ${path} is open in another process (${text})`, { cause: error });
  }
  return new RegisterError('LW_REGISTER_FAILED', `the embedded register failed to ${what} (${path}): ${text}`, { cause: error });
}

class DuckDbDriver implements SqlDriver {
  readonly dialect = DUCKDB_DIALECT;
  private readonly queue = new OneAtATime();
  private readonly executor: SqlExecutor;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    private readonly released: () => void,
  ) {
    this.executor = {
      dialect: DUCKDB_DIALECT,
      query: async (sql: string, params?: readonly SqlParameter[]): Promise<Row[]> => {
        const values = params === undefined || params.length === 0 ? undefined : params.map(toDuckDbValue);
        const reader = await connection.runAndReadAll(sql, values);
        return reader.getRowObjects() as Row[];
      },
    };
  }

  transaction<T>(task: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      await this.connection.run('BEGIN TRANSACTION');
      try {
        const result = await task(this.executor);
        await this.connection.run('COMMIT');
        return result;
      } catch (error) {
        await this.connection.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  read<T>(task: (q: SqlExecutor) => Promise<T>): Promise<T> {
    return this.queue.run(() => task(this.executor));
  }

  async close(): Promise<void> {
    await this.queue.run(async () => undefined);
    this.connection.closeSync();
    this.instance.closeSync();
    this.released();
  }
}

function toDuckDbValue(param: SqlParameter): DuckDBValue {
  return Array.isArray(param) ? listValue(param as DuckDBValue[]) : (param as DuckDBValue);
}
