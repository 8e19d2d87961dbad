/**
 * The month a report opens on when none is asked for: the latest month with
 * data, not an empty one. A month "has data" as a report does (`hasData`): a
 * measurement, an alert, a risk assessment or a reel record of the scope is
 * stored in it.
 *
 * The latest *complete* month with data is preferred: a monthly review is
 * of a closed month, and a month under way changes as it is read. Only when
 * no complete month of the look-back has data is the month under way chosen
 * (a new installation's first month); with no data at all, the last complete
 * month, marked as having none.
 */
import { ALERT_RECORD_KINDS } from '../protocol/event-log/alert-records.js';
import { REEL_RECORD_KIND, RISK_EVENT_KIND } from '../protocol/event-kinds.js';
import type { TimeSeriesStore } from '../store/port.js';
import { monthOf, monthsEnding } from './month.js';
import type { ReportPeriod } from './report-types.js';

/** How far back the search goes: two years, so a line stopped for a season is still found. */
export const LOOKBACK_MONTHS = 24;

export interface LatestMonth {
  /** YYYY-MM */
  month: string;
  hasData: boolean;
  /** False for the month under way. */
  monthComplete: boolean;
}

export interface LatestMonthRequest {
  readonly store: Pick<TimeSeriesStore, 'summarize' | 'readEventPage'>;
  readonly now: number;
  /** The enterprises of the report's scope (one for an enterprise's user, every configured one for the cluster). */
  readonly enterprises: readonly string[];
  readonly lookbackMonths?: number;
}

export async function latestMonthWithData(request: LatestMonthRequest): Promise<LatestMonth> {
  const { store, now, enterprises } = request;
  const newestFirst = monthsEnding(monthOf(now), request.lookbackMonths ?? LOOKBACK_MONTHS).reverse();
  const [underWay, ...complete] = newestFirst;
  for (const period of complete) {
    if (await hasData(store, period, enterprises)) return { month: period.month, hasData: true, monthComplete: true };
  }
  if (underWay && (await hasData(store, underWay, enterprises))) return { month: underWay.month, hasData: true, monthComplete: false };
  const fallback = complete[0] ?? underWay;
  return { month: fallback.month, hasData: false, monthComplete: fallback !== underWay };
}

async function hasData(store: LatestMonthRequest['store'], period: ReportPeriod, enterprises: readonly string[]): Promise<boolean> {
  if (enterprises.length === 0) return false;
  const scope = new Set(enterprises);
  const one = enterprises.length === 1 ? { enterprise: enterprises[0] } : {};
  const summaries = await store.summarize({ from: period.from, to: period.to, ...one });
  if (summaries.some((s) => s.count > 0 && scope.has(s.key.enterprise))) return true;
  const page = await store.readEventPage({ enterprises, kinds: [...ALERT_RECORD_KINDS, RISK_EVENT_KIND, REEL_RECORD_KIND], from: period.from, to: period.to, limit: 1 });
  return page.events.length > 0;
}
