/**
 * aedes-persistence's in-memory store with an indexed outgoing queue.
 *
 * Why: the published memory store keeps each client's outgoing QoS>0 queue as
 * an array and finds a packet by scanning it, in `outgoingUpdate` (once per
 * delivery, to record the packet identifier) and in `outgoingClearMessageId`
 * (once per PUBACK), and removes it with a splice. The analytics service
 * subscribes to every gateway at QoS 1 and applies backpressure, so its queue
 * holds thousands of messages and every message costs a scan of all of them:
 * the broker goes quadratic and saturates a core long before the county load.
 *
 * What: the same store, with only the outgoing operations replaced. Each
 * client's queue is a linked list in queue order, and every entry is also
 * linked into two indexes that answer exactly the questions the original's
 * scans ask, so each operation is O(1) amortised:
 *
 *   byKey:       brokerId -> brokerCounter -> entries, in queue order
 *   byMessageId: messageId -> brokerId     -> entries, in queue order
 *
 * The original `outgoingUpdate` takes the first queued packet that either has
 * the update's (brokerId, brokerCounter), whose messageId it then overwrites,
 * or has another brokerId and the update's messageId, which it replaces with
 * the update itself (a PUBREL, or a packet from another broker); a packet with
 * the same brokerId and the same messageId but another brokerCounter is a
 * packet identifier that wrapped around at 65535 and is skipped. Here the first
 * candidate is the head of byKey[brokerId][brokerCounter], the second the
 * earliest head among byMessageId[messageId][b] for every b !== brokerId (a
 * handful of broker ids at most), and the earlier of the two in queue order
 * (a sequence number per entry) wins. `outgoingClearMessageId` removes the
 * earliest head among byMessageId[messageId][*], as the original's first
 * match. Comparisons follow the original's `===` (a NaN key never matches).
 *
 * Everything else (retained messages, subscriptions, incoming QoS 2 packets,
 * wills, setup, destroy) is the published class, unchanged. It never touches
 * its private outgoing map outside the outgoing methods, all of which are
 * overridden, so that map stays empty; like the original, cleanSubscriptions
 * leaves the outgoing queue alone (aedes never asks the store to drop it).
 * Unlike the original, a client whose queue empties is forgotten: an empty
 * queue and no queue stream the same nothing.
 *
 * One assumption the original does not need, since it reads the packets' fields
 * on every scan: the indexes hold the identifiers a packet had when it was
 * stored or updated here, so a caller must not itself change brokerId,
 * brokerCounter or messageId of a packet it handed to or got from the store,
 * nor have one object stored twice (aedes does neither: it delivers and
 * updates with new QoSPacket and PubRel objects).
 *
 *   const aedes = new Aedes({ persistence: createIndexedOutgoingPersistence() });
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';

/** A queued packet as the store sees it: aedes-packet's Packet, or whatever outgoingUpdate stored. */
export interface OutgoingPacket {
  brokerId?: unknown;
  brokerCounter?: unknown;
  messageId?: unknown;
  [field: string]: unknown;
}

export interface OutgoingSubscription {
  readonly clientId: string;
}

export interface PersistenceClient {
  readonly id: string;
}

/** The promise API of aedes-persistence's MemoryPersistence (asyncPersistence.js) that this module uses. */
export interface AsyncMemoryPersistence {
  setup(broker: unknown): Promise<void>;
  destroy(): Promise<void>;
  cleanSubscriptions(client: PersistenceClient): Promise<void>;
  cleanIncoming(client: PersistenceClient): Promise<void>;
  outgoingEnqueue(sub: OutgoingSubscription, packet: OutgoingPacket): Promise<void>;
  outgoingEnqueueCombi(subs: readonly OutgoingSubscription[], packet: OutgoingPacket): Promise<void>;
  outgoingUpdate(client: PersistenceClient, packet: OutgoingPacket): Promise<void>;
  outgoingClearMessageId(client: PersistenceClient, packet: OutgoingPacket): Promise<OutgoingPacket | undefined>;
  outgoingStream(client: PersistenceClient): Readable;
}

export interface MemoryPersistenceOptions {
  readonly broadcastSubscriptions?: boolean;
}

type MemoryPersistenceClass = (new (
  opts?: MemoryPersistenceOptions,
) => AsyncMemoryPersistence) & {
  /** aedes-packet's Packet, re-exported by asyncPersistence.js: the copy the original enqueues. */
  readonly Packet: new (
    original: OutgoingPacket,
  ) => OutgoingPacket;
};

type CallBackPersistenceClass = new (factory: (opts: MemoryPersistenceOptions) => AsyncMemoryPersistence, opts?: MemoryPersistenceOptions) => object;

