/**
 * Every stored event of one enterprise in a period, page by page. One
 * readEvents call returns at most the store's `maxEvents` (10,000 by default)
 * and a month holds more (a risk assessment every 5 minutes alone is 8,928),
 * so the period is read in pages that restart at the last event's time.
 * Pages are handed on one at a time so a month of a large cluster is never
 * held in memory whole.
 */
import { compareEvents } from '../store/arguments.js';
import type { AlertEvent, TimeSeriesStore } from '../store/port.js';
import { ReportError } from './report-error.js';

/** Events per read: below the store's default maxEvents, large enough to keep reads few. */
export const EVENT_PAGE_SIZE = 5000;

export async function* readEventPages(store: TimeSeriesStore, enterprise: string, from: number, to: number, pageSize = EVENT_PAGE_SIZE): AsyncGenerator<AlertEvent[]> {
  let since = from;
  let last: AlertEvent | null = null;
  for (;;) {
    const page = await store.readEvents({ enterprise, since, until: to, limit: pageSize });
    // `since` is inclusive, so the events at the last page's final instant come again: skip those already seen.
    const seen = last;
    const fresh: AlertEvent[] = seen === null ? page : page.filter((e) => compareEvents(e, seen) > 0);
    if (fresh.length > 0) yield fresh;
    if (page.length < pageSize) return;
    if (fresh.length === 0) {
      // A full page at one instant: restarting there would return the same page forever.
      throw new ReportError('LW_REPORT_EVENTS', `more than ${pageSize} stored events of '${enterprise}' at ${new Date(since).toISOString()}; the month cannot be read completely`);
    }
    last = fresh[fresh.length - 1];
    since = last.at;
  }
}
