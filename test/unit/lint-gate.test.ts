/**
 * `npm test` runs `npm run lint` before vitest, so a lint error or an
 * unformatted file fails the tests. This runs the project's own lint command
 * and configuration on small files in a temporary directory: a clean file
 * passes, and each kind of mistake fails naming what is wrong.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/cli.js';

const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const BIOME = join(REPO_ROOT, 'node_modules/@biomejs/biome/bin/biome');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs `npm run lint` as package.json writes it, on one file, with the project's biome.jsonc. */
function lint(source: string): { code: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-lint-'));
  dirs.push(dir);
  copyFileSync(join(REPO_ROOT, 'biome.jsonc'), join(dir, 'biome.jsonc'));
  writeFileSync(join(dir, 'sample.ts'), source);
  const [command, ...args] = scripts.lint.split(' ');
  expect(command).toBe('biome');
  const result = spawnSync(process.execPath, [BIOME, ...args, '--colors=off'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the lint gate', () => {
  it('is part of npm test, before the tests run', () => {
    expect(scripts.test).toMatch(/npm run lint && vitest run/);
  });

  it('passes a clean, formatted file', () => {
    const result = lint("export const greeting = 'hello';\n");
    expect(result.output).not.toMatch(/error/i);
    expect(result.code).toBe(0);
  });

  it('fails on a lint error and names the rule', () => {
    const result = lint('export function same(a: unknown, b: unknown): boolean {\n  return a == b;\n}\n');
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('lint/suspicious/noDoubleEquals');
  });

  it('fails on an unused import', () => {
    const result = lint("import { readFileSync } from 'node:fs';\n\nexport const greeting = 'hello';\n");
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('lint/correctness/noUnusedImports');
  });

  it('fails on a file the formatter would change', () => {
    const result = lint('export const greeting = "hello"\n');
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/format/i);
  });
});