// The package has no `exports` map and types only its default factory, so its two classes are
// required by path and typed above; ESM cannot subclass through the factory it exports.
const require = createRequire(import.meta.url);
/** The published in-memory store, exported for the differential test. */
export const MemoryPersistence = require('aedes-persistence/asyncPersistence.js') as MemoryPersistenceClass;
const { CallBackPersistence } = require('aedes-persistence/callBackPersistence.js') as { CallBackPersistence: CallBackPersistenceClass };
const Packet = MemoryPersistence.Packet;

// An entry sits in three doubly linked lists at once, one per lane.
const QUEUE = 0;
const BY_KEY = 1;
const BY_MESSAGE_ID = 2;
type Lane = typeof QUEUE | typeof BY_KEY | typeof BY_MESSAGE_ID;

class Entry {
  readonly prev: (Entry | undefined)[] = [undefined, undefined, undefined];
  readonly next: (Entry | undefined)[] = [undefined, undefined, undefined];
  constructor(
    /** Position in the queue: increases with every enqueue, kept when the packet is replaced. */
    readonly seq: number,
    public packet: OutgoingPacket,
    // The identifiers the entry is indexed under (the packet's when stored or last updated).
    public brokerId: unknown,
    public brokerCounter: unknown,
    public messageId: unknown,
  ) {}
}

/** One lane's list, kept in queue order (ascending seq). */
class Chain {
  head: Entry | undefined;
  tail: Entry | undefined;
  constructor(private readonly lane: Lane) {}

  /** Inserts in seq order: from the tail, where a new or re-keyed entry almost always belongs. */
  insert(entry: Entry): void {
    const lane = this.lane;
    let after = this.tail;
    while (after !== undefined && after.seq > entry.seq) after = after.prev[lane];
    const before = after === undefined ? this.head : after.next[lane];
    entry.prev[lane] = after;
    entry.next[lane] = before;
    if (after === undefined) this.head = entry;
    else after.next[lane] = entry;
    if (before === undefined) this.tail = entry;
    else before.prev[lane] = entry;
  }

  remove(entry: Entry): void {
    const lane = this.lane;
    const before = entry.prev[lane];
    const after = entry.next[lane];
    if (before === undefined) this.head = after;
    else before.next[lane] = after;
    if (after === undefined) this.tail = before;
    else after.prev[lane] = before;
    entry.prev[lane] = undefined;
    entry.next[lane] = undefined;
  }

  get empty(): boolean {
    return this.head === undefined;
  }
}

/** key1 -> key2 -> Chain; empty chains and maps are deleted so nothing lingers. */
type TwoLevelIndex = Map<unknown, Map<unknown, Chain>>;

function indexAdd(index: TwoLevelIndex, lane: Lane, key1: unknown, key2: unknown, entry: Entry): void {
  let inner = index.get(key1);
  if (inner === undefined) index.set(key1, (inner = new Map()));
  let chain = inner.get(key2);
  if (chain === undefined) inner.set(key2, (chain = new Chain(lane)));
  chain.insert(entry);
}

function indexRemove(index: TwoLevelIndex, key1: unknown, key2: unknown, entry: Entry): void {
  const inner = index.get(key1)!;
  const chain = inner.get(key2)!;
  chain.remove(entry);
  if (!chain.empty) return;
  inner.delete(key2);
  if (inner.size === 0) index.delete(key1);
}

/** The original's `a === b` for a lookup key: Map keys use SameValueZero, under which NaN finds NaN. */
function matchable(key: unknown): boolean {
  return !Number.isNaN(key);
}

/** Map's SameValueZero: whether two keys find the same index slot. */
function sameMapKey(a: unknown, b: unknown): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

function earlier(a: Entry | undefined, b: Entry | undefined): Entry | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a.seq < b.seq ? a : b;
}

class ClientQueue {
  readonly order = new Chain(QUEUE);
  readonly byKey: TwoLevelIndex = new Map();
  readonly byMessageId: TwoLevelIndex = new Map();

  append(entry: Entry): void {
    this.order.insert(entry);
    indexAdd(this.byKey, BY_KEY, entry.brokerId, entry.brokerCounter, entry);
    indexAdd(this.byMessageId, BY_MESSAGE_ID, entry.messageId, entry.brokerId, entry);
  }

  remove(entry: Entry): void {
    this.order.remove(entry);
    indexRemove(this.byKey, entry.brokerId, entry.brokerCounter, entry);
    indexRemove(this.byMessageId, entry.messageId, entry.brokerId, entry);
  }

