/**
 * The newest timestamp the measurements table holds per series, so a commit
 * whose every point is newer than its series' newest stored one can skip the
 * anti-join that keeps one row per key: no stored row can share its key.
 * That is the live stream's normal case, and the anti-join was about half of
 * a commit's time whatever its size (bench/results/ingest-cost.md).
 *
 * What the table held at open is read once, in the background on the reader
 * connection; until it is known every commit takes the anti-join. Rows
 * committed while it is read are not lost to it: every commit of this
 * process is recorded as it lands, and DuckDB lets one process write the
 * file, so the stored snapshot and this process' commits together cover
 * every row.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readDoubleColumns } from './columns.js';

export class SeriesWatermarks {
  /** Newest ts per series id in the table when it was read; null until then. */
  private stored: Map<number, number> | null = null;
  /** Newest ts per series id committed by this process since it opened the store. */
  private readonly written = new Map<number, number>();

  /** Reads what the table holds (call once, with the reader connection's queue). */
  async load(connection: DuckDBConnection): Promise<void> {
    const result = await connection.run('SELECT CAST(series AS DOUBLE), CAST(max(ts) AS DOUBLE) FROM measurements GROUP BY series');
    const [series, newest] = readDoubleColumns(result, 2);
    const stored = new Map<number, number>();
    for (let i = 0; i < series.length; i++) stored.set(series[i], newest[i]);
    this.stored = stored;
  }

  /** Whether the table certainly holds no point of series `id` at `fromTs` or later. */
  nothingFrom(id: number, fromTs: number): boolean {
    if (this.stored === null) return false;
    return fromTs > (this.stored.get(id) ?? -Infinity) && fromTs > (this.written.get(id) ?? -Infinity);
  }

  /** Records a commit that landed: series `id` holds a point at `newestTs`. */
  committed(id: number, newestTs: number): void {
    if (newestTs > (this.written.get(id) ?? -Infinity)) this.written.set(id, newestTs);
  }
}
