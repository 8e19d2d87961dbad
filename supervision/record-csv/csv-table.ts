/**
 * The table part of a record CSV import, shared by the register's records
 * and the enterprises' trace records: the header checked against the kind's
 * columns, and each data row as an object of cell values by column name. A
 * row with the wrong number of fields is a problem with its row number; what
 * the objects mean is the caller's validation.
 *
 * Row numbers are those a spreadsheet shows: the header is row 1, the first
 * record row 2. Blank lines are skipped and not counted.
 */
import { splitCsv } from '../../domain/measurement-csv.js';
import { decodeCell } from './csv-cell.js';

export interface CsvRowProblem {
  /** 1-based; the header is row 1. */
  readonly row: number;
  readonly reason: string;
}

/** One data row as an object, with its row number. */
export interface CsvObjectRow {
  readonly row: number;
  readonly object: Record<string, unknown>;
}

export type CsvTable = { readonly ok: true; readonly rows: readonly CsvObjectRow[]; readonly problems: readonly CsvRowProblem[] } | { readonly ok: false; readonly problems: readonly CsvRowProblem[] };

/** `value(column, cell)` turns a decoded cell into what the validation expects. A bad header refuses the whole file. */
export function readCsvTable(text: string, columns: readonly string[], value: (column: string, cell: string) => unknown): CsvTable {
  const rows = splitCsv(text);
  if (rows.length === 0) return { ok: false, problems: [{ row: 1, reason: 'the file is empty: expected a header row' }] };
  const header = rows[0].map((h) => h.trim());
  const headerProblems = checkHeader(header, columns);
  if (headerProblems.length > 0) return { ok: false, problems: headerProblems.map((reason) => ({ row: 1, reason })) };
  const objects: CsvObjectRow[] = [];
  const problems: CsvRowProblem[] = [];
  for (let i = 1; i < rows.length; i++) {
    const row = i + 1;
    const cells = rows[i];
    if (cells.length !== header.length) {
      problems.push({ row, reason: `expected ${header.length} fields, got ${cells.length}` });
      continue;
    }
    const object: Record<string, unknown> = {};
    header.forEach((name, c) => {
      object[name] = value(name, decodeCell(cells[c]));
    });
    objects.push({ row, object });
  }
  return { ok: true, rows: objects, problems };
}

function checkHeader(header: readonly string[], columns: readonly string[]): string[] {
  const problems: string[] = [];
  const names = new Set(columns);
  const seen = new Set<string>();
  for (const h of header) {
    if (!names.has(h)) problems.push(`header: unknown column '${h}'`);
    else if (seen.has(h)) problems.push(`header: column '${h}' appears twice`);
    seen.add(h);
  }
  for (const c of columns) if (!seen.has(c)) problems.push(`header: missing column '${c}'`);
  return problems;
}
