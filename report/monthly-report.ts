/**
 * The periodic quality report of one calendar month (UTC): per enterprise,
 * per line and characteristic capability, alert episodes with a Pareto of
 * their causes, and the risk trend; across the enterprises a ranking and
 * totals. A regulator gets the whole cluster;
 * an enterprise's users get their own enterprise only (`enterprise`), with
 * a ranking and totals of that enterprise alone, so nothing of another
 * tenant leaks through them.
 *
 * Pure reading: it writes nothing, and the same store and month give the
 * same figures (only generatedAt, and a month under way, change).
 */
import type { LinewatchConfig } from '../config/resolve.js';
import type { SeriesSummary, TimeSeriesStore } from '../store/port.js';
import { seriesKey, TREND_MONTHS, type TrendMonth } from './capability-trend.js';
import { enterpriseMonth } from './enterprise-month.js';
import type { EpisodeFacts } from './episode-tally.js';
import { reportMethods } from './methods.js';
import { isStorable, monthsEnding, parseMonth } from './month.js';
import { rankEnterprises, totalsOf } from './ranking.js';
import { ReportError } from './report-error.js';
import { REPORT_FORMAT_VERSION, type EnterpriseMonth, type MonthlyReport, type ReportPeriod } from './report-types.js';

export interface MonthlyReportRequest {
  readonly config: LinewatchConfig;
  readonly store: TimeSeriesStore;
  /** YYYY-MM */
  readonly month: string;
  /** When the report is made, ms: stamps it, and decides whether the month is complete. */
  readonly now: number;
  /** Only this enterprise (an enterprise user's report); every configured one when absent. */
  readonly enterprise?: string;
}

export async function buildMonthlyReport(request: MonthlyReportRequest): Promise<MonthlyReport> {
  const { config, store, now } = request;
  const { period, previous } = parseMonth(request.month, now);
  const chosen = config.enterprises.filter((e) => request.enterprise === undefined || e.id === request.enterprise);
  if (chosen.length === 0) throw new ReportError('LW_REPORT_ENTERPRISE', `no enterprise '${request.enterprise}' in the configuration`);

  // The trend's months, oldest first; the month and the one before are among them. One month read at a time.
  const window = monthsEnding(period, TREND_MONTHS);
  const history: Array<Map<string, SeriesSummary[]>> = [];
  for (const p of window) history.push(await summaries(store, p, request.enterprise));
  const current = history[history.length - 1];
  const before = window.length > 1 && window[window.length - 2].month === previous.month ? history[history.length - 2] : await summaries(store, previous, request.enterprise);
  const enterprises: EnterpriseMonth[] = [];
  const episodes: EpisodeFacts[] = [];
  // One enterprise at a time: a cluster's month of events is read in bounded pages, never all at once.
  for (const enterprise of chosen) {
    const trend = window.map((p, i) => trendMonth(p.month, history[i].get(enterprise.id) ?? []));
    const result = await enterpriseMonth({ config, store, enterprise, period, now, current: current.get(enterprise.id) ?? [], previous: before.get(enterprise.id) ?? [], trend });
    enterprises.push(result.month);
    episodes.push(...result.episodes);
  }

  const hasData = enterprises.some((e) => e.hasData);
  const scope = request.enterprise === undefined ? 'cluster' : 'enterprise';
  return {
    formatVersion: REPORT_FORMAT_VERSION,
    kind: 'linewatch.monthly-report',
    period,
    previousPeriod: previous,
    generatedAt: now,
    monthComplete: now >= period.to,
    scope,
    enterprise: request.enterprise ?? null,
    store: store.adapter,
    hasData,
    noDataReason: hasData
      ? null
      : `no measurements, alerts or risk assessments of ${scope === 'cluster' ? `any of the ${chosen.length} configured enterprises` : `'${request.enterprise}'`} are stored for ${period.month}`,
    enterprises,
    ranking: rankEnterprises(enterprises),
    totals: totalsOf(enterprises, episodes, config.alerts),
    parameters: { capableIndex: config.risk.capableIndex, levels: { ...config.risk.levels } },
    methods: reportMethods(period, previous, config.risk),
  };
}

function trendMonth(month: string, list: readonly SeriesSummary[]): TrendMonth {
  return { month, summaries: new Map(list.map((s) => [seriesKey(s.key.line, s.key.characteristic), s])) };
}

/** The store's per-series statistics of the period, by enterprise. */
async function summaries(store: TimeSeriesStore, period: ReportPeriod, enterprise: string | undefined): Promise<Map<string, SeriesSummary[]>> {
  const out = new Map<string, SeriesSummary[]>();
  if (!isStorable(period)) return out;
  for (const s of await store.summarize({ from: period.from, to: period.to, ...(enterprise === undefined ? {} : { enterprise }) })) {
    let list = out.get(s.key.enterprise);
    if (!list) out.set(s.key.enterprise, (list = []));
    list.push(s);
  }
  return out;
}
