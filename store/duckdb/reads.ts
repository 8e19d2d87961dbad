/**
 * Reads of measurements: raw, downsampled, summarised. Bounds are validated
 * integers inlined into the SQL so DuckDB prunes row groups by zone map;
 * series ids come from the registry, so no text from callers reaches SQL.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { StoreError } from '../errors.js';
import type { Bucket, SeriesSummary, TimeRange } from '../port.js';
import { readDoubleColumns } from './columns.js';
import type { SeriesIdTable } from './series-id-table.js';

function inRange(range: TimeRange): string {
  return `ts >= ${range.from} AND ts < ${range.to}`;
}

export async function readRaw(connection: DuckDBConnection, series: number, range: TimeRange, maxRawPoints: number): Promise<{ ts: Float64Array; value: Float64Array }> {
  // Timestamps come back as DOUBLE (exact below 2^53) to skip BigInt conversion.
  const result = await connection.run(`SELECT CAST(ts AS DOUBLE), value FROM measurements WHERE series = ${series} AND ${inRange(range)} ORDER BY ts LIMIT ${maxRawPoints + 1}`);
  if (result.rowCount > maxRawPoints) {
    throw new StoreError('LW_STORE_TOO_LARGE', `more than maxRawPoints=${maxRawPoints} points in [${range.from}, ${range.to}); read it downsampled or in parts`);
  }
  const [ts, value] = readDoubleColumns(result, 2);
  return { ts, value };
}

export async function readBuckets(connection: DuckDBConnection, series: number, range: TimeRange, bucketMs: number): Promise<Bucket[]> {
  const result = await connection.run(
    `SELECT CAST((ts - ${range.from}) // ${bucketMs} AS DOUBLE) AS k, CAST(count(*) AS DOUBLE), avg(value), min(value), max(value)
     FROM measurements WHERE series = ${series} AND ${inRange(range)} GROUP BY k ORDER BY k`,
  );
  const [k, count, mean, min, max] = readDoubleColumns(result, 5);
  const buckets: Bucket[] = new Array(k.length);
  for (let i = 0; i < k.length; i++) {
    buckets[i] = { start: range.from + k[i] * bucketMs, count: count[i], mean: mean[i], min: min[i], max: max[i] };
  }
  return buckets;
}

export async function readSummaries(connection: DuckDBConnection, registry: SeriesIdTable, range: TimeRange, ids: number[] | 'all'): Promise<SeriesSummary[]> {
  if (ids !== 'all' && ids.length === 0) return [];
  const which = ids === 'all' ? '' : `AND series IN (${ids.join(', ')})`;
  const reader = await connection.runAndReadAll(
    `SELECT series, CAST(count(*) AS DOUBLE), avg(value), stddev_samp(value), min(value), max(value)
     FROM measurements WHERE ${inRange(range)} ${which} GROUP BY series`,
  );
  const summaries: SeriesSummary[] = [];
  for (const [series, count, mean, sd, min, max] of reader.getRows()) {
    const key = registry.keyOf(Number(series));
    if (!key) continue; // cannot happen: ids come from committed series
    const n = Number(count);
    summaries.push({ key, count: n, mean: Number(mean), sd: n < 2 || sd === null ? null : Number(sd), min: Number(min), max: Number(max) });
  }
  return summaries;
}

/** Keys per statement of a value lookup: bounds the statement's length. */
const LOOKUP_CHUNK = 1000;

/** The values one series holds at the given ascending timestamps (those it holds). */
export async function readValuesAt(connection: DuckDBConnection, series: number, ts: readonly number[]): Promise<Map<number, number>> {
  const found = new Map<number, number>();
  for (let offset = 0; offset < ts.length; offset += LOOKUP_CHUNK) {
    const part = ts.slice(offset, offset + LOOKUP_CHUNK);
    // Literal bounds beside the list let DuckDB skip row groups by zone map.
    const result = await connection.run(
      `SELECT CAST(ts AS DOUBLE), value FROM measurements WHERE series = ${series} AND ts BETWEEN ${part[0]} AND ${part[part.length - 1]} AND ts IN (${part.join(', ')})`,
    );
    const [at, value] = readDoubleColumns(result, 2);
    for (let i = 0; i < at.length; i++) found.set(at[i], value[i]);
  }
  return found;
}
