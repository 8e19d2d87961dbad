import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Compile once before the suite so tests that spawn `bin/linewatch.js` run the
 * current sources. Type errors are reported by `npm run typecheck` (part of
 * `npm test`), not here: tsc still emits, so one module's type error does not
 * stop every other test from running.
 */
export default function buildOnce(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0 && !/error TS/.test(result.stdout)) {
    throw new Error(`build failed: ${result.stderr || result.stdout}`);
  }
}
