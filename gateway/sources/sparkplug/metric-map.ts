/**
 * The source file's metrics map: which Sparkplug metric (group, edge node,
 * device, name) is which characteristic or line-state tag of which line,
 * and how one metric value becomes one SourceEvent. Pure.
 */
import type { BadReadingReason } from '../gateway-source.js';
import type { SourceEvent } from '../source-event.js';
import { metricKey, type SparkplugMetricEntry } from './sparkplug-config.js';
import type { DecodedMetric, MetricValue } from './sparkplug-payload.js';
import { REEL_ID_PATTERN_SOURCE } from '../../../protocol/ids.js';

const REEL_ID = new RegExp(REEL_ID_PATTERN_SOURCE);

export interface MappedMetric {
  readonly key: string;
  readonly entry: SparkplugMetricEntry;
}

export class MetricMap {
  private readonly byKey: Map<string, MappedMetric>;

  constructor(entries: readonly SparkplugMetricEntry[]) {
    this.byKey = new Map(
      entries.map((entry) => [metricKey(entry.group, entry.edgeNode, entry.device, entry.metric), { key: metricKey(entry.group, entry.edgeNode, entry.device, entry.metric), entry }]),
    );
  }

  find(group: string, edgeNode: string, device: string | undefined, name: string): MappedMetric | undefined {
    return this.byKey.get(metricKey(group, edgeNode, device, name));
  }
}

export type MetricEventResult = { readonly ok: true; readonly event: SourceEvent } | { readonly ok: false; readonly reason: BadReadingReason; readonly detail: string };

/**
 * One metric value as the event its map entry names. A reading's value is
 * passed on as read when it is not a number (text, null), so the analytics
 * service refuses it with its reason; what no reading can hold (a DataSet,
 * a Template, bytes) is `unparsable` here.
 */
export function metricEvent(mapped: MappedMetric, metric: DecodedMetric, ts: number): MetricEventResult {
  const { entry } = mapped;
  const value = metric.value;
  if (isUnsupported(value)) return fail('unparsable', `a ${value.unsupported} value is not a reading`);
  if (entry.characteristic !== undefined) {
    return {
      ok: true,
      event: {
        kind: 'reading',
        line: entry.line,
        characteristic: entry.characteristic,
        ts,
        value: typeof value === 'number' ? scaled(entry, value) : typeof value === 'boolean' ? String(value) : value,
        ...(metric.historical ? { historical: true } : {}),
      },
    };
  }
  // A historical tag is not the line's state now: applying it would move the product or position backwards.
  if (metric.historical) return fail('unmapped', `a historical ${entry.tag} value is not the line's current state; only readings are taken as backlog`);
  if (entry.tag === 'reel') {
    // The reel being wound, as text or a number; empty or 0: none.
    const reel = typeof value === 'string' ? value.trim() : typeof value === 'number' && Number.isInteger(value) && value >= 0 ? (value === 0 ? '' : String(value)) : undefined;
    if (reel === undefined || (reel !== '' && !REEL_ID.test(reel))) return fail('unparsable', `reel tag value ${JSON.stringify(value)} is not a reel id`);
    return { ok: true, event: { kind: 'reel-tag', line: entry.line, ts, reel: reel === '' ? null : reel } };
  }
  if (entry.tag === 'product') {
    if (typeof value === 'number') {
      const product = entry.codes?.[String(value)];
      if (product === undefined) return fail('unmapped', entry.codes ? `product code ${value} is not in codes` : `product code ${value}: a numeric product tag needs codes`);
      return { ok: true, event: { kind: 'product', line: entry.line, ts, product } };
    }
    if (typeof value === 'string' && value.trim() !== '') return { ok: true, event: { kind: 'product', line: entry.line, ts, product: value.trim() } };
    return fail('unparsable', `product tag value ${JSON.stringify(value)} is not a product`);
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail('unparsable', `${entry.tag} value ${JSON.stringify(value)} is not a number`);
  const v = scaled(entry, value);
  return { ok: true, event: entry.tag === 'length' ? { kind: 'length', line: entry.line, ts, metres: v } : { kind: 'speed', line: entry.line, ts, metresPerMinute: v } };
}

function scaled(entry: SparkplugMetricEntry, raw: number): number {
  return raw * (entry.scale ?? 1) + (entry.offset ?? 0);
}

function isUnsupported(v: MetricValue): v is { readonly unsupported: string } {
  return v !== null && typeof v === 'object';
}

function fail(reason: BadReadingReason, detail: string): MetricEventResult {
  return { ok: false, reason, detail };
}
