/**
 * Pareto of causes: the month's episodes by the cause a person gave them
 * (from the configured catalogue, config.alerts), most frequent first, with
 * each cause's share of the episodes that have one and the running total.
 * Episodes without a cause are counted apart as unassigned. The bars are
 * made by the monitor's paretoOf, so the report and the live view rank and
 * label causes alike.
 */
import type { CauseCatalogue } from '../monitor/causes.js';
import { paretoOf } from '../monitor/episode-book.js';
import type { EpisodeFacts } from './episode-tally.js';
import type { CausePareto, CharacteristicCauses } from './report-types.js';

/** The Pareto of a set of episodes. */
export function causePareto(episodes: Iterable<Pick<EpisodeFacts, 'cause'>>, catalogue: CauseCatalogue): CausePareto {
  const counts = new Map<string, number>();
  let total = 0;
  let unassigned = 0;
  for (const e of episodes) {
    total += 1;
    if (e.cause === null) unassigned += 1;
    else counts.set(e.cause, (counts.get(e.cause) ?? 0) + 1);
  }
  return plain(paretoOf(counts, total, unassigned, catalogue));
}

/**
 * One Pareto per characteristic, over all the enterprise's lines (the
 * enterprise's risk level, an episode of no line, is its own entry):
 * characteristics with the most episodes first, only those with any.
 */
export function causesByCharacteristic(episodes: readonly EpisodeFacts[], catalogue: CauseCatalogue): CharacteristicCauses[] {
  const groups = new Map<string, EpisodeFacts[]>();
  for (const e of episodes) {
    let list = groups.get(e.characteristic);
    if (!list) groups.set(e.characteristic, (list = []));
    list.push(e);
  }
  return [...groups.entries()]
    .map(([characteristic, list]) => ({ characteristic, ...causePareto(list, catalogue) }))
    .sort((a, b) => b.episodes - a.episodes || (a.characteristic < b.characteristic ? -1 : a.characteristic > b.characteristic ? 1 : 0));
}

/** Sums Paretos (the cluster's from its enterprises'), relabelled from the catalogue. */
export function sumParetos(paretos: readonly CausePareto[], catalogue: CauseCatalogue): CausePareto {
  const counts = new Map<string, number>();
  let total = 0;
  let unassigned = 0;
  for (const p of paretos) {
    total += p.episodes;
    unassigned += p.unassigned;
    for (const b of p.bars) counts.set(b.cause, (counts.get(b.cause) ?? 0) + b.count);
  }
  return plain(paretoOf(counts, total, unassigned, catalogue));
}

/** The report's plain, mutable JSON form of the monitor's read-only Pareto. */
function plain(p: ReturnType<typeof paretoOf>): CausePareto {
  return { episodes: p.episodes, unassigned: p.unassigned, bars: p.bars.map((b) => ({ ...b })) };
}
