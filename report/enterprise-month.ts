/**
 * One enterprise's month: its series' figures, its alert episodes with the
 * Pareto of their causes, and its risk trend. The enterprise's events of the
 * month are read once, page by page (the store filters by enterprise, kind
 * and time; a month is never held in memory whole), and each page feeds both
 * the episode tally and the risk trend.
 */
import type { Enterprise, LinewatchConfig } from '../config/resolve.js';
import { ALERT_RECORD_KINDS } from '../protocol/event-log/alert-records.js';
import { storedEventPages } from '../protocol/event-log/read-event-log.js';
import { REEL_RECORD_KIND, RISK_EVENT_KIND } from '../protocol/event-kinds.js';
import type { CharacteristicName } from '../domain/characteristics.js';
import type { SeriesSummary, TimeSeriesStore } from '../store/port.js';
import { capabilityTrend, type TrendMonth } from './capability-trend.js';
import { causePareto, causesByCharacteristic } from './cause-pareto.js';
import { characteristicMonth, reportSeries, type SeriesRef } from './characteristic-figures.js';
import { EpisodeTally, summarizeEpisodes, type EpisodeFacts } from './episode-tally.js';
import type { EnterpriseMonth, ProductFigures, ReportPeriod } from './report-types.js';
import { RiskTrend } from './risk-trend.js';
import { productPeriods } from './product-periods.js';
import { lineProductFigures } from './product-figures.js';
import { ReelTally } from './reel-tally.js';

export interface EnterpriseMonthInput {
  readonly config: LinewatchConfig;
  readonly store: TimeSeriesStore;
  readonly enterprise: Enterprise;
  readonly period: ReportPeriod;
  readonly now: number;
  /** The store's summaries of this enterprise's series over the month and over the month before. */
  readonly current: readonly SeriesSummary[];
  readonly previous: readonly SeriesSummary[];
  /** The trend's months up to this one, oldest first, with this enterprise's summaries. */
  readonly trend: readonly TrendMonth[];
}

export interface EnterpriseMonthResult {
  readonly month: EnterpriseMonth;
  /** Its episodes raised in the month, for the cluster's figures (medians cannot be added up). */
  readonly episodes: readonly EpisodeFacts[];
}

export async function enterpriseMonth(input: EnterpriseMonthInput): Promise<EnterpriseMonthResult> {
  const { config, store, enterprise: e, period, now } = input;
  const tally = new EpisodeTally(period.from, period.to);
  // In a month under way the last assessment holds until now, not into the future.
  const trend = new RiskTrend(Math.min(period.to, now));
  const reels = new ReelTally();
  let events = 0;
  const query = { enterprises: [e.id], kinds: [...ALERT_RECORD_KINDS, RISK_EVENT_KIND, REEL_RECORD_KIND], from: period.from, to: period.to };
  for await (const page of storedEventPages(store, query)) {
    events += page.length;
    for (const event of page) {
      tally.add(event);
      trend.add(event);
      reels.add(event);
    }
  }

  const products = await productPeriods(store, e, period, now);
  const configuredProduct = new Map(e.lines.map((l) => [l.id, l.product]));
  const byProduct = new Map<string, Map<string, ProductFigures[]>>();
  for (const l of products.lines) byProduct.set(l.line, await lineProductFigures(store, e.id, l, configuredProduct.get(l.line) ?? null, config.products));

  const key = (line: string, characteristic: string) => `${line}/${characteristic}`;
  const current = new Map(input.current.map((s) => [key(s.key.line, s.key.characteristic), s]));
  const previous = new Map(input.previous.map((s) => [key(s.key.line, s.key.characteristic), s]));
  const series = reportSeries(e, config.products, input.current);
  const days = await Promise.all(series.map((s) => daysWithData(store, e.id, s, current.get(key(s.line, s.characteristic)), period)));
  const episodes = tally.episodes();
  const raised = new Map<string, number>();
  for (const x of episodes) raised.set(key(x.line, x.characteristic), (raised.get(key(x.line, x.characteristic)) ?? 0) + 1);
  const characteristics = series.map((s, i) =>
    characteristicMonth(s, {
      current: current.get(key(s.line, s.characteristic)),
      previous: previous.get(key(s.line, s.characteristic)),
      daysWithData: days[i],
      episodesRaised: raised.get(key(s.line, s.characteristic)) ?? 0,
      byProduct: byProduct.get(s.line)?.get(s.characteristic),
      trend: capabilityTrend(s, input.trend),
    }),
  );

  const month: EnterpriseMonth = {
    id: e.id,
    name: e.name,
    registeredClass: e.class,
    lastInspection: e.lastInspection,
    hasData: events > 0 || characteristics.some((c) => c.n > 0),
    characteristics,
    products: products.lines,
    episodes: summarizeEpisodes(episodes, tally.earlierActedOn()),
    causes: causePareto(episodes, config.alerts),
    causesByCharacteristic: causesByCharacteristic(episodes, config.alerts),
    risk: trend.summary(e, config.risk, now),
    reels: reels.summary(),
    unreadableEvents: tally.unreadable + trend.unreadable + products.unreadable + reels.unreadable,
  };
  return { month, episodes };
}

/** UTC days with a sample: the month read in one bucket per day (bucket k starts at from + k days). */
async function daysWithData(store: TimeSeriesStore, enterprise: string, s: SeriesRef, summary: SeriesSummary | undefined, period: ReportPeriod): Promise<number> {
  if (!summary || summary.count === 0) return 0;
  const key = { enterprise, line: s.line, characteristic: s.characteristic as CharacteristicName };
  const down = await store.readDownsampled(key, { from: period.from, to: period.to }, period.days);
  return down.buckets.length;
}
