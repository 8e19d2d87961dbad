/**
 * A `linewatch` command (or a bench script standing in for one, see
 * dashboard-process.ts) run as its own process, as in production: the
 * benchmark waits for the lines it prints (listening, connected, where its
 * operations endpoints are) and stops it with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A part of the stack that exited or stayed silent at start: its name and the end of what it printed say why. */
export class ServiceStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceStartError';
  }
}

export class ServiceProcess {
  readonly child: ChildProcess;
  private text = '';
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    args: readonly string[],
    env: Record<string, string> = {},
    /** The script node runs, relative to the repository or absolute. */
    entry = 'bin/linewatch.js',
  ) {
    // LINEWATCH_BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the services: where the time goes.
    const nodeArgs = (process.env.LINEWATCH_BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    this.child = spawn(process.execPath, [...nodeArgs, entry, ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, LINEWATCH_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      // Warnings can be many under overload; the start and the end are what a failure report needs.
      this.text = (this.text + chunk.toString('utf8')).slice(-64 * 1024);
    };
    this.child.stdout!.on('data', keep);
    this.child.stderr!.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  output(): string {
    return this.text;
  }

  /** The first match of `pattern` in what the process printed, waiting for it. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.text);
      if (match) return match;
      if (this.child.exitCode !== null) throw new ServiceStartError(`${this.name} exited (${this.child.exitCode}) before printing ${pattern}:\n${this.text.slice(-2000)}`);
      if (performance.now() > deadline) throw new ServiceStartError(`${this.name}: no ${pattern} within ${timeoutMs} ms:\n${this.text.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** SIGTERM, and SIGKILL if it has not stopped within `graceMs`. */
  async stop(graceMs = 30_000): Promise<number | null> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.child.exitCode;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
