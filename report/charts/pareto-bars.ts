/**
 * The bars of a Pareto chart from counts per category: most frequent first
 * (ties by key, so the order never depends on reading order), each with its
 * share of the total and the running total down the bars. The cause Pareto
 * (cause-pareto.ts) ranks the same way through the monitor's paretoOf.
 */

export interface ParetoBar {
  /** The category's id (a line id, a characteristic). */
  key: string;
  /** How people read it. */
  label: string;
  count: number;
  /** count / total, 0-1. */
  share: number;
  /** Running total of `share` down the bars, 0-1; the last bar's is 1. */
  cumulative: number;
}

export function paretoBars(counts: ReadonlyMap<string, number>, label: (key: string) => string = (key) => key): ParetoBar[] {
  const entries = [...counts.entries()].filter(([, n]) => n > 0);
  const total = entries.reduce((a, [, n]) => a + n, 0);
  let running = 0;
  return entries
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([key, count]) => {
      running += count;
      return { key, label: label(key), count, share: count / total, cumulative: running / total };
    });
}
