/**
 * The enterprise's trace records as CSV, one kind a file (material lots,
 * reel lots, reel tests, shipments), in the format of the bureau's record
 * CSVs (supervision/record-csv/README.md): RFC 4180, a header of the kind's
 * fields in any order, the formula guard, lists separated by ';'.
 *
 * Import is all or nothing: either every row becomes a valid record, or the
 * answer lists every bad row with its row number (the header is row 1) and
 * reason, and no record at all. Checks across rows of one file: an id used
 * twice, and the same lot of one material from one supplier received twice.
 * Checks against the register (a reel-lots row naming a lot that is neither
 * in the file nor stored) are the desk's, which can read it.
 */
import { encodeRow } from '../../supervision/record-csv/csv-cell.js';
import { readCsvTable, type CsvRowProblem } from '../../supervision/record-csv/csv-table.js';
import { traceFieldNames, validateTraceRecord } from './trace-validation.js';
import type { MaterialLotRecord, TraceRecord, TraceRecordKind } from './trace-records.js';

/** The kinds an enterprise imports and exports as CSV; recalls and routine reports are edited in the dashboard. */
export const CSV_TRACE_KINDS = ['trace.material-lot', 'trace.reel-lots', 'trace.reel-test', 'trace.shipment'] as const satisfies readonly TraceRecordKind[];
export type CsvTraceKind = (typeof CSV_TRACE_KINDS)[number];

export function isCsvTraceKind(kind: string): kind is CsvTraceKind {
  return (CSV_TRACE_KINDS as readonly string[]).includes(kind);
}

/** Columns holding a list: items separated by ';' in one cell. */
const LIST_COLUMNS: ReadonlySet<string> = new Set(['lots', 'reels']);
/** Columns holding a number, or nothing. */
const NUMBER_COLUMNS: ReadonlySet<string> = new Set(['value']);

export type { CsvRowProblem };

/** A record read from a CSV, with the row it came from (for the desk's checks against the register). */
export interface CsvRow {
  readonly row: number;
  readonly record: TraceRecord;
}

export type TraceCsvImport = { readonly ok: true; readonly rows: readonly CsvRow[] } | { readonly ok: false; readonly problems: readonly CsvRowProblem[] };

/** The columns of a kind's CSV, in the order export writes them. */
export function csvColumns(kind: CsvTraceKind): string[] {
  return traceFieldNames(kind);
}

export function importTraceCsv(kind: CsvTraceKind, text: string): TraceCsvImport {
  const table = readCsvTable(text, csvColumns(kind), cellValue);
  if (!table.ok) return table;
  const problems: CsvRowProblem[] = [...table.problems];
  const read: CsvRow[] = [];
  const seenIds = new Map<string, number>();
  const seenLots = new Map<string, number>();
  for (const { row, object } of table.rows) {
    const result = validateTraceRecord(kind, object);
    if (!result.ok) {
      problems.push({ row, reason: result.problems.join('; ') });
      continue;
    }
    const record = result.record;
    const earlier = seenIds.get(record.id);
    if (earlier !== undefined) {
      problems.push({ row, reason: `id '${record.id}' is already used on row ${earlier}` });
      continue;
    }
    seenIds.set(record.id, row);
    if (record.kind === 'trace.material-lot') {
      const key = materialLotKey(record);
      const first = seenLots.get(key);
      if (first !== undefined) {
        problems.push({ row, reason: `lot '${record.lot}' of ${record.material} from ${record.supplier} is already received on row ${first}` });
        continue;
      }
      seenLots.set(key, row);
    }
    read.push({ row, record });
  }
  // One problem a row at most: in row order, as a spreadsheet shows them.
  return problems.length > 0 ? { ok: false, problems: problems.sort((a, b) => a.row - b.row) } : { ok: true, rows: read };
}

/** What makes a material lot the same receipt: enterprise, material, supplier and the supplier's lot number (case does not tell lots apart). */
export function materialLotKey(record: Pick<MaterialLotRecord, 'enterprise' | 'material' | 'supplier' | 'lot'>): string {
  return [record.enterprise, record.material, record.supplier, record.lot].map((s) => s.toLowerCase()).join('\u0000');
}

export function exportTraceCsv(kind: CsvTraceKind, records: readonly TraceRecord[]): string {
  const columns = csvColumns(kind);
  let out = encodeRow(columns);
  for (const record of records) {
    if (record.kind !== kind) throw new RangeError(`exportTraceCsv(${kind}): record ${record.id} is a ${record.kind}`);
    const values = record as unknown as Record<string, unknown>;
    out += encodeRow(columns.map((c) => cellText(c, values[c])));
  }
  return out;
}

function cellText(column: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (LIST_COLUMNS.has(column)) return (value as string[]).join('; ');
  return String(value);
}

/**
 * A cell's text as the JSON value the validation expects. Text that is not a
 * number where one is expected is passed on as text, so the validation names
 * the field and shows what was there.
 */
function cellValue(column: string, cell: string): unknown {
  const text = cell.trim();
  if (LIST_COLUMNS.has(column)) return text === '' ? [] : text.split(';').map((item) => item.trim());
  if (NUMBER_COLUMNS.has(column)) {
    if (text === '') return null;
    return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? Number(text) : text;
  }
  return text;
}
