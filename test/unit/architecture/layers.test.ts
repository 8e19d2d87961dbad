import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEdges, importsOf } from './import-graph.js';
import { FOLDERS, LAYERS, upwardImports } from './layers.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('layers', () => {
  it('lists every top-level source folder exactly once', () => {
    const sourceFolders = readdirSync(ROOT).filter(
      (name) =>
        !name.startsWith('.') &&
        !['node_modules', 'dist', 'test', 'bench', 'bin', 'docs', 'data'].includes(name) &&
        statSync(join(ROOT, name)).isDirectory() &&
        existsSync(join(ROOT, name, 'README.md')),
    );
    expect([...sourceFolders].sort()).toEqual([...FOLDERS].sort());
    expect(new Set(FOLDERS).size).toBe(FOLDERS.length);
  });

  it('every import of the shipped code points down the layers', () => {
    const upward = upwardImports(importEdges(ROOT, FOLDERS), LAYERS).map((e) => `${e.from} -> ${e.to}`);
    expect(upward).toEqual([]);
  });

  it('finds an import that runs back up', () => {
    const edges = importsOf('spc/x.ts', "import { a } from '../analytics/service/y.js';\nexport { b } from './z.js';");
    expect(edges.map((e) => e.to)).toEqual(['analytics/service/y', 'spc/z']);
    expect(upwardImports(edges, LAYERS)).toHaveLength(1);
    const sibling = importsOf('gateway/x.ts', "import { a } from '../analytics/y.js';");
    expect(upwardImports(sibling, LAYERS)).toHaveLength(1);
  });
});
