/**
 * The production register: PostgreSQL through `pg`. A small pool serves
 * several services at once (analytics workers, the dashboard); each change
 * is one transaction on one pooled client. Concurrency across processes is
 * kept by the database: version conditions in every UPDATE and DELETE, a
 * partial unique index for the one pending proposal per enterprise, and an
 * advisory lock around schema migration.
 */
import pg from 'pg';
import { errorText, RegisterError } from '../errors.js';
import type { Register } from '../port.js';
import type { ColumnType, Dialect, Row, SqlDriver, SqlExecutor, SqlParameter } from '../sql/driver.js';
import { RelationalRegister } from '../sql/relational-register.js';
import { migrate } from '../sql/schema.js';

export interface PostgresConnection {
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly user?: string;
  readonly password?: string;
}

export interface PostgresRegisterOptions {
  readonly now?: () => number;
  /** Pooled connections; default 4. */
  readonly maxConnections?: number;
  /** ms to wait for a connection; default 10,000. */
  readonly connectTimeoutMs?: number;
}

// Any constant: the key of the advisory lock that serialises migrations.
const MIGRATION_LOCK_KEY = 1_479_215_014;

const POSTGRES_TYPES: Record<ColumnType, string> = { text: 'text', bigint: 'bigint', json: 'jsonb', boolean: 'boolean' };

const POSTGRES_DIALECT: Dialect = {
  name: 'postgres',
  json: 'JSONB',
  migrationLock: `SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`,
  // unnest with several arrays zips them into rows; `pg` sends JS arrays as PostgreSQL arrays.
  rowsFromArrays: (types) => `SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${POSTGRES_TYPES[t]}[]`).join(', ')})`,
  isUniqueViolation: (error) => sqlState(error) === '23505',
};

export async function openPostgresRegister(connection: PostgresConnection, options: PostgresRegisterOptions = {}): Promise<Register> {
  const where = describe(connection);
  const pool = new pg.Pool({
    ...connection,
    max: options.maxConnections ?? 4,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'linewatch-register',
  });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  const driver = new PostgresDriver(pool);
  try {
    await migrate(driver);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof RegisterError) throw error;
    throw failure(error, 'open', where);
  }
  return new RelationalRegister('postgres', driver, { now: options.now, failure: (error, what) => failure(error, what, where) });
}

function describe(c: PostgresConnection): string {
  return `PostgreSQL ${c.user ?? ''}@${c.host ?? 'localhost'}:${c.port ?? 5432}/${c.database ?? ''}`;
}

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function failure(error: unknown, what: string, where: string): RegisterError {
  const code = sqlState(error);
  const text = `${errorText(error).split('\n')[0]}${code ? ` [${code}]` : ''}`;
  // 28xxx: authentication; 3D000: no such database.
  if (/client password must be a string/.test(text)) {
    return new RegisterError('LW_REGISTER_AUTH', `${where} asks for a password and none was given: set LINEWATCH_REGISTER_PASSWORD`, { cause: error });
  }
  if (code !== undefined && (code.startsWith('28') || code === '3D000')) {
    return new RegisterError('LW_REGISTER_AUTH', `${where} refused to ${what}: ${text}`, { cause: error });
  }
  // 40P01 deadlock, 40001 serialization failure: concurrent writers collided
  // (say, two processes proposing for one enterprise at once); the
  // transaction was rolled back, and reading again and retrying is the cure.
  if (code === '40P01' || code === '40001') {
    return new RegisterError('LW_REGISTER_CONFLICT', `${where}: could not ${what}, it collided with a concurrent change; nothing was changed, try again [${code}]`, { cause: error });
  }
  // 08xxx: connection exceptions; 57P0x: the server is shutting down; and the socket's own errors.
  if (code !== undefined && (code.startsWith('08') || code.startsWith('57P') || /^E[A-Z]+$/.test(code))) {
    return new RegisterError('LW_REGISTER_UNAVAILABLE', `${where} unavailable; cannot ${what}: ${text}`, { cause: error });
  }
  if (/timeout|terminated|Connection ended/i.test(text)) return new RegisterError('LW_REGISTER_UNAVAILABLE', `${where} unavailable; cannot ${what}: ${text}`, { cause: error });
  return new RegisterError('LW_REGISTER_FAILED', `${where} failed to ${what}: ${text}`, { cause: error });
}

class PostgresDriver implements SqlDriver {
  readonly dialect = POSTGRES_DIALECT;

  constructor(private readonly pool: pg.Pool) {}

  async transaction<T>(task: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await task(executor(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        // A client that cannot roll back is not given to the next caller.
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }

  read<T>(task: (q: SqlExecutor) => Promise<T>): Promise<T> {
    return task(executor(this.pool));
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

function executor(target: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    dialect: POSTGRES_DIALECT,
    query: async (sql: string, params?: readonly SqlParameter[]): Promise<Row[]> => {
      const result = await target.query(sql, params === undefined ? undefined : [...params]);
      return result.rows as Row[];
    },
  };
}
