import { type ImportEdge, topFolder } from './import-graph.js';

/**
 * The service folders. Each has one public entry, `<service>/index.ts`:
 * code outside the folder (the CLI, the embedded stack) imports that and
 * nothing else, so a service's internals can change without its callers.
 */
export const SERVICES: readonly string[] = ['analytics', 'gateway', 'broker', 'dashboard'];

/** Importers that may reach inside a service: tests and benchmarks exercise its parts one by one. */
const EXEMPT_IMPORTERS: readonly string[] = ['test', 'bench'];

/** Imports from outside a service folder that name a file of it other than its index. */
export function importsPastEntries(edges: readonly ImportEdge[], services: readonly string[] = SERVICES): ImportEdge[] {
  return edges.filter((e) => {
    const service = topFolder(e.to);
    const importer = topFolder(e.from);
    if (!services.includes(service) || importer === service || EXEMPT_IMPORTERS.includes(importer)) return false;
    return e.to !== `${service}/index`;
  });
}
