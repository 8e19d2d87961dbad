/**
 * InfluxDB line protocol for measurements and events: the one write format
 * every supported version (1.x, 2.x, 3.x) accepts on /write.
 *
 * Points reaching here have passed validate.ts: ids hold no control
 * characters or backslashes, values are finite, timestamps integer ms. Commas,
 * spaces and equals signs in tag values are escaped with the client library's
 * own escaper; quotes need no escape in tags.
 */
import { escape as influxEscape } from '@influxdata/influxdb-client';
import { encodeEventBody } from '../event-body.js';
import type { AlertEvent, Measurement } from '../port.js';

export const MEASUREMENTS = 'measurements';
export const EVENTS = 'alert_events';

/** Series prefixes remembered before the cache starts over: ~10x a county's series. */
const MAX_CACHED_SERIES = 100_000;

/**
 * Encodes measurements as
 * `measurements,characteristic=C,enterprise=E,line=L value=V TS` (tags in
 * key order, which InfluxDB would otherwise sort itself; TS in ms).
 */
export class MeasurementEncoder {
  // enterprise -> line -> characteristic -> "measurements,...,line=L value="
  private readonly prefixes = new Map<string, Map<string, Map<string, string>>>();
  private cached = 0;

  encode(points: readonly Measurement[]): string {
    const lines = new Array<string>(points.length);
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      // String(number) is the shortest text that parses back to the same double.
      lines[i] = `${this.prefix(p)}${String(p.value)} ${String(p.ts)}`;
    }
    return lines.join('\n');
  }

  private prefix(p: Measurement): string {
    let lines = this.prefixes.get(p.enterprise);
    if (!lines) this.prefixes.set(p.enterprise, (lines = new Map()));
    let characteristics = lines.get(p.line);
    if (!characteristics) lines.set(p.line, (characteristics = new Map()));
    let prefix = characteristics.get(p.characteristic);
    if (prefix === undefined) {
      if (this.cached >= MAX_CACHED_SERIES) {
        this.prefixes.clear();
        this.cached = 0;
        return this.prefix(p);
      }
      prefix = `${MEASUREMENTS},characteristic=${influxEscape.tag(p.characteristic)},enterprise=${influxEscape.tag(p.enterprise)},line=${influxEscape.tag(p.line)} value=`;
      characteristics.set(p.characteristic, prefix);
      this.cached++;
    }
    return prefix;
  }
}

/**
 * Encodes events as `alert_events,alert=ID,enterprise=E,kind=K body="JSON" AT`.
 * The tags are the event's identity, so a rewrite overwrites the same point;
 * the optional fields travel as one JSON string (see event-body.ts).
 */
export function encodeEvents(events: readonly AlertEvent[]): string {
  return events
    .map(
      (e) =>
        `${EVENTS},alert=${influxEscape.tag(e.id)},enterprise=${influxEscape.tag(e.enterprise)},kind=${influxEscape.tag(e.kind)} body=${influxEscape.quoted(encodeEventBody(e))} ${String(e.at)}`,
    )
    .join('\n');
}
