/**
 * A page of the event log from InfluxDB. InfluxQL orders by time only, so
 * events of one instant come in no useful order and a LIMIT may cut an
 * instant anywhere. A page is therefore read as whole instants: the rest of
 * the cursor's instant, then the events after it up to the limit, with the
 * last instant read again whole when the limit cut it; event-query.ts then
 * orders them, applies what the statement could not, and cuts the page.
 */
import { compareEvents } from '../arguments.js';
import { StoreError } from '../errors.js';
import { decodeEvent } from '../event-body.js';
import { pageFromScan, type NormalEventQuery } from '../event-query.js';
import type { EventPage, StoredEvent } from '../port.js';
import { selectEventWindow } from './influxql.js';
import { columnIndexes, type InfluxSeries } from './query-results.js';

export type RunQuery = (statement: string) => Promise<InfluxSeries[]>;

function rowsOf(result: InfluxSeries[]): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (const series of result) {
    const at = columnIndexes(series, ['time', 'body', 'alert', 'enterprise', 'kind']);
    for (const row of series.values) {
      events.push(decodeEvent({ id: String(row[at.alert]), at: row[at.time] as number, kind: String(row[at.kind]), enterprise: String(row[at.enterprise]) }, String(row[at.body])));
    }
  }
  return events;
}

export async function readInfluxEventPage(run: RunQuery, q: NormalEventQuery, maxEvents: number): Promise<EventPage> {
  /** Every event of one instant; more than maxEvents there cannot be paged. */
  const wholeInstant = async (at: number): Promise<StoredEvent[]> => {
    const rows = rowsOf(await run(selectEventWindow(q, { at }, maxEvents + 1)));
    if (rows.length > maxEvents) throw new StoreError('LW_STORE_TOO_LARGE', `more than ${maxEvents} events at ${new Date(at).toISOString()}; a page cannot split one instant`);
    return rows;
  };
  const scanned: StoredEvent[] = [];
  const cursorInRange = q.after !== null && q.after.at >= q.from && (q.to === null || q.after.at < q.to);
  if (q.after !== null && cursorInRange) scanned.push(...(await wholeInstant(q.after.at)));
  const later = q.after !== null && q.after.at >= q.from ? { after: q.after.at, to: q.to } : { from: q.from, to: q.to };
  let rows = rowsOf(await run(selectEventWindow(q, later, q.limit + 1)));
  const cut = rows.length > q.limit;
  if (cut) {
    const lastAt = rows.reduce((m, e) => Math.max(m, e.at), -Infinity);
    rows = rows.filter((e) => e.at !== lastAt).concat(await wholeInstant(lastAt));
  }
  scanned.push(...rows);
  scanned.sort(compareEvents);
  return pageFromScan(scanned, q, !cut);
}
