import { type ImportEdge, topFolder } from './import-graph.js';

/**
 * The layers of the shipped code, bottom first, as docs/design.md ("Layers")
 * draws them. A folder may import only folders on layers below its own:
 * never a sibling on its layer, never one above.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['domain'], // vocabulary, error catalogue, defaults: imports nothing
  ['ops', 'security'], // logging, metrics, ops endpoints; passwords and tokens
  ['spc'], // statistics
  ['monitor', 'risk', 'supervision'], // pure models
  ['core', 'trace'], // the running model (catalogues, series state, alerts, findings, enterprise risk); traceability (reels, lots, recalls, routine)
  ['protocol', 'store', 'register'], // wire formats and storage ports
  ['config'], // the configuration file
  ['report', 'supervision-service', 'trace-service', 'simulators'], // features
  ['analytics', 'gateway', 'broker', 'dashboard'], // services
  ['stack'], // every service in one process
  ['cli', 'web'], // entry points
];

export const FOLDERS: readonly string[] = LAYERS.flat();

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
