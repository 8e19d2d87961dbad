/**
 * A series' capability month by month: the Ppk of each of the last months up
 * to the report's, computed exactly as the month's own figure
 * (characteristic-figures.ts `figures`: the store's month summary against
 * the configured product's limits), so the trend's last point is the Ppk in
 * the capability table. Months before the series' first data in the window
 * are left out; a month with no data (or no spread) inside it is a point
 * without a Ppk, drawn as a gap.
 */
import type { SeriesSummary } from '../store/port.js';
import { figures, type SeriesRef } from './characteristic-figures.js';
import type { CapabilityTrendPoint } from './report-types.js';

/** Months a trend covers, the report's included: a year, so a seasonal pattern shows. */
export const TREND_MONTHS = 12;

/** One month of the window: its id and the store's summaries of the scope's series in it. */
export interface TrendMonth {
  readonly month: string;
  /** line/characteristic -> the month's summary. */
  readonly summaries: ReadonlyMap<string, SeriesSummary>;
}

export function seriesKey(line: string, characteristic: string): string {
  return `${line}/${characteristic}`;
}

/** The series' points over `window` (oldest first), from its first month with data. */
export function capabilityTrend(ref: SeriesRef, window: readonly TrendMonth[]): CapabilityTrendPoint[] {
  const points = window.map((m) => {
    const f = figures(m.summaries.get(seriesKey(ref.line, ref.characteristic)), ref.spec);
    return { month: m.month, n: f.n, ppk: f.ppk };
  });
  const first = points.findIndex((p) => p.n > 0);
  return first < 0 ? [] : points.slice(first);
}
