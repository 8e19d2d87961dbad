import type { SourceEvent } from './source-event.js';

/** The line-state names a `--stdin` line may carry in its characteristic column instead of a characteristic. */
const LINE_STATE = new Set(['product', 'length', 'speed', 'reel']);

/**
 * One line of `linewatch gateway --stdin`: `line,characteristic,ts,value`
 * (ts in ms or ISO 8601). A line whose characteristic column is `product`,
 * `length` or `speed` is an explicit line-state event instead of a reading:
 * `L1,product,2026-03-01T08:00:00Z,BV-2.5` says the line makes BV-2.5 from
 * then on (an MES or an operator's changeover), `L1,length,...,1520.5` is the
 * length counter in metres, `L1,speed,...,600` the line speed in m/min,
 * `L1,reel,...,R26-017,start,BV-2.5` a reel's start (the product optional) and
 * `L1,reel,...,R26-017,end` its end.
 *
 * Readings pass through as read (text stays text, for the analytics service
 * to reject with a reason). A line-state event whose time or value cannot be
 * read is returned as a reason, for the gateway to count and log.
 */
export function parseStdinLine(text: string): SourceEvent | { readonly problem: string } | null {
  if (text.trim() === '') return null;
  const [line = '', characteristic = '', tsText = '', valueText = '', eventText = '', productText = ''] = text.split(',').map((f) => f.trim());
  const ts = /^\d+$/.test(tsText) ? Number(tsText) : Date.parse(tsText);
  if (!LINE_STATE.has(characteristic)) {
    const number = Number(valueText);
    return { kind: 'reading', line, characteristic, ts: Number.isFinite(ts) ? ts : tsText, value: valueText === '' ? null : Number.isFinite(number) ? number : valueText };
  }
  if (!Number.isFinite(ts)) return { problem: `${characteristic} event for line '${line}': time '${tsText}' is neither ms nor ISO 8601` };
  if (characteristic === 'reel') {
    if (valueText === '') return { problem: `reel event for line '${line}' names no reel` };
    if (eventText !== 'start' && eventText !== 'end') return { problem: `reel event for line '${line}': '${eventText}' is neither 'start' nor 'end'` };
    return { kind: 'reel', line, ts, reel: valueText, event: eventText, ...(productText !== '' ? { product: productText } : {}) };
  }
  if (characteristic === 'product') {
    return valueText === '' ? { problem: `product event for line '${line}' names no product` } : { kind: 'product', line, ts, product: valueText };
  }
  const number = Number(valueText);
  if (valueText === '' || !Number.isFinite(number) || number < 0) return { problem: `${characteristic} event for line '${line}': '${valueText}' is not a non-negative number` };
  return characteristic === 'length' ? { kind: 'length', line, ts, metres: number } : { kind: 'speed', line, ts, metresPerMinute: number };
}
