/**
 * The products each line made in the month, with their time spans, from the
 * stored `product.changed` records (protocol/event-log/product-records.ts)
 * up to the month's end. What a line made when the month began is the product
 * of the last changeover before it; without one, the product the first
 * changeover of the month left (its `from`); without any changeover, the
 * product the configuration gives the line.
 */
import type { Enterprise } from '../config/resolve.js';
import { PRODUCT_EVENT_KIND } from '../protocol/event-kinds.js';
import { decodeProductRecord, type ProductChange } from '../protocol/event-log/product-records.js';
import { storedEventPages, type EventPageReader } from '../protocol/event-log/read-event-log.js';
import type { LineProducts, ProductPeriod, ReportPeriod } from './report-types.js';

export interface ProductPeriodsResult {
  readonly lines: LineProducts[];
  /** Stored changeover records that could not be read (left out). */
  readonly unreadable: number;
}

/** `now` ends a month still under way: no period runs into the future. */
export async function productPeriods(store: EventPageReader, enterprise: Enterprise, period: ReportPeriod, now: number): Promise<ProductPeriodsResult> {
  const byLine = new Map<string, ProductChange[]>();
  let unreadable = 0;
  // Every changeover before the month's end: the last one before the month says what was made when it began.
  for await (const page of storedEventPages(store, { enterprises: [enterprise.id], kinds: [PRODUCT_EVENT_KIND], to: period.to })) {
    for (const record of page) {
      const decoded = decodeProductRecord(record);
      if (!decoded.ok) {
        unreadable += 1;
        continue;
      }
      const list = byLine.get(decoded.value.line);
      if (list) list.push(decoded.value);
      else byLine.set(decoded.value.line, [decoded.value]);
    }
  }
  const end = Math.max(period.from, Math.min(period.to, now));
  const lines: LineProducts[] = [];
  const configured = new Map(enterprise.lines.map((l) => [l.id, l.product]));
  for (const line of new Set([...configured.keys(), ...byLine.keys()])) {
    lines.push({ line, periods: linePeriods(byLine.get(line) ?? [], configured.get(line) ?? null, period.from, end) });
  }
  return { lines, unreadable };
}

/** A line's spans [from, to) within [monthFrom, end), from its changeovers in the log's (time) order. */
export function linePeriods(changes: readonly ProductChange[], configured: string | null, monthFrom: number, end: number): ProductPeriod[] {
  const before = changes.filter((c) => c.at < monthFrom);
  const within = changes.filter((c) => c.at >= monthFrom && c.at < end);
  const last = before.at(-1);
  let current: ProductPeriod =
    last !== undefined
      ? { product: last.to, from: monthFrom, to: end, basis: 'changeover' }
      : within.length > 0 && within[0].from !== null
        ? { product: within[0].from, from: monthFrom, to: end, basis: 'changeover' }
        : { product: configured, from: monthFrom, to: end, basis: 'configuration' };
  const out: ProductPeriod[] = [];
  for (const c of within) {
    if (c.to === current.product) continue;
    if (c.at > current.from) out.push({ ...current, to: c.at });
    current = { product: c.to, from: c.at, to: end, basis: 'changeover' };
  }
  if (end > current.from) out.push(current);
  return out;
}
