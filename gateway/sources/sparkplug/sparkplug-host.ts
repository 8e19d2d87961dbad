/**
 * A read-only Sparkplug B host application's state machine (Sparkplug 3.0,
 * chapter 5 "Operational behavior" and 6 "Payloads"), pure: a topic and a
 * payload in, SourceEvents and counted problems out. It never answers: the
 * regulator's platform sends no NCMD, DCMD or STATE (sparkplug-source.ts
 * holds no publish call at all).
 *
 * Per edge node, in the order messages arrive:
 * - NBIRTH opens a session: its `bdSeq` metric, its seq, and the metric
 *   names, aliases and datatypes of the node; earlier aliases are dropped.
 * - DBIRTH adds a device's metrics and aliases; DDEATH takes the device offline.
 * - NDATA / DDATA carry values by name or by alias (a birth's alias).
 * - NDEATH (the node's will, or its clean goodbye) ends the session only if
 *   its bdSeq is the NBIRTH's; another is the will of an older session.
 * - Every message but NDEATH carries a seq, 0..255, one more than the
 *   last of the same node across all of these (255 wraps to 0). A gap is a
 *   `protocol` problem and marks the node stale; a repeat (a QoS 1
 *   redelivery) is `repeated` and read no second time.
 *
 * Birth values are readings too: a birth carries each metric's current
 * value. One not newer than the last reading of the same metric (a rebirth
 * repeating the last DATA value) is `repeated`, not read twice.
 */
import type { BadReadingReason } from '../gateway-source.js';
import type { SourceEvent, SourceReading } from '../source-event.js';
import { datatypeKey, judgeSeq, newEdgeNode, resetForBirth, type EdgeNodeState } from './edge-node-state.js';
import { metricEvent, type MetricMap } from './metric-map.js';
import { decodeSparkplugPayload, type DecodedMetric, type DecodedPayload, type TypeLookup } from './sparkplug-payload.js';
import type { loadPayloadReader } from './sparkplug-payload.js';
import type { EdgeMessageType } from '../../../protocol/sparkplug.js';
import { parseSparkplugTopic } from './sparkplug-topic.js';

export interface HostProblem {
  readonly reason: BadReadingReason;
  readonly detail: string;
}

export interface HostOutcome {
  readonly events: SourceEvent[];
  readonly problems: HostProblem[];
}

type PayloadReader = Awaited<ReturnType<typeof loadPayloadReader>>;

interface EdgeMessage {
  readonly type: EdgeMessageType;
  readonly group: string;
  readonly edgeNode: string;
  readonly device?: string;
  /** For log lines: `spBv1.0/G/DDATA/E/D`. */
  readonly topic: string;
}

/** Metrics every edge node sends for the protocol's own sake; never readings, never unmapped. */
function isProtocolMetric(name: string): boolean {
  return name === 'bdSeq' || name.startsWith('Node Control/') || name.startsWith('Device Control/');
}

/** The births in force, as `stateFile` keeps them: per edge node its bdSeq, aliases and datatypes. */
export interface SavedBirth {
  readonly group: string;
  readonly edgeNode: string;
  readonly bdSeq: number | null;
  readonly aliases: ReadonlyArray<readonly [number, string]>;
  readonly datatypes: ReadonlyArray<readonly [string, number]>;
}

export class SparkplugHost {
  private readonly nodes = new Map<string, EdgeNodeState>();
  /** Counts births and deaths read; the source saves the births when it moves. */
  private birthChanges = 0;

  constructor(
    private readonly reader: PayloadReader,
    private readonly map: MetricMap,
    private readonly clock: () => number = Date.now,
  ) {}

  /** One MQTT message as received. Never throws. */
  receive(topic: string, payload: Uint8Array): HostOutcome {
    const out: HostOutcome = { events: [], problems: [] };
    const parsed = parseSparkplugTopic(topic);
    if (!parsed.ok) return problem(out, 'protocol', `${topic}: ${parsed.reason}`);
    // STATE of a host, NCMD/DCMD of another host: not data, and not for this one.
    if (parsed.topic.kind === 'other') return out;
    const msg: EdgeMessage = { ...parsed.topic, topic };
    const node = this.nodeOf(msg.group, msg.edgeNode);
    const decoded = decodeSparkplugPayload(this.reader, payload, this.typeLookup(node, msg.device));
    if (!decoded.ok) return problem(out, 'unparsable', `${topic}: ${decoded.reason}`);
    try {
      this.apply(node, msg, decoded.payload, out);
    } catch (err) {
      // Defensive: a bug here must cost a message, never the gateway.
      problem(out, 'protocol', `${topic}: ${(err as Error).message}`);
    }
    return out;
  }

