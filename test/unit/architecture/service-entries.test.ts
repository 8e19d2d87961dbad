import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importEdges, importsOf } from './import-graph.js';
import { FOLDERS } from './layers.js';
import { importsPastEntries, SERVICES } from './service-entries.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('service entries', () => {
  it('every service has a public entry, index.ts', () => {
    expect(SERVICES.filter((s) => !existsSync(join(ROOT, s, 'index.ts')))).toEqual([]);
  });

  it('code outside a service imports it only through its index', () => {
    const edges = importEdges(ROOT, FOLDERS);
    // The scan must see the callers it is about, or an empty answer would prove nothing.
    expect(edges.some((e) => e.from.startsWith('cli/') && e.to === 'dashboard/index')).toBe(true);
    expect(edges.some((e) => e.from.startsWith('stack/') && e.to === 'broker/index')).toBe(true);
    expect(importsPastEntries(edges).map((e) => `${e.from} -> ${e.to}`)).toEqual([]);
  });

  it('finds an import past a service entry, and lets the service, its index, tests and benchmarks be', () => {
    const source = "import { a } from '../../broker/create-broker.js';\nimport { b } from '../../dashboard/index.js';";
    const fromCli = importsOf('cli/commands/x.ts', source);
    expect(importsPastEntries(fromCli).map((e) => e.to)).toEqual(['broker/create-broker']);
    const sibling = importsOf('dashboard/x.ts', "import { a } from '../analytics/service/recovery.js';");
    expect(importsPastEntries(sibling)).toHaveLength(1);
    const inside = importsOf('broker/x.ts', "import { a } from './create-broker.js';");
    expect(importsPastEntries(inside)).toEqual([]);
    const fromTest = importsOf('test/unit/x.ts', source);
    expect(fromTest.map((e) => e.to)).toEqual(['broker/create-broker', 'dashboard/index']);
    expect(importsPastEntries(fromTest)).toEqual([]);
    expect(importsPastEntries(importsOf('bench/x.ts', "import { a } from '../gateway/send-lanes.js';"))).toEqual([]);
  });
});
