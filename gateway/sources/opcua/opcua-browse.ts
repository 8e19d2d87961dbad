import type { BrowseDescriptionLike, ClientSession, NodeId, ReferenceDescription } from 'node-opcua-client';
import { type CandidateHint, hintFor, type PathName } from './candidate-hints.js';
import { closeQuietly, loadOpcua, openSession, type OpcuaEndpoint, type OpcuaModule, type ResolvedIdentity } from './opcua-connect.js';
import { withDefaults } from '../../../domain/with-defaults.js';

export interface BrowseOptions {
  /** Where to start; default the Objects folder (i=85). */
  readonly root?: string;
  /** Levels below the root to walk; default 6. */
  readonly depth?: number;
  /** Stop after this many nodes visited, so a huge server answers in bounded time; default 5000. */
  readonly maxNodes?: number;
}

export const DEFAULT_BROWSE_OPTIONS: Required<BrowseOptions> = Object.freeze({ root: 'i=85', depth: 6, maxNodes: 5000 });

/** A Variable node found under the root. */
export interface BrowsedVariable {
  readonly nodeId: string;
  /** Browse names from below the root to the variable, `/`-joined (`Line1/DiameterGauge/Diameter`). */
  readonly path: string;
  readonly dataType: string;
  /** The current value as read (numbers, text; a structure as its JSON), or null. */
  readonly value: unknown;
  /** The value's status (`Good`, `BadWaitingForInitialData`...). */
  readonly status: string;
  readonly hint?: CandidateHint;
}

export interface BrowseResultSummary {
  readonly variables: BrowsedVariable[];
  /** True when maxNodes cut the walk short. */
  readonly truncated: boolean;
}

/** The Server object (i=2253) holds the server's own diagnostics: hundreds of variables no gauge is among. */
const SKIPPED = new Set(['ns=0;i=2253', 'i=2253']);

/**
 * Walks the address space from `root` down `depth` levels along
 * hierarchical references (Organizes, HasComponent, HasProperty...) and
 * lists every Variable with its browse path, data type, current value and,
 * by its names, what it may be (candidate-hints.ts). Each node is visited
 * once, one level per Browse request; the data types and values are read
 * in one Read.
 */
export async function browseVariables(ua: OpcuaModule, session: ClientSession, options: BrowseOptions = {}): Promise<BrowseResultSummary> {
  const { root, depth, maxNodes } = withDefaults(DEFAULT_BROWSE_OPTIONS, options);
  const namespaces = await ua.readNamespaceArray(session);
  const seen = new Set<string>([ua.resolveNodeId(root).toString()]);
  const found: Array<{ nodeId: NodeId; path: PathName[] }> = [];
  let level: Array<{ nodeId: NodeId; path: PathName[] }> = [{ nodeId: ua.resolveNodeId(root), path: [] }];
  let truncated = false;
  for (let d = 0; d < depth && level.length > 0 && !truncated; d++) {
    const requests: BrowseDescriptionLike[] = level.map((n) => ({
      nodeId: n.nodeId,
      browseDirection: ua.BrowseDirection.Forward,
      referenceTypeId: 'HierarchicalReferences',
      includeSubtypes: true,
      nodeClassMask: ua.NodeClassMask.Object | ua.NodeClassMask.Variable,
      resultMask: 0x3f,
    }));
    const results = await ua.browseAll(session, requests);
    const next: typeof level = [];
    results.forEach((result, i) => {
      for (const ref of result.references ?? []) {
        const id = ref.nodeId.toString();
        if (seen.has(id) || SKIPPED.has(id)) continue;
        if (seen.size >= maxNodes) {
          truncated = true;
          return;
        }
        seen.add(id);
        const child = { nodeId: nodeIdOf(ua, ref), path: [...level[i].path, pathName(ref, namespaces)] };
        if (ref.nodeClass === ua.NodeClass.Variable) found.push(child);
        next.push(child);
      }
    });
    level = next;
  }
  return { variables: await describe(ua, session, found), truncated };
}

function nodeIdOf(ua: OpcuaModule, ref: ReferenceDescription): NodeId {
  return ua.resolveNodeId(ref.nodeId.toString());
}

function pathName(ref: ReferenceDescription, namespaces: readonly string[]): PathName {
  return { name: ref.browseName.name ?? '', namespaceUri: namespaces[ref.browseName.namespaceIndex] ?? '' };
}

async function describe(ua: OpcuaModule, session: ClientSession, found: ReadonlyArray<{ nodeId: NodeId; path: PathName[] }>): Promise<BrowsedVariable[]> {
  if (found.length === 0) return [];
  const reads = found.flatMap((f) => [
    { nodeId: f.nodeId, attributeId: ua.AttributeIds.DataType },
    { nodeId: f.nodeId, attributeId: ua.AttributeIds.Value },
  ]);
  const values = await session.read(reads);
  const typeIds = found.map((_, i) => values[2 * i].value?.value as NodeId | null | undefined);
  const typeNames = await dataTypeNames(ua, session, typeIds);
  return found.map((f, i) => {
    const value = values[2 * i + 1];
    const hint = hintFor(f.path);
    return {
      nodeId: f.nodeId.toString(),
      path: f.path.map((p) => p.name).join('/'),
      dataType: typeNames[i],
      value: plain(value.value?.value),
      status: value.statusCode.name,
      ...(hint ? { hint } : {}),
    };
  });
}

/** Built-in types by their enum name; any other (an enumeration, a structure) by its BrowseName, read once per type. */
async function dataTypeNames(ua: OpcuaModule, session: ClientSession, ids: ReadonlyArray<NodeId | null | undefined>): Promise<string[]> {
  const names = new Map<string, string>();
  const unknown: NodeId[] = [];
  for (const id of ids) {
    if (!id) continue;
    const key = id.toString();
    if (names.has(key)) continue;
    const builtIn = id.namespace === 0 && typeof id.value === 'number' ? ua.DataType[id.value] : undefined;
    if (builtIn !== undefined) names.set(key, builtIn);
    else {
      names.set(key, key);
      unknown.push(id);
    }
  }
  if (unknown.length > 0) {
    const read = await session.read(unknown.map((nodeId) => ({ nodeId, attributeId: ua.AttributeIds.BrowseName })));
    unknown.forEach((id, i) => {
      const name = (read[i].value?.value as { name?: string } | null)?.name;
      if (name) names.set(id.toString(), name);
    });
  }
  return ids.map((id) => (id ? (names.get(id.toString()) ?? id.toString()) : 'unknown'));
}

/** A value for a table or JSON: numbers and text as they are, 64-bit pairs joined, anything else as its JSON. */
function plain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  try {
    return JSON.parse(JSON.stringify(value));
  } catch {
    return String(value);
  }
}

/** Connects, browses, disconnects: what `linewatch opcua-browse` runs. */
export async function browseEndpoint(endpoint: OpcuaEndpoint, identity: ResolvedIdentity, options: BrowseOptions = {}): Promise<BrowseResultSummary> {
  const ua = await loadOpcua();
  const { client, session } = await openSession(ua, endpoint, identity);
  try {
    return await browseVariables(ua, session, options);
  } finally {
    await session.close().catch(() => {});
    await closeQuietly(client);
  }
}