  /** How many births and deaths this host has read: the saved births are out of date when it moves. */
  get changes(): number {
    return this.birthChanges;
  }

  /** The births in force, to save (`stateFile`), so a restarted host knows the aliases without a rebirth. */
  savedBirths(): SavedBirth[] {
    const out: SavedBirth[] = [];
    for (const [key, node] of this.nodes) {
      if (!node.online || node.aliases.size + node.datatypes.size === 0) continue;
      const [group, edgeNode] = key.split('\u0000') as [string, string];
      out.push({ group, edgeNode, bdSeq: node.bdSeq ?? null, aliases: [...node.aliases], datatypes: [...node.datatypes] });
    }
    return out;
  }

  /**
   * Takes births saved by an earlier run as in force. The seq is not known:
   * the first message after them is taken as in order.
   */
  restore(births: readonly SavedBirth[]): void {
    for (const b of births) {
      const node = this.nodeOf(b.group, b.edgeNode);
      node.online = true;
      node.bdSeq = b.bdSeq ?? undefined;
      for (const [alias, name] of b.aliases) node.aliases.set(alias, name);
      for (const [key, type] of b.datatypes) node.datatypes.set(key, type);
    }
  }

  /** What the host knows of an edge node (tests, logging); undefined if never heard of. */
  node(group: string, edgeNode: string): Readonly<EdgeNodeState> | undefined {
    return this.nodes.get(nodeKey(group, edgeNode));
  }

  private apply(node: EdgeNodeState, msg: EdgeMessage, payload: DecodedPayload, out: HostOutcome): void {
    if (msg.type === 'NDEATH') return this.death(node, msg, payload, out);
    if (msg.type === 'NBIRTH') {
      const bdSeq = payload.metrics.find((m) => m.name === 'bdSeq');
      if (bdSeq === undefined || typeof bdSeq.value !== 'number') problem(out, 'protocol', `${msg.topic}: NBIRTH without a bdSeq metric`);
      resetForBirth(node);
      node.bdSeq = typeof bdSeq?.value === 'number' ? bdSeq.value : undefined;
      node.online = true;
      node.lastSeq = undefined;
    } else if (!node.online) {
      // Data before any birth this host saw (it started later), or after the node's death.
      problem(
        out,
        'protocol',
        `${msg.topic}: ${msg.type} from edge node ${msg.group}/${msg.edgeNode} before its NBIRTH${node.bdSeq !== undefined ? ' (it is dead)' : ''}; read by metric name, aliases unknown until it is born again`,
      );
      node.online = true;
      node.stale = true;
    }
    if (!this.seqInOrder(node, msg, payload, out)) return;
    if (msg.type === 'NBIRTH' || msg.type === 'DBIRTH') this.birthChanges += 1;
    if (msg.type === 'DBIRTH' || msg.type === 'DDATA') node.devices.set(msg.device as string, { online: true });
    if (msg.type === 'DDEATH') {
      node.devices.set(msg.device as string, { online: false });
      return;
    }
    const birth = msg.type === 'NBIRTH' || msg.type === 'DBIRTH';
    if (birth) this.learn(node, msg.device, payload.metrics);
    this.read(node, msg, payload, birth, out);
  }

  private death(node: EdgeNodeState, msg: EdgeMessage, payload: DecodedPayload, out: HostOutcome): void {
    const bdSeq = payload.metrics.find((m) => m.name === 'bdSeq')?.value;
    if (typeof bdSeq !== 'number') {
      problem(out, 'protocol', `${msg.topic}: NDEATH without a bdSeq metric`);
      return;
    }
    if (node.bdSeq !== undefined && bdSeq !== node.bdSeq) {
      // The will of an earlier session, delivered after the node was born again (Sparkplug 3.0, 5.x bdSeq).
      node.staleDeaths += 1;
      return;
    }
    node.online = false;
    node.lastSeq = undefined;
    this.birthChanges += 1;
    for (const d of node.devices.values()) d.online = false;
  }

