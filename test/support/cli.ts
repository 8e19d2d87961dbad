import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the compiled `linewatch` command as a user would (the globalSetup builds it first). */
export function runLinewatch(args: string[], options: { input?: string; timeoutMs?: number } = {}): CliResult {
  const r = spawnSync(process.execPath, ['bin/linewatch.js', ...args], {
    cwd: REPO_ROOT,
    input: options.input,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LINEWATCH_DEBUG: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
