import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEdges, importsOf, topFolder, type ImportEdge } from './import-graph.js';

/**
 * The layers of the shipped code, bottom first (docs/design.md, "Layers").
 * A folder may import only folders listed before it; nothing runs back up.
 */
export const LAYERS: readonly string[] = [
  'domain', // vocabulary: characteristics, samples, CSV, time
  'ops', // logging, metrics, defaults: no domain knowledge
  'spc', // pure statistics
  'monitor', // the live monitor of one series
  'risk', // pure risk math and the supervision rules in time
  'supervision', // the county's standard: records, classes, draws
  'core', // the running model: catalogues, series state, alerts, findings, enterprise risk
  'protocol', // wire formats: topics, envelopes, codecs
  'security', // passwords, tokens
  'store', // the time-series store port and adapters
  'register', // the supervision register port and adapters
  'config', // the validated configuration file
  'simulators',
  'report',
  'supervision-service',
  'broker',
  'gateway',
  'analytics',
  'dashboard',
  'stack',
  'cli',
  'web', // the browser bundle, a client of dashboard's API and live messages
];

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** Imports that break the order: each target folder must come before its importer. */
export function upwardImports(edges: readonly ImportEdge[], layers: readonly string[]): ImportEdge[] {
  const rank = new Map(layers.map((name, i) => [name, i]));
  return edges.filter((e) => {
    const from = rank.get(topFolder(e.from));
    const to = rank.get(topFolder(e.to));
    if (from === undefined || to === undefined) return true; // a folder outside the table is an error too
    return from !== to && to > from;
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
    expect([...sourceFolders].sort()).toEqual([...LAYERS].sort());
    expect(new Set(LAYERS).size).toBe(LAYERS.length);
  });

  it('every import of the shipped code points down the layers', () => {
    const upward = upwardImports(importEdges(ROOT, LAYERS), LAYERS).map((e) => `${e.from} -> ${e.to}`);
    expect(upward).toEqual([]);
  });

  it('finds an import that runs back up', () => {
    const edges = importsOf('spc/x.ts', "import { a } from '../analytics/service/y.js';\nexport { b } from './z.js';");
    expect(edges.map((e) => e.to)).toEqual(['analytics/service/y', 'spc/z']);
    expect(upwardImports(edges, LAYERS)).toHaveLength(1);
  });
});
