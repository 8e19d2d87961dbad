import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * supervision/ is a pure core (supervision/README.md): it imports only
 * supervision/ and domain/, and nothing that needs Node, so the dashboard can
 * run the same code in the browser.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : []));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm), ...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]);
}

describe('supervision/ imports', () => {
  const files = sources(join(root, 'supervision'));
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });
  it('imports only supervision/ and domain/, and domain/ files that need no Node', () => {
    const bad: string[] = [];
    const seenDomain = new Set<string>();
    for (const file of files) {
      for (const spec of importsOf(file)) {
        const where = relative(root, file);
        if (!spec.startsWith('.')) {
          bad.push(`${where}: imports '${spec}'`);
          continue;
        }
        const target = relative(root, resolve(dirname(file), spec)).replace(/\.js$/, '.ts');
        const top = target.split(/[\\/]/)[0];
        if (top !== 'supervision' && top !== 'domain') bad.push(`${where}: imports ${target}`);
        if (top === 'domain') seenDomain.add(target);
      }
    }
    for (const d of seenDomain) for (const spec of importsOf(join(root, d))) if (!spec.startsWith('.')) bad.push(`${d} (imported by supervision/): imports '${spec}'`);
    expect(bad).toEqual([]);
  });
});