  /** The first entry with this (brokerId, brokerCounter): the one the original updates in place. */
  firstByKey(brokerId: unknown, brokerCounter: unknown): Entry | undefined {
    if (!matchable(brokerId) || !matchable(brokerCounter)) return undefined;
    return this.byKey.get(brokerId)?.get(brokerCounter)?.head;
  }

  /** The first entry with this messageId, leaving out those with brokerId `except` (by ===) when given. */
  firstByMessageId(messageId: unknown, except?: { readonly brokerId?: unknown }): Entry | undefined {
    if (!matchable(messageId)) return undefined;
    const byBroker = this.byMessageId.get(messageId);
    if (byBroker === undefined) return undefined;
    let first: Entry | undefined;
    for (const [brokerId, chain] of byBroker) {
      if (except !== undefined && brokerId === except.brokerId) continue;
      first = earlier(first, chain.head);
    }
    return first;
  }

  setMessageId(entry: Entry, messageId: unknown): void {
    entry.packet.messageId = messageId;
    if (sameMapKey(entry.messageId, messageId)) return;
    indexRemove(this.byMessageId, entry.messageId, entry.brokerId, entry);
    entry.messageId = messageId;
    indexAdd(this.byMessageId, BY_MESSAGE_ID, messageId, entry.brokerId, entry);
  }

  /** Puts `packet` in the entry's place in the queue, indexed under its own identifiers. */
  replace(entry: Entry, packet: OutgoingPacket): void {
    indexRemove(this.byKey, entry.brokerId, entry.brokerCounter, entry);
    indexRemove(this.byMessageId, entry.messageId, entry.brokerId, entry);
    entry.packet = packet;
    entry.brokerId = packet.brokerId;
    entry.brokerCounter = packet.brokerCounter;
    entry.messageId = packet.messageId;
    indexAdd(this.byKey, BY_KEY, entry.brokerId, entry.brokerCounter, entry);
    indexAdd(this.byMessageId, BY_MESSAGE_ID, entry.messageId, entry.brokerId, entry);
  }

  packets(): OutgoingPacket[] {
    const list: OutgoingPacket[] = [];
    for (let e = this.order.head; e !== undefined; e = e.next[QUEUE]) list.push(e.packet);
    return list;
  }

  get empty(): boolean {
    return this.order.empty;
  }
}

export class IndexedOutgoingMemoryPersistence extends MemoryPersistence {
  readonly #queues = new Map<string, ClientQueue>();
  #seq = 0;

  #enqueue(clientId: string, packet: OutgoingPacket): void {
    let queue = this.#queues.get(clientId);
    if (queue === undefined) this.#queues.set(clientId, (queue = new ClientQueue()));
    const copy = new Packet(packet);
    queue.append(new Entry(++this.#seq, copy, copy.brokerId, copy.brokerCounter, copy.messageId));
  }

  override async outgoingEnqueue(sub: OutgoingSubscription, packet: OutgoingPacket): Promise<void> {
    this.#enqueue(sub.clientId, packet);
  }

  override async outgoingEnqueueCombi(subs: readonly OutgoingSubscription[], packet: OutgoingPacket): Promise<void> {
    for (let i = 0; i < subs.length; i++) this.#enqueue(subs[i].clientId, packet);
  }

  override async outgoingUpdate(client: PersistenceClient, packet: OutgoingPacket): Promise<void> {
    const queue = this.#queues.get(client.id);
    if (queue !== undefined) {
      const sameKey = queue.firstByKey(packet.brokerId, packet.brokerCounter);
      const sameId = queue.firstByMessageId(packet.messageId, packet);
      const first = earlier(sameKey, sameId);
      if (first !== undefined && first === sameKey) return queue.setMessageId(first, packet.messageId);
      if (first !== undefined) return queue.replace(first, packet);
    }
    throw new Error('no such packet');
  }

  override async outgoingClearMessageId(client: PersistenceClient, packet: OutgoingPacket): Promise<OutgoingPacket | undefined> {
    const queue = this.#queues.get(client.id);
    if (queue === undefined) return undefined;
    const entry = queue.firstByMessageId(packet.messageId);
    if (entry === undefined) return undefined;
    queue.remove(entry);
    if (queue.empty) this.#queues.delete(client.id);
    return entry.packet;
  }

  override outgoingStream(client: PersistenceClient): Readable {
    // A snapshot, as the original's array copy: the queue may change while the stream is read.
    return Readable.from(this.#queues.get(client.id)?.packets() ?? []);
  }
}

/** What aedes-persistence's default export returns, with the indexed store inside: pass it as aedes' `persistence`. */
export function createIndexedOutgoingPersistence(opts: MemoryPersistenceOptions = {}): object {
  return new CallBackPersistence((o) => new IndexedOutgoingMemoryPersistence(o), opts);
}
