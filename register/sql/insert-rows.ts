/**
 * Set-wise inserts: many rows per INSERT statement, in chunks, so importing
 * thousands of records costs a handful of round trips instead of one per row
 * (bench/suites/register.ts measures it). The chunk keeps the parameter count
 * far below PostgreSQL's limit of 65,535 per statement.
 */
import type { SqlExecutor, SqlValue } from './driver.js';

export const PARAMETERS_PER_STATEMENT = 5_000;

export async function insertRows(tx: SqlExecutor, table: string, columns: readonly string[], rows: readonly (readonly SqlValue[])[], suffix = ''): Promise<Record<string, unknown>[]> {
  const perStatement = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / columns.length));
  const returned: Record<string, unknown>[] = [];
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: SqlValue[] = [];
    const tuples: string[] = [];
    for (const row of chunk) {
      const slots: string[] = [];
      for (const value of row) {
        params.push(value);
        slots.push(`$${params.length}`);
      }
      tuples.push(`(${slots.join(', ')})`);
    }
    returned.push(...(await tx.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}${suffix}`, params)));
  }
  return returned;
}
