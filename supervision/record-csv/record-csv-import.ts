/**
 * Reads a CSV of one record kind (record-csv/README.md), all or nothing:
 * either every row becomes a valid record, or the answer lists every bad row
 * with its row number and reason and no record at all, so an import with one
 * bad row changes nothing.
 *
 * Row numbers are those a spreadsheet shows: the header is row 1, the first
 * record row 2. Blank lines are skipped and not counted.
 */
import { fieldsOf, type FieldSpec } from '../record-fields.js';
import { validateRecordOfKind } from '../record-validation.js';
import type { RecordKind, RecordOfKind } from '../records.js';
import { readCsvTable, type CsvRowProblem } from './csv-table.js';

export type { CsvRowProblem };

export type RecordCsvImport<K extends RecordKind> = { readonly ok: true; readonly records: readonly RecordOfKind<K>[] } | { readonly ok: false; readonly problems: readonly CsvRowProblem[] };

export function importRecordsCsv<K extends RecordKind>(kind: K, text: string): RecordCsvImport<K> {
  const fields = fieldsOf(kind);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const table = readCsvTable(
    text,
    fields.map((f) => f.name),
    (name, cell) => cellValue(byName.get(name)!, cell),
  );
  if (!table.ok) return table;
  const problems: CsvRowProblem[] = [...table.problems];
  const records: RecordOfKind<K>[] = [];
  const seenIds = new Map<string, number>();
  for (const { row, object } of table.rows) {
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
  // One problem a row at most: in row order, as a spreadsheet shows them.
  return problems.length > 0 ? { ok: false, problems: problems.sort((a, b) => a.row - b.row) } : { ok: true, records };
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
