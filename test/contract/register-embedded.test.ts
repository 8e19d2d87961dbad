/**
 * The embedded register (a DuckDB file) against the register contract, and
 * its one-owner-per-file rule.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRegisterError } from '../../register/errors.js';
import { openRegister } from '../../register/open-register.js';
import type { Register } from '../../register/port.js';
import { REPO_ROOT } from '../support/cli.js';
import { registerContract, type RegisterFixture } from './register.contract.js';

registerContract('embedded (DuckDB)', async (): Promise<RegisterFixture> => {
  const root = mkdtempSync(join(tmpdir(), 'linewatch-register-'));
  const files = new Map<Register, string>();
  let next = 0;
  const open = async (file: string, now?: () => number) => {
    const register = await openRegister({ kind: 'embedded', file }, { now });
    files.set(register, file);
    return register;
  };
  return {
    fresh: (now) => open(join(root, `r${next++}`, 'register.duckdb'), now),
    reopen: (closed, now) => open(files.get(closed) as string, now),
    // One owner per file: a second writer in this process shares the handle.
    peer: async (register) => register,
    dispose: async () => rmSync(root, { recursive: true, force: true }),
  };
});

describe('embedded register file ownership', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'linewatch-register-lock-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second handle on the same file in this process, and again after close', async () => {
    const file = join(root, 'same', 'register.duckdb');
    const first = await openRegister({ kind: 'embedded', file });
    const error = await openRegister({ kind: 'embedded', file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isRegisterError(error, 'LW_REGISTER_LOCKED'), String(error)).toBe(true);
    await first.close();
    const second = await openRegister({ kind: 'embedded', file });
    await second.close();
  });

  it('refuses the file to another process while this one holds it', async () => {
    const file = join(root, 'other', 'register.duckdb');
    const held = await openRegister({ kind: 'embedded', file });
    try {
      // The compiled register (the global setup builds dist/) in a child process.
      const script = `import('./dist/register/open-register.js').then((m) => m.openRegister({ kind: 'embedded', file: ${JSON.stringify(file)} })).then(
        () => { console.log('opened'); process.exit(0); },
        (e) => { console.log(e.code + ': ' + e.message); process.exit(3); })`;
      const child = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(child.status, child.stdout + child.stderr).toBe(3);
      expect(child.stdout).toMatch(/^LW_REGISTER_LOCKED: the register .* is open in another process/);
      expect(child.stdout.trim().split('\n')).toHaveLength(1);
    } finally {
      await held.close();
    }
  });
});
