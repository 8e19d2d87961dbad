/**
 * What a Sparkplug host knows of one edge node between messages (Sparkplug
 * 3.0, sections 5.x): the session its NBIRTH opened (bdSeq), the last
 * sequence number, the alias and datatype table its births defined, and
 * which of its devices are online. Pure bookkeeping; the rules that use it
 * are in sparkplug-host.ts.
 */

/** The sequence number wraps after 255 (Sparkplug 3.0, 6.4.7 / tck-id-payloads-sequence-num-incrementing). */
export const SEQ_MODULO = 256;
/**
 * A seq up to this many behind the expected one is a message seen already
 * (a QoS 1 redelivery after a reconnect); further behind is read as a gap
 * that wrapped. With 256 values the two cannot be told apart beyond this.
 */
export const REPEAT_WINDOW = 127;

export interface DeviceState {
  online: boolean;
}

export interface EdgeNodeState {
  /** Between an NBIRTH (or, for a node first heard of by DATA, that DATA) and its NDEATH. */
  online: boolean;
  /**
   * The host's view may be incomplete: a seq gap, or data from a node whose
   * NBIRTH this host never saw (it started after it). A host that may publish
   * would ask for a Rebirth (NCMD); this one never publishes, so the node
   * stays stale until it sends an NBIRTH of its own accord.
   */
  stale: boolean;
  /** The bdSeq of the NBIRTH in force; its NDEATH carries the same one. Undefined before a birth. */
  bdSeq: number | undefined;
  /** The last seq read from this node (NBIRTH, DBIRTH, NDATA, DDATA, DDEATH); undefined until one. */
  lastSeq: number | undefined;
  /** alias -> metric name, per edge node, as its births defined them. */
  readonly aliases: Map<number, string>;
  /** `device\u0000name` -> datatype, as its births defined them (DATA metrics may leave it out). */
  readonly datatypes: Map<string, number>;
  readonly devices: Map<string, DeviceState>;
  /** Last reading ts per mapped metric key, so a birth repeating the last DATA value is not read twice. */
  readonly lastTs: Map<string, number>;
  /** NDEATHs whose bdSeq matched no NBIRTH in force: the will of an older session, ignored. */
  staleDeaths: number;
}

export function newEdgeNode(): EdgeNodeState {
  return { online: false, stale: false, bdSeq: undefined, lastSeq: undefined, aliases: new Map(), datatypes: new Map(), devices: new Map(), lastTs: new Map(), staleDeaths: 0 };
}

/** Clears what an NBIRTH redefines: a new session starts with a new table (Sparkplug 3.0, 7.x: aliases are per NBIRTH). */
export function resetForBirth(node: EdgeNodeState): void {
  node.aliases.clear();
  node.datatypes.clear();
  node.devices.clear();
  node.stale = false;
}

export function datatypeKey(device: string | undefined, name: string): string {
  return `${device ?? ''}\u0000${name}`;
}

export type SeqVerdict = { readonly kind: 'next' } | { readonly kind: 'first' } | { readonly kind: 'gap'; readonly missed: number; readonly expected: number } | { readonly kind: 'repeat' };

/** Where `seq` stands against the last one read: the next (255 -> 0 wraps), a gap, or a repeat. */
export function judgeSeq(lastSeq: number | undefined, seq: number): SeqVerdict {
  if (lastSeq === undefined) return { kind: 'first' };
  const expected = (lastSeq + 1) % SEQ_MODULO;
  const ahead = (seq - expected + SEQ_MODULO) % SEQ_MODULO;
  if (ahead === 0) return { kind: 'next' };
  if (ahead >= SEQ_MODULO - REPEAT_WINDOW) return { kind: 'repeat' };
  return { kind: 'gap', missed: ahead, expected };
}
