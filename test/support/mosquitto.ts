/**
 * Starts a real, throw-away Mosquitto (Debian's `mosquitto` package) for the
 * analytics-worker tests and benchmark: loopback only, a free port, password
 * file and ACL in a temporary directory. When mosquitto is missing the suite
 * fails: it never skips. Test-only: the shipped build (tsconfig.build.json)
 * does not include it; the benchmark compiles it through tsconfig.bench.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports.js';

export interface MosquittoTestServer {
  readonly url: string;
  readonly port: number;
  /** Kills it (SIGKILL) and waits for the exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  dispose(): Promise<void>;
  log(): string;
}

export interface MosquittoTestServerOptions {
  /** user name -> password */
  readonly passwords: Readonly<Record<string, string>>;
  /** The acl_file text (broker/mosquitto/acl-file.ts writes it from a configuration). */
  readonly acl: string;
  /** More mosquitto.conf lines, after the listener's (a bridge's `connection` block). */
  readonly extraConfig?: readonly string[];
}

export const MOSQUITTO_MISSING =
  "mosquitto is not installed: the analytics-worker tests need a real external broker. Install Debian's package with `apt-get install -y mosquitto` (.ci/run does this), or set MOSQUITTO to the binary.";

function binaryPath(name: string, envVar: string): string {
  const fromEnv = process.env[envVar];
  if (fromEnv) return fromEnv;
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin']) if (existsSync(join(dir, name))) return join(dir, name);
  return name;
}

export async function startMosquitto(options: MosquittoTestServerOptions): Promise<MosquittoTestServer> {
  const binary = binaryPath('mosquitto', 'MOSQUITTO');
  const passwd = binaryPath('mosquitto_passwd', 'MOSQUITTO_PASSWD');
  const probe = spawnSync(binary, ['-h'], { encoding: 'utf8' });
  if (probe.error) throw new Error(`${MOSQUITTO_MISSING} (${probe.error.message})`);
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-mosquitto-'));
  const port = await freePort();
  const passwordFile = join(dir, 'passwords');
  writeFileSync(passwordFile, '');
  for (const [user, password] of Object.entries(options.passwords)) {
    const made = spawnSync(passwd, ['-b', passwordFile, user, password], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`mosquitto_passwd failed for ${user}: ${made.stderr || made.error?.message}`);
  }
  writeFileSync(join(dir, 'acl'), options.acl);
  writeFileSync(
    join(dir, 'mosquitto.conf'),
    [
      `listener ${port} 127.0.0.1`,
      'allow_anonymous false',
      `password_file ${passwordFile}`,
      `acl_file ${join(dir, 'acl')}`,
      'persistence false',
      // Started as root (CI), mosquitto would drop to user 'mosquitto' and lose access to this private directory.
      `user ${userInfo().username}`,
      // Gateways batch; a window of 64 in flight per client must not be cut short by the default of 20.
      'max_inflight_messages 1000',
      'max_queued_messages 100000',
      'log_type error',
      'log_type warning',
      'log_dest stderr',
      ...(options.extraConfig ?? []),
      '',
    ].join('\n'),
  );
  let child: ChildProcess | undefined;
  let text = '';
  const start = async (): Promise<void> => {
    const proc = spawn(binary, ['-c', join(dir, 'mosquitto.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout?.on('data', (c: Buffer) => (text += c.toString()));
    proc.stderr?.on('data', (c: Buffer) => (text += c.toString()));
    child = proc;
    await waitForPort(port, proc, () => text);
  };
  const kill = async (): Promise<void> => {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGKILL');
    await exited;
  };
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    kill,
    start,
    log: () => text,
    async dispose() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number, proc: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null) throw new Error(`mosquitto exited (${proc.exitCode}): ${log()}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`mosquitto did not listen on ${port} within 15 s: ${log()}`);
}
