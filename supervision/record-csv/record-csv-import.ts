/**
 * Reads a CSV of one record kind (record-csv/README.md), all or nothing:
 * either every row becomes a valid record, or the answer lists every bad row
 * with its row number and reason and no record at all, so an import with one
 * bad row changes nothing.
 *
 * Row numbers are those a spreadsheet shows: the header is row 1, the first
 * record row 2. Blank lines are skipped and not counted.
 */
import { splitCsv } from '../../domain/measurement-csv.js';
import { fieldsOf, type FieldSpec } from '../record-fields.js';
import { validateRecordOfKind } from '../record-validation.js';
import type { RecordKind, RecordOfKind } from '../records.js';
import { decodeCell } from './csv-cell.js';

export interface CsvRowProblem {
  /** 1-based; the header is row 1. */
  readonly row: number;
  readonly reason: string;
}

export type RecordCsvImport<K extends RecordKind> = { readonly ok: true; readonly records: readonly RecordOfKind<K>[] } | { readonly ok: false; readonly problems: readonly CsvRowProblem[] };

export function importRecordsCsv<K extends RecordKind>(kind: K, text: string): RecordCsvImport<K> {
  const rows = splitCsv(text);
  if (rows.length === 0) return { ok: false, problems: [{ row: 1, reason: 'the file is empty: expected a header row' }] };
  const fields = fieldsOf(kind);
  const header = rows[0].map((h) => h.trim());
  const headerProblems = checkHeader(header, fields);
  if (headerProblems.length > 0) return { ok: false, problems: headerProblems.map((reason) => ({ row: 1, reason })) };
  const byName = new Map(fields.map((f) => [f.name, f]));
  const problems: CsvRowProblem[] = [];
  const records: RecordOfKind<K>[] = [];
  const seenIds = new Map<string, number>();
  for (let i = 1; i < rows.length; i++) {
    const row = i + 1;
    const cells = rows[i];
    if (cells.length !== header.length) {
      problems.push({ row, reason: `expected ${header.length} fields, got ${cells.length}` });
      continue;
    }
    const object: Record<string, unknown> = {};
    header.forEach((name, c) => {
      object[name] = cellValue(byName.get(name)!, decodeCell(cells[c]));
    });
    const result = validateRecordOfKind(kind, object);
    if (!result.ok) {
      problems.push({ row, reason: result.problems.join('; ') });
      continue;
    }
    const earlier = seenIds.get(result.record.id);
    if (earlier !== undefined) {
      problems.push({ row, reason: `id '${result.record.id}' is already used on row ${earlier}` });
      continue;
    }
    seenIds.set(result.record.id, row);
    records.push(result.record as RecordOfKind<K>);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, records };
}

function checkHeader(header: readonly string[], fields: readonly FieldSpec[]): string[] {
  const problems: string[] = [];
  const names = new Set(fields.map((f) => f.name));
  const seen = new Set<string>();
  for (const h of header) {
    if (!names.has(h)) problems.push(`header: unknown column '${h}'`);
    else if (seen.has(h)) problems.push(`header: column '${h}' appears twice`);
    seen.add(h);
  }
  for (const f of fields) if (!seen.has(f.name)) problems.push(`header: missing column '${f.name}'`);
  return problems;
}

/**
 * A cell's text as the JSON value the validation expects. Text that is not a
 * number or a boolean where one is expected is passed on as text, so the
 * validation names the field and shows what was there.
 */
function cellValue(field: FieldSpec, cell: string): unknown {
  const text = cell.trim();
  if (text === '') return field.type === 'note' ? '' : field.type === 'list' ? [] : null;
  switch (field.type) {
    case 'year':
    case 'amount':
      return /^\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    case 'boolean':
      return text.toLowerCase() === 'true' ? true : text.toLowerCase() === 'false' ? false : text;
    case 'list':
      return text.split(';').map((item) => item.trim());
    case 'note':
      return cell;
    default:
      return text;
  }
}
