/**
 * Starts a real, throw-away PostgreSQL (Debian's `postgresql` package) for
 * the register's contract tests and benchmark: its own cluster in a
 * temporary directory, loopback only on a free port, its unix socket in that
 * directory, password authentication over TCP (so the tests go through
 * LINEWATCH_REGISTER_PASSWORD as production does). It never touches the
 * package's own cluster on port 5432.
 *
 * initdb and postgres refuse to run as root: as root, the cluster belongs to
 * the `postgres` user and every server command runs through `runuser`.
 * When PostgreSQL is missing, startPostgres throws POSTGRES_MISSING and the
 * suite fails: it never skips. Test-only: the shipped build
 * (tsconfig.build.json) does not include it; the benchmark compiles it
 * through tsconfig.bench.json.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './ports.js';

export interface PostgresTestServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  /** The temporary directory: cluster, socket and log. */
  readonly dir: string;
  readonly version: string;
  /** Creates an empty database and returns its name. */
  createDatabase(): Promise<string>;
  /** Stops the server and deletes its directory. */
  dispose(): Promise<void>;
}

export interface PostgresTestServerOptions {
  /** The folder of initdb, pg_ctl and postgres; default $PG_BIN or Debian's newest /usr/lib/postgresql/N/bin. */
  readonly binDir?: string;
  /** fsync and synchronous commit as in production (the benchmark); tests turn them off. */
  readonly durable?: boolean;
}

export const POSTGRES_MISSING =
  "PostgreSQL is not installed: the register's PostgreSQL tests need a real server. Install Debian's package with `apt-get install -y postgresql` (.ci/run does this), or set PG_BIN to the folder holding initdb and pg_ctl.";

const USER = 'linewatch';

export async function startPostgres(options: PostgresTestServerOptions = {}): Promise<PostgresTestServer> {
  const binDir = options.binDir ?? process.env.PG_BIN ?? debianBinDir();
  if (binDir === undefined || !existsSync(join(binDir, 'initdb'))) throw new Error(`${POSTGRES_MISSING} (looked in ${binDir ?? '/usr/lib/postgresql/*/bin'})`);
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? postgresUser() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'postgres.log');
  const password = `test-${Math.random().toString(36).slice(2)}`;
  const port = await freePort();
  writeFileSync(join(dir, 'pwfile'), `${password}\n`);
  if (owner) chownTree(dir, owner);

  const run = (binary: string, args: string[]): string => {
    const command = owner ? (['runuser', ['-u', 'postgres', '--', join(binDir, binary), ...args]] as const) : ([join(binDir, binary), args] as const);
    const result = spawnSync(command[0], command[1], { encoding: 'utf8', cwd: dir, timeout: 120_000 });
    if (result.error || result.status !== 0) {
      const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '';
      throw new Error(`${binary} ${args[0] ?? ''} failed: ${result.error?.message ?? result.stderr.trim()}\n${tail}`);
    }
    return result.stdout;
  };

  try {
    run('initdb', ['-D', data, '-U', USER, `--pwfile=${join(dir, 'pwfile')}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions']);
    const settings = [`-p ${port}`, `-k ${dir}`, `-c listen_addresses=127.0.0.1`, ...(options.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'])].join(' ');
    run('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', settings]);
  } catch (error) {
    stopQuietly(run, data);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const version = run('postgres', ['--version']).trim();
  let databases = 0;
  return {
    host: '127.0.0.1',
    port,
    user: USER,
    password,
    dir,
    version,
    async createDatabase() {
      const name = `register_${++databases}`;
      // Over the unix socket (trust): the admin connection needs no password.
      const client = new pg.Client({ host: dir, port, user: USER, database: 'postgres' });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return name;
    },
    async dispose() {
      stopQuietly(run, data);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function stopQuietly(run: (binary: string, args: string[]) => string, data: string): void {
  try {
    run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '60']);
  } catch {
    // Not started, or gone already: the directory is removed either way.
  }
}

function debianBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length === 0 ? undefined : join(root, versions[0], 'bin');
}

function postgresUser(): { uid: number; gid: number } {
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) throw new Error(`running as root, and there is no 'postgres' user to run the server as (${POSTGRES_MISSING})`);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function chownTree(path: string, owner: { uid: number; gid: number }): void {
  chownSync(path, owner.uid, owner.gid);
  for (const entry of readdirSync(path)) chownSync(join(path, entry), owner.uid, owner.gid);
}