  /** Checks the seq; false when the message is a repeat and must not be read again. */
  private seqInOrder(node: EdgeNodeState, msg: EdgeMessage, payload: DecodedPayload, out: HostOutcome): boolean {
    const seq = payload.seq;
    if (seq === undefined || !Number.isInteger(seq) || seq < 0 || seq > 255) {
      problem(out, 'protocol', `${msg.topic}: ${msg.type} without a seq of 0..255 (${seq})`);
      return true;
    }
    const verdict = judgeSeq(node.lastSeq, seq);
    if (verdict.kind === 'repeat') {
      problem(out, 'repeated', `${msg.topic}: seq ${seq} read already (last ${node.lastSeq}); a redelivery, not read twice`);
      return false;
    }
    if (verdict.kind === 'gap') {
      problem(
        out,
        'protocol',
        `${msg.topic}: seq gap, expected ${verdict.expected}, got ${seq}: ${verdict.missed} message(s) of ${msg.group}/${msg.edgeNode} missed; the node is stale until its next NBIRTH (a read-only host sends no Rebirth)`,
      );
      node.stale = true;
    }
    node.lastSeq = seq;
    return true;
  }

  private learn(node: EdgeNodeState, device: string | undefined, metrics: readonly DecodedMetric[]): void {
    for (const m of metrics) {
      if (m.name === undefined) continue;
      if (m.alias !== undefined) node.aliases.set(m.alias, m.name);
      if (m.datatype !== undefined) node.datatypes.set(datatypeKey(device, m.name), m.datatype);
    }
  }

  private read(node: EdgeNodeState, msg: EdgeMessage, payload: DecodedPayload, birth: boolean, out: HostOutcome): void {
    const tags: SourceEvent[] = [];
    const readings: SourceReading[] = [];
    for (const m of payload.metrics) {
      const name = m.name ?? (m.alias !== undefined ? node.aliases.get(m.alias) : undefined);
      if (name === undefined) {
        problem(out, 'protocol', `${msg.topic}: metric alias ${m.alias ?? '(none)'} without a name was defined by no birth${node.stale ? ' this host saw' : ''}`);
        continue;
      }
      if (isProtocolMetric(name)) continue;
      const entry = this.map.find(msg.group, msg.edgeNode, msg.device, name);
      if (entry === undefined) {
        problem(out, 'unmapped', `${msg.topic}: metric ${JSON.stringify(name)} is not in the source's metrics map`);
        continue;
      }
      const ts = m.timestamp ?? payload.timestamp ?? this.clock();
      if (birth && !m.historical) {
        const last = node.lastTs.get(entry.key);
        if (last !== undefined && ts <= last) {
          problem(out, 'repeated', `${msg.topic}: birth value of ${JSON.stringify(name)} at ${ts} is not newer than the last reading (${last})`);
          continue;
        }
      }
      const made = metricEvent(entry, m, ts);
      if (!made.ok) {
        problem(out, made.reason, `${msg.topic}: metric ${JSON.stringify(name)}: ${made.detail}`);
        continue;
      }
      if (!m.historical) node.lastTs.set(entry.key, Math.max(ts, node.lastTs.get(entry.key) ?? -Infinity));
      if (made.event.kind === 'reading') readings.push(made.event);
      else tags.push(made.event);
    }
    // A product or position in the same payload applies to its readings.
    out.events.push(...tags, ...readings);
  }

  private nodeOf(group: string, edgeNode: string): EdgeNodeState {
    const key = nodeKey(group, edgeNode);
    let node = this.nodes.get(key);
    if (node === undefined) this.nodes.set(key, (node = newEdgeNode()));
    return node;
  }

  private typeLookup(node: EdgeNodeState, device: string | undefined): TypeLookup {
    return ({ name, alias }) => {
      const n = name ?? (alias !== undefined ? node.aliases.get(alias) : undefined);
      return n === undefined ? undefined : node.datatypes.get(datatypeKey(device, n));
    };
  }
}

function nodeKey(group: string, edgeNode: string): string {
  return `${group}\u0000${edgeNode}`;
}

function problem(out: HostOutcome, reason: BadReadingReason, detail: string): HostOutcome {
  out.problems.push({ reason, detail });
  return out;
}
