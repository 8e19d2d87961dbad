/**
 * Starts a real, throw-away `influxd` (Debian's influxdb package, 1.x) for
 * the contract tests and the benchmark: loopback only, free ports, every
 * directory in a temporary one, usage reporting off. When influxd is missing, startInfluxd throws
 * INFLUXD_MISSING and the suite fails: it never skips. Test-only: the shipped
 * build (tsconfig.build.json) does not include it; the benchmark compiles it
 * through tsconfig.bench.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './ports.js';

export interface InfluxTestServer {
  readonly url: string;
  readonly database: string;
  readonly dir: string;
  readonly version: string;
  /** Stops the server (SIGTERM, then SIGKILL after 10 s); data stays for a restart. */
  stop(): Promise<void>;
  /** Starts it again on the same ports and data. */
  start(): Promise<void>;
  /** Freezes the process (SIGSTOP) and waits until it is stopped: connections are accepted by the kernel but never answered. */
  pause(): Promise<void>;
  resume(): void;
  /** Stops the server and deletes its directory. */
  dispose(): Promise<void>;
}

export interface InfluxTestServerOptions {
  readonly database?: string;
  /** The influxd binary; default $INFLUXD or `influxd` on PATH. */
  readonly binary?: string;
  /** How long to wait for /ping after start. ms */
  readonly startTimeoutMs?: number;
}

export const INFLUXD_MISSING =
  "influxd is not installed: the InfluxDB store tests need a real server. Install Debian's package with `apt-get install -y influxdb` (.ci/run does this), or set INFLUXD to the binary.";

export async function startInfluxd(options: InfluxTestServerOptions = {}): Promise<InfluxTestServer> {
  const binary = options.binary ?? process.env.INFLUXD ?? 'influxd';
  const probe = spawnSync(binary, ['version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) throw new Error(`${INFLUXD_MISSING} (${probe.error?.message ?? probe.stderr.trim()})`);
  const version = probe.stdout.trim();
  const database = options.database ?? 'linewatch';
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-influxd-'));
  const [httpPort, rpcPort] = await freePorts(2);
  const config = join(dir, 'influxdb.conf');
  writeFileSync(config, configText(dir, httpPort, rpcPort));
  const url = `http://127.0.0.1:${httpPort}`;
  const logPath = join(dir, 'influxd.log');
  const timeoutMs = options.startTimeoutMs ?? 30_000;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const log = createWriteStream(logPath, { flags: 'a' });
    // INFLUXDB_* variables override the config file; none may leak in.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('INFLUXDB_')));
    const proc = spawn(binary, ['run', '-config', config], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.pipe(log);
    proc.stderr?.pipe(log);
    child = proc;
    await waitForPing(url, proc, timeoutMs, logPath);
  };
  const stop = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGCONT');
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  try {
    await start();
    const created = await fetch(`${url}/query`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q: `CREATE DATABASE "${database}"` }).toString(),
    });
    if (created.status !== 200) throw new Error(`CREATE DATABASE failed: HTTP ${created.status} ${await created.text()}`);
  } catch (error) {
    await stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url,
    database,
    dir,
    version,
    stop,
    start,
    pause: async () => {
      const proc = child;
      if (!proc?.pid) return;
      proc.kill('SIGSTOP');
      await waitUntilStopped(proc.pid);
    },
    resume: () => child?.kill('SIGCONT'),
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function configText(dir: string, httpPort: number, rpcPort: number): string {
  // wal-fsync-delay 0s: fsync the WAL before answering a write, so a 204 is
  // durable (the default, spelled out because the tests rely on it).
  return `reporting-enabled = false
bind-address = "127.0.0.1:${rpcPort}"

[meta]
  dir = "${join(dir, 'meta')}"

[data]
  dir = "${join(dir, 'data')}"
  wal-dir = "${join(dir, 'wal')}"
  wal-fsync-delay = "0s"
  index-version = "inmem"
  query-log-enabled = false

[coordinator]
  write-timeout = "10s"

[monitor]
  store-enabled = false

[http]
  enabled = true
  bind-address = "127.0.0.1:${httpPort}"
  auth-enabled = false
  log-enabled = false
  max-row-limit = 0

[continuous_queries]
  enabled = false

[subscriber]
  enabled = false

[logging]
  level = "warn"
`;
}

async function waitForPing(url: string, proc: ChildProcess, timeoutMs: number, logPath: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      throw new Error(`influxd exited (${proc.exitCode ?? proc.signalCode}) before answering /ping:\n${tail(logPath)}`);
    }
    try {
      const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(1000) });
      if (response.status === 204) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  proc.kill('SIGKILL');
  throw new Error(`influxd did not answer ${url}/ping within ${timeoutMs} ms:\n${tail(logPath)}`);
}

/**
 * SIGSTOP takes effect as each of influxd's threads is next scheduled; until
 * then a request may still be answered. Linux shows a stopped thread as
 * state T in /proc/<pid>/task/<tid>/stat; elsewhere a short wait has to do.
 */
async function waitUntilStopped(pid: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    let states: (string | undefined)[];
    try {
      states = readdirSync(`/proc/${pid}/task`).map((tid) => readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]?.[0]);
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return;
    }
    if (states.every((state) => state === 'T' || state === 't')) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`influxd (pid ${pid}) did not stop after SIGSTOP`);
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no log)';
  }
}
