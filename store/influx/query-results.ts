/**
 * Parses /query answers. A chunked answer is one JSON object per line; a
 * series may be split over several chunks (marked `partial`) and is joined
 * back here. A result that stays partial at the end was cut by the server
 * (max-row-limit) and is an error, never a silently short read.
 */
import { StoreError } from '../errors.js';

export interface InfluxSeries {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly columns: readonly string[];
  readonly values: unknown[][];
}

interface RawSeries {
  name: string;
  tags?: Record<string, string>;
  columns: string[];
  values?: unknown[][];
  partial?: boolean;
}

interface RawResult {
  statement_id?: number;
  series?: RawSeries[];
  error?: string;
  partial?: boolean;
}

/** Series of the first (only) statement, chunks merged. */
export function parseQueryResponse(body: string): InfluxSeries[] {
  const merged = new Map<string, { name: string; tags: Record<string, string>; columns: string[]; values: unknown[][] }>();
  let truncated = false;
  for (const line of body.split('\n')) {
    if (line.trim() === '') continue;
    let parsed: { results?: RawResult[]; error?: string };
    try {
      parsed = JSON.parse(line) as typeof parsed;
    } catch (error) {
      throw new StoreError('LW_STORE_BAD_RESPONSE', `InfluxDB query answer is not JSON: ${line.slice(0, 200)}`, { cause: error });
    }
    if (parsed.error) throw queryError(parsed.error);
    for (const result of parsed.results ?? []) {
      if (result.error) throw queryError(result.error);
      truncated = result.partial === true || (result.series ?? []).some((series) => series.partial === true);
      for (const series of result.series ?? []) {
        const tags = series.tags ?? {};
        const id = `${series.name}\u0000${JSON.stringify(tags)}`;
        const existing = merged.get(id);
        if (existing) {
          for (const row of series.values ?? []) existing.values.push(row);
        } else {
          merged.set(id, { name: series.name, tags, columns: series.columns, values: series.values ?? [] });
        }
      }
    }
  }
  if (truncated) {
    throw new StoreError('LW_STORE_BAD_RESPONSE', 'InfluxDB cut the query answer short (partial result): raise [http] max-row-limit or read a shorter range');
  }
  return [...merged.values()];
}

/** Index of each named column, failing loudly when the server answered another shape. */
export function columnIndexes<T extends string>(series: InfluxSeries, names: readonly T[]): Record<T, number> {
  const out = {} as Record<T, number>;
  for (const name of names) {
    const index = series.columns.indexOf(name);
    if (index < 0) throw new StoreError('LW_STORE_BAD_RESPONSE', `InfluxDB answer lacks column ${name}: has ${series.columns.join(', ')}`);
    out[name] = index;
  }
  return out;
}

function queryError(message: string): StoreError {
  // A missing database is an error answer with HTTP 200 on 1.x.
  if (/database not found/i.test(message)) return new StoreError('LW_STORE_NOT_FOUND', `InfluxDB query: ${message}`);
  return new StoreError('LW_STORE_REJECTED', `InfluxDB query: ${message}`);
}
