import { PRODUCT_ID_PATTERN_SOURCE, PRODUCT_ID_SYNTAX_TEXT, REEL_ID_PATTERN_SOURCE, REEL_ID_SYNTAX_TEXT } from '../../../protocol/ids.js';
import type { BadReadingReason } from '../gateway-source.js';
import type { SourceEvent } from '../source-event.js';
import type { OpcuaItem } from './opcua-config.js';

/**
 * One data change of a monitored node as node-opcua delivers it, reduced to
 * what the mapping needs (so the mapping is testable without a server).
 */
export interface NodeNotification {
  /** StatusCode.isGood(): only Good values become readings. */
  readonly good: boolean;
  /** The status code's name (`BadSensorFailure`, `UncertainLastUsableValue`) for the log. */
  readonly statusName: string;
  /** The Variant's value as node-opcua decodes it (number, string, boolean, [hi, lo] for 64-bit, null...). */
  readonly value: unknown;
  /** ms UTC, when the DataValue carried one. */
  readonly sourceTs?: number;
  readonly serverTs?: number;
}

export type MappedNotification = { readonly event: SourceEvent } | { readonly bad: BadReadingReason; readonly detail: string };

/**
 * Turns a monitored node's notifications into source events, or says why
 * not. Keeps, per item, the timestamp of the last value it passed on: a
 * notification not newer than that is the value the server sends again when
 * a subscription is (re)created (OPC 10000-4 §5.12.1.2, the initial value of
 * a new monitored item), so a reconnect or a server restart never yields the
 * same reading twice. The state lives as long as the source object, across
 * its reconnects.
 */
export class NotificationMapper {
  private readonly lastTs: number[];

  constructor(private readonly items: readonly OpcuaItem[]) {
    this.lastTs = items.map(() => Number.NEGATIVE_INFINITY);
  }

  /** `index` is the item's position in the source file; `readTime` is the clock when it arrived. */
  map(index: number, n: NodeNotification, readTime: number): MappedNotification {
    const item = this.items[index];
    if (!n.good) return { bad: 'bad-status', detail: `${item.nodeId}: status ${n.statusName}, no reading` };
    const ts = timestampOf(n, readTime);
    if (!(ts > this.lastTs[index])) {
      return { bad: 'repeated', detail: `${item.nodeId}: value at ${new Date(ts).toISOString()} is not newer than the last one taken (a re-sent initial value)` };
    }
    const mapped = item.tag === undefined ? measurement(item, n.value, ts) : lineState(item, n.value, ts);
    if ('event' in mapped) this.lastTs[index] = ts;
    return mapped;
  }
}

const PRODUCT_ID = new RegExp(PRODUCT_ID_PATTERN_SOURCE);
const REEL_ID = new RegExp(REEL_ID_PATTERN_SOURCE);

/** The source timestamp, else the server's, else the read time: the value's own time wherever the server gives one. */
export function timestampOf(n: Pick<NodeNotification, 'sourceTs' | 'serverTs'>, readTime: number): number {
  if (isTime(n.sourceTs)) return n.sourceTs;
  if (isTime(n.serverTs)) return n.serverTs;
  return readTime;
}

/** OPC UA's "no timestamp" is the DateTime minimum (1601-01-01), negative in Unix ms; node-opcua may also give null. */
function isTime(ms: number | undefined): ms is number {
  return ms !== undefined && Number.isFinite(ms) && ms > 0;
}

/**
 * A measurement: numbers scaled, anything else passed on as text (or null)
 * for the analytics service to reject with its reason and put in the dead
 * letter, where the plant sees it (gateway/sources/source-event.ts).
 */
function measurement(item: OpcuaItem, raw: unknown, ts: number): MappedNotification {
  const number = numberOf(raw);
  const value = number !== undefined ? number * (item.scale ?? 1) + (item.offset ?? 0) : textOf(raw);
  return { event: { kind: 'reading', line: item.line, characteristic: item.characteristic ?? '', ts, value } };
}

function lineState(item: OpcuaItem, raw: unknown, ts: number): MappedNotification {
  if (item.tag === 'reel') {
    const code = numberOf(raw);
    const reel = typeof raw === 'string' ? raw.trim() : code !== undefined && Number.isInteger(code) ? (code === 0 ? '' : String(code)) : undefined;
    if (reel === undefined) return { bad: 'unparsable', detail: `${item.nodeId}: reel tag value ${textOf(raw)} is neither a reel id nor a whole number` };
    if (reel !== '' && !REEL_ID.test(reel)) return { bad: 'unparsable', detail: `${item.nodeId}: reel ${JSON.stringify(reel.slice(0, 80))} is not ${REEL_ID_SYNTAX_TEXT}` };
    return { event: { kind: 'reel-tag', line: item.line, ts, reel: reel === '' ? null : reel } };
  }
  if (item.tag === 'product') {
    if (typeof raw === 'string') {
      const product = raw.trim();
      // Every point after a changeover carries the product id: one the protocol refuses would refuse them all.
      if (!PRODUCT_ID.test(product)) return { bad: 'unparsable', detail: `${item.nodeId}: product ${JSON.stringify(product.slice(0, 80))} is not ${PRODUCT_ID_SYNTAX_TEXT}` };
      return { event: { kind: 'product', line: item.line, ts, product } };
    }
    const code = numberOf(raw);
    if (code === undefined || !Number.isInteger(code)) return { bad: 'unparsable', detail: `${item.nodeId}: product tag value ${textOf(raw)} is neither a name nor a whole code` };
    const product = item.codes?.[String(code)];
    if (product === undefined) return { bad: 'unmapped', detail: `${item.nodeId}: product code ${code} is not in the item's codes` };
    return { event: { kind: 'product', line: item.line, ts, product } };
  }
  const number = numberOf(raw);
  if (number === undefined || !Number.isFinite(number)) return { bad: 'unparsable', detail: `${item.nodeId}: ${item.tag} value ${textOf(raw)} is not a finite number` };
  const scaled = number * (item.scale ?? 1) + (item.offset ?? 0);
  return item.tag === 'length' ? { event: { kind: 'length', line: item.line, ts, metres: scaled } } : { event: { kind: 'speed', line: item.line, ts, metresPerMinute: scaled } };
}

/** A number from the numeric OPC UA types: JS numbers, and node-opcua's [high, low] pair for Int64/UInt64. */
function numberOf(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'bigint') return Number(raw);
  if (Array.isArray(raw) && raw.length === 2 && raw.every((p) => typeof p === 'number')) return raw[0] * 2 ** 32 + raw[1];
  return undefined;
}

function textOf(raw: unknown): string | null {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'object') {
    // A LocalizedText, a structure, an array: its JSON says what it was, cut short.
    const json = JSON.stringify(raw) ?? String(raw);
    return json.length > 80 ? `${json.slice(0, 80)}...` : json;
  }
  return String(raw);
}
