import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEdges, importsOf, topFolder, type ImportEdge } from './import-graph.js';

/**
 * The layers of the shipped code, bottom first, as docs/design.md ("Layers")
 * draws them. A folder may import only folders on layers below its own:
 * never a sibling on its layer, never one above.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['domain', 'ops', 'security'], // foundations
  ['spc'], // statistics
  ['monitor', 'risk', 'supervision'], // pure models
  ['core'], // the running model: catalogues, series state, alerts, findings, enterprise risk
  ['protocol', 'store', 'register'], // wire formats and storage ports
  ['config'], // the configuration file
  ['report', 'supervision-service', 'simulators'], // features
  ['analytics', 'gateway', 'broker', 'dashboard'], // services
  ['stack'], // every service in one process
  ['cli', 'web'], // entry points
];

const FOLDERS = LAYERS.flat();

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Imports that break the order: each target folder must come before its importer. */
export function upwardImports(edges: readonly ImportEdge[], layers: readonly (readonly string[])[]): ImportEdge[] {
  const rank = new Map(layers.flatMap((folders, i) => folders.map((name) => [name, i] as const)));
  return edges.filter((e) => {
    const from = rank.get(topFolder(e.from));
    const to = rank.get(topFolder(e.to));
    if (from === undefined || to === undefined) return true; // a folder outside the table is an error too
    return topFolder(e.from) !== topFolder(e.to) && to >= from;
  });
}

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
