import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogueSection, ERROR_CATALOGUE, isRetryable } from '../../domain/errors/catalogue.js';
import { LinewatchError } from '../../domain/errors/linewatch-error.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CATALOGUE_FILE = 'domain/errors/catalogue.ts';
/** Not source: dependencies, build output, tests (their fixtures invent codes on purpose), docs. */
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test', 'docs', '.git']);

/**
 * The `LW_` codes a text names. A name ending in `_` is a prefix written in
 * prose (`LW_STORE_*`), not a code.
 */
function codesIn(text: string): Set<string> {
  const codes = new Set<string>();
  for (const [name] of text.matchAll(/\bLW_[A-Z0-9_]+/g)) if (!name.endsWith('_')) codes.add(name);
  return codes;
}

/** Every code the source tree names, with the files naming it (repository-relative). */
function sourceCodes(dir = ROOT, found = new Map<string, string[]>()): Map<string, string[]> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) sourceCodes(path, found);
    } else if (entry.name.endsWith('.ts')) {
      const file = relative(ROOT, path);
      for (const code of codesIn(readFileSync(path, 'utf8'))) found.set(code, [...(found.get(code) ?? []), file]);
    }
  }
  return found;
}

/** Codes named somewhere but not catalogued, and catalogued codes named only by the catalogue itself. */
function catalogueGaps(used: ReadonlyMap<string, readonly string[]>, catalogued: readonly string[]): { missing: string[]; unused: string[] } {
  const missing = [...used.keys()].filter((code) => !catalogued.includes(code)).sort();
  const unused = catalogued.filter((code) => !(used.get(code) ?? []).some((file) => file !== CATALOGUE_FILE)).sort();
  return { missing, unused };
}

/** The rows of docs/errors.md: | `CODE` | yes/no | meaning | what to do |. */
function documentedCodes(markdown: string): Map<string, boolean> {
  const rows = [...markdown.matchAll(/^\| `(LW_[A-Z0-9_]+)` \| (yes|no) \| [^|]+\S \| [^|]*\S \|$/gm)];
  return new Map(rows.map((m) => [m[1], m[2] === 'yes']));
}

describe('the error catalogue scanner', () => {
  it('finds codes and skips prefixes written in prose', () => {
    const text = "throw new X('LW_FOO_BAR', 'x'); // see LW_STORE_* and LW_HTTP_ codes; LW_A1 too\nconst y = `LW_FOO_BAR`;";
    expect([...codesIn(text)].sort()).toEqual(['LW_A1', 'LW_FOO_BAR']);
  });

  it('reports a code the catalogue lacks and an entry nobody uses', () => {
    const used = new Map([
      ['LW_KNOWN', ['store/a.ts', CATALOGUE_FILE]],
      ['LW_NEW', ['cli/b.ts']],
      ['LW_DEAD', [CATALOGUE_FILE]],
    ]);
    expect(catalogueGaps(used, ['LW_KNOWN', 'LW_DEAD', 'LW_NEVER'])).toEqual({ missing: ['LW_NEW'], unused: ['LW_DEAD', 'LW_NEVER'] });
  });

  it('reads a documented row and its retry decision, and not a malformed one', () => {
    const md = ['| `LW_A` | yes | Means a. | Retry. |', '| `LW_B` | no | Means b. | Fix it. |', '| `LW_C` | maybe | Means c. | ? |', '| `LW_D` | no |  | nothing |'].join('\n');
    expect([...documentedCodes(md)]).toEqual([
      ['LW_A', true],
      ['LW_B', false],
    ]);
  });
});

describe('the error catalogue', () => {
  const catalogued = Object.keys(ERROR_CATALOGUE);

  it('lists every LW_ code the source names, and only codes the source uses', () => {
    const used = sourceCodes();
    expect(used.size).toBeGreaterThan(50);
    expect(catalogueGaps(used, catalogued)).toEqual({ missing: [], unused: [] });
  });

  it('is documented row by row in docs/errors.md, with the same retry decision', () => {
    const documented = documentedCodes(readFileSync(join(ROOT, 'docs/errors.md'), 'utf8'));
    for (const [code, { retryable }] of Object.entries(ERROR_CATALOGUE)) expect(documented.get(code), code).toBe(retryable);
    expect([...documented.keys()].sort()).toEqual([...catalogued].sort());
  });

  it('puts the retry decision on every error, from the catalogue', () => {
    for (const [code, { retryable }] of Object.entries(ERROR_CATALOGUE)) {
      const error = new LinewatchError(code as keyof typeof ERROR_CATALOGUE, 'x', { cause: 'why' });
      expect(error).toMatchObject({ code, retryable, message: 'x', cause: 'why' });
      expect(isRetryable(code)).toBe(retryable);
    }
    expect(isRetryable('LW_FROM_A_NEWER_PEER')).toBe(false);
  });

  it('derives a layer table from the catalogue', () => {
    const section = catalogueSection(['LW_STORE_UNAVAILABLE', 'LW_STORE_CLOSED'], (e) => e.retryable);
    expect(section).toEqual({ LW_STORE_UNAVAILABLE: true, LW_STORE_CLOSED: false });
    expect(Object.isFrozen(section)).toBe(true);
  });
});
