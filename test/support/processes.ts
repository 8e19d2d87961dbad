import { spawn, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from './cli.js';

/** A `linewatch` command running as its own process, as it runs in production. */
export interface ServiceProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  kill9(): Promise<void>;
  terminate(): Promise<number | null>;
}

/** `stdin: true` gives the process a pipe to write its input to (`linewatch gateway --stdin`). */
export function startLinewatch(name: string, args: string[], env: Record<string, string> = {}, options: { stdin?: boolean } = {}): ServiceProcess {
  const child = spawn(process.execPath, ['bin/linewatch.js', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LINEWATCH_LOG_LEVEL: 'warn', ...env },
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters: Array<{ pattern: RegExp; resolve: () => void }> = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const w of waiters.splice(0)) {
      if (w.pattern.test(text)) w.resolve();
      else waiters.push(w);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    child,
    exited,
    output: () => text,
    waitFor(pattern, timeoutMs = 30_000) {
      if (pattern.test(text)) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name}: no ${pattern} within ${timeoutMs} ms; output:\n${text.slice(0, 1500)}\n...\n${text.slice(-1500)}`)), timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        waiters.push({ pattern, resolve: done });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${name} exited (${code}) before ${pattern}; output:\n${text.slice(-2000)}`));
        });
      });
    },
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async terminate() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
