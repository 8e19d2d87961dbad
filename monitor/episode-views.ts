/**
 * What readers ask of a book of episodes, apart from the book: which
 * episodes a filter selects, and the Pareto of their causes. Shared with
 * readers that count stored events (the monthly report).
 */
import type { Alert, AlertRule, AlertSeverity } from './alert.js';
import { catalogueLabel, type CauseCatalogue } from './causes.js';

export interface EpisodeFilter {
  readonly enterprise?: string;
  readonly line?: string;
  readonly characteristic?: string;
  readonly status?: Alert['status'];
  /** Only episodes on which this rule fired. */
  readonly rule?: AlertRule;
  readonly severity?: AlertSeverity;
  /** Episodes raised or signalling at or after this time, and raised before `until`. ms */
  readonly since?: number;
  readonly until?: number;
}

export interface ParetoBar {
  readonly cause: string;
  readonly label: string;
  readonly count: number;
  /** Share of the episodes with a cause, and the running total down the bars. */
  readonly share: number;
  readonly cumulative: number;
}

export interface Pareto {
  /** Episodes in the filter. */
  readonly episodes: number;
  /** Of them, those nobody has given a cause yet. */
  readonly unassigned: number;
  readonly bars: readonly ParetoBar[];
}

/** Whether an episode passes a filter. */
export function matches(a: Alert, f: EpisodeFilter): boolean {
  if (f.enterprise !== undefined && a.enterprise !== f.enterprise) return false;
  if (f.line !== undefined && a.line !== f.line) return false;
  if (f.characteristic !== undefined && a.characteristic !== f.characteristic) return false;
  if (f.status !== undefined && a.status !== f.status) return false;
  if (f.severity !== undefined && a.severity !== f.severity) return false;
  if (f.rule !== undefined && !a.rules.some((r) => r.rule === f.rule)) return false;
  if (f.since !== undefined && a.raisedAt < f.since && a.lastSampleTs < f.since) return false;
  if (f.until !== undefined && a.raisedAt >= f.until) return false;
  return true;
}

/** A Pareto from cause counts (shared with readers that count stored events). */
export function paretoOf(counts: ReadonlyMap<string, number>, episodes: number, unassigned: number, catalogue: CauseCatalogue): Pareto {
  const assigned = episodes - unassigned;
  let running = 0;
  const bars = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([cause, count]) => {
      running += count;
      return { cause, label: catalogueLabel(catalogue.causes, cause), count, share: count / assigned, cumulative: running / assigned };
    });
  return { episodes, unassigned, bars };
}
