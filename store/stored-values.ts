/**
 * The lookup behind `storedValues`, shared by both adapters: validates the
 * keys, groups them by series so each adapter answers one series at a time
 * (its natural unit: a series id, a tag set), and puts the answers back in
 * the order asked.
 */
import { checkSeriesKey } from './arguments.js';
import { StoreError } from './errors.js';
import type { PointKey, SeriesKey } from './port.js';
import { timestampProblem } from './validate.js';

/** Reads the values a series holds at some of its timestamps (ascending, distinct); absent ones are left out. */
export type SeriesValueReader = (key: SeriesKey, ts: readonly number[]) => Promise<Map<number, number>>;

export async function lookUpStoredValues(keys: readonly PointKey[], readSeries: SeriesValueReader): Promise<(number | null)[]> {
  const groups = new Map<string, { key: SeriesKey; ts: number[] }>();
  for (const key of keys) {
    checkSeriesKey(key);
    const problem = timestampProblem('ts', key.ts);
    if (problem) throw new StoreError('LW_STORE_INVALID_ARGUMENT', problem);
    const id = `${key.enterprise}\u0000${key.line}\u0000${key.characteristic}`;
    let group = groups.get(id);
    if (!group) groups.set(id, (group = { key: { enterprise: key.enterprise, line: key.line, characteristic: key.characteristic }, ts: [] }));
    group.ts.push(key.ts);
  }
  const found = new Map<string, Map<number, number>>();
  for (const [id, group] of groups) {
    const ts = [...new Set(group.ts)].sort((a, b) => a - b);
    found.set(id, await readSeries(group.key, ts));
  }
  return keys.map((key) => found.get(`${key.enterprise}\u0000${key.line}\u0000${key.characteristic}`)!.get(key.ts) ?? null);
}

/**
 * Ascending timestamps cut into runs whose neighbours are at most `gapMs`
 * apart, so a range query per run reads little beyond the keys asked for.
 */
export function timestampRuns(ts: readonly number[], gapMs: number, maxPerRun: number): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  for (const t of ts) {
    if (run.length > 0 && (t - run[run.length - 1] > gapMs || run.length >= maxPerRun)) {
      runs.push(run);
      run = [];
    }
    run.push(t);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}
