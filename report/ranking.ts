/**
 * Across the enterprises of a report: their ranking by the month's risk, and
 * the totals a regulator reads first (levels, classes, alert episodes and
 * their causes, the weakest characteristics).
 */
import type { RiskLevel, SupervisionClass } from '../risk/options.js';
import type { CauseCatalogue } from '../monitor/causes.js';
import { sumParetos } from './cause-pareto.js';
import { summarizeEpisodes, type EpisodeFacts } from './episode-tally.js';
import { sumReels } from './reel-tally.js';
import type { EnterpriseMonth, LowPpkEntry, Ranking, Totals } from './report-types.js';

/** How many of the lowest-Ppk characteristics the totals list. */
export const LOWEST_PPK_COUNT = 10;

/**
 * Highest mean score first. The mean, not the end score, because a report
 * of a month should not hinge on the last five minutes of it; the end score
 * breaks ties. Enterprises with no assessment have nothing to rank on and
 * come last, by id, so the order is always the same.
 */
export function rankEnterprises(enterprises: readonly EnterpriseMonth[]): Ranking {
  const sorted = [...enterprises].sort((a, b) => {
    const x = a.risk.meanScore;
    const y = b.risk.meanScore;
    if (x === null || y === null) return x === y ? cmp(a.id, b.id) : x === null ? 1 : -1;
    return y - x || (b.risk.last?.score ?? 0) - (a.risk.last?.score ?? 0) || cmp(a.id, b.id);
  });
  return {
    basis: 'time-weighted mean risk score of the month',
    entries: sorted.map((e, i) => ({
      rank: i + 1,
      enterprise: e.id,
      name: e.name,
      score: e.risk.meanScore,
      level: e.risk.meanLevel,
      endScore: e.risk.last?.score ?? null,
      maxScore: e.risk.max?.score ?? null,
      episodesRaised: e.episodes.raised,
    })),
  };
}

/** `episodes`: every enterprise's episodes raised in the month, for the cluster's medians. */
export function totalsOf(enterprises: readonly EnterpriseMonth[], episodes: readonly EpisodeFacts[], catalogue: CauseCatalogue): Totals {
  const byLevel: Record<RiskLevel | 'none', number> = { low: 0, medium: 0, high: 0, critical: 0, none: 0 };
  const registeredClass: Record<SupervisionClass, number> = { A: 0, B: 0, C: 0 };
  const suggestedClass: Record<SupervisionClass | 'none', number> = { A: 0, B: 0, C: 0, none: 0 };
  const classChanges: Totals['classChanges'] = [];
  const ppk: LowPpkEntry[] = [];
  let samples = 0;
  for (const e of enterprises) {
    byLevel[e.risk.levelAtMonthEnd ?? 'none'] += 1;
    registeredClass[e.registeredClass] += 1;
    suggestedClass[e.risk.suggestedClass ?? 'none'] += 1;
    if (e.risk.suggestedClass !== null && e.risk.classDiffers) {
      classChanges.push({ enterprise: e.id, name: e.name, registeredClass: e.registeredClass, suggestedClass: e.risk.suggestedClass });
    }
    for (const c of e.characteristics) {
      samples += c.n;
      if (c.ppk !== null && c.mean !== null) {
        ppk.push({ enterprise: e.id, line: c.line, characteristic: c.characteristic, unit: c.unit, n: c.n, mean: c.mean, ppk: c.ppk, expectedPpm: c.expectedPpm });
      }
    }
  }
  ppk.sort((a, b) => a.ppk - b.ppk || cmp(a.enterprise, b.enterprise) || cmp(a.line, b.line) || cmp(a.characteristic, b.characteristic));
  return {
    enterprises: enterprises.length,
    reels: sumReels(enterprises),
    byLevel,
    registeredClass,
    suggestedClass,
    classChanges,
    episodes: summarizeEpisodes(
      episodes,
      enterprises.reduce((n, e) => n + e.episodes.earlierEpisodesActedOn, 0),
    ),
    causes: sumParetos(
      enterprises.map((e) => e.causes),
      catalogue,
    ),
    lowestPpk: ppk.slice(0, LOWEST_PPK_COUNT),
    samples,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
