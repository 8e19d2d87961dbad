import { severityRank, type Alert, type SeriesRef } from './alert.js';
import { seriesKey } from './episode-book.js';

/** The episodes of one series, as the alerts view and GET /api/alerts?groupBy=series show them. */
export interface SeriesGroup {
  /** `enterprise/line/characteristic`. */
  readonly key: string;
  readonly series: SeriesRef;
  /** Its open (active or acknowledged) episode, if any. */
  readonly open: Alert | null;
  /** Its episodes, newest first, at most `perSeries` (the open one included). */
  readonly episodes: Alert[];
  /** Its episodes, all of them. */
  readonly count: number;
}

/**
 * Episodes (given newest first) grouped by series: series with an open
 * episode first, the worst severity first, then by their newest episode,
 * then by key, so the order is the same wherever it is computed (the API
 * and the page both call this).
 */
export function groupBySeries(alerts: readonly Alert[], perSeries = Infinity): SeriesGroup[] {
  const groups = new Map<string, { key: string; series: SeriesRef; open: Alert | null; episodes: Alert[]; count: number }>();
  for (const a of alerts) {
    const key = seriesKey(a);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, series: { enterprise: a.enterprise, line: a.line, characteristic: a.characteristic }, open: null, episodes: [], count: 0 }));
    g.count += 1;
    if (g.episodes.length < perSeries) g.episodes.push(a);
    if (a.status !== 'resolved' && g.open === null) g.open = a;
  }
  const newest = (g: SeriesGroup) => g.episodes[0]?.raisedAt ?? 0;
  return [...groups.values()].sort(
    (x, y) =>
      Number(y.open !== null) - Number(x.open !== null) || (x.open && y.open ? severityRank(y.open.severity) - severityRank(x.open.severity) : 0) || newest(y) - newest(x) || (x.key < y.key ? -1 : 1),
  );
}
