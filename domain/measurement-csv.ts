/**
 * The measurement CSV format of docs/spc-conventions.md:
 * `ts,enterprise,line,characteristic,value`, one reading a row.
 * Parsing is separate from validation: this module only splits rows and
 * checks the header; what a value may be is decided by sample-value.ts.
 */

export const CSV_COLUMNS = ['ts', 'enterprise', 'line', 'characteristic', 'value'] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

export interface CsvRow {
  /** 0-based data-row number (the header is not counted). */
  row: number;
  ts: string;
  enterprise: string;
  line: string;
  characteristic: string;
  value: string;
  /** Set when the row does not have the header's number of fields. */
  malformed?: string;
}

export class CsvFormatError extends Error {
  readonly code = 'LW_CSV_FORMAT';
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/**
 * Splits CSV text (RFC 4180: quoted fields, doubled quotes, CRLF or LF) into
 * rows of fields. Blank lines are skipped and not numbered, as R's read.csv
 * and most spreadsheet exports do.
 */
export function splitCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = '';
  let fields: string[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte-order mark
  const n = text.length;
  let inQuotes = false;
  let lineHasContent = false;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (inQuotes) {
      if (c === 34 /* " */) {
        if (text.charCodeAt(i + 1) === 34) {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        continue;
      }
      // Copy the run up to the next quote in one slice.
      const next = text.indexOf('"', i);
      const end = next === -1 ? n : next;
      field += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === 34) {
      inQuotes = true;
      lineHasContent = true;
      i += 1;
    } else if (c === 44 /* , */) {
      fields.push(field);
      field = '';
      lineHasContent = true;
      i += 1;
    } else if (c === 10 || c === 13) {
      if (lineHasContent || field !== '') {
        fields.push(field);
        rows.push(fields);
      }
      fields = [];
      field = '';
      lineHasContent = false;
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    } else {
      // Copy the run of plain characters in one slice: the common case.
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 44 || d === 10 || d === 13 || d === 34) break;
        j += 1;
      }
      field += text.slice(i, j);
      lineHasContent = true;
      i = j;
    }
  }
  if (lineHasContent || field !== '') {
    fields.push(field);
    rows.push(fields);
  }
  return rows;
}

export const EMPTY_FILE = 'the file is empty (expected the header ts,enterprise,line,characteristic,value)';

/**
 * Where each of the five columns is in a header row (names in any case and
 * order, other columns ignored), or a CsvFormatError naming those missing.
 */
export function headerPositions(fields: readonly string[]): Record<CsvColumn, number> {
  const header = fields.map((h) => h.trim().toLowerCase());
  const position = {} as Record<CsvColumn, number>;
  const missing: string[] = [];
  for (const column of CSV_COLUMNS) {
    const at = header.indexOf(column);
    if (at === -1) missing.push(column);
    position[column] = at;
  }
  if (missing.length > 0) {
    throw new CsvFormatError(`wrong header: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ts,enterprise,line,characteristic,value, got ${fields.join(',')})`);
  }
  return position;
}

/**
 * Parses measurement CSV text. The header must name the five columns (in any
 * order; other columns are ignored); a data row with a different number of
 * fields is returned with `malformed` set, so the caller can reject it with
 * its row number instead of losing the rest of the file.
 */
export function parseMeasurementCsv(text: string): CsvRow[] {
  const table = splitCsv(text);
  if (table.length === 0) throw new CsvFormatError(EMPTY_FILE);
  const header = table[0];
  const position = headerPositions(header);
  const rows: CsvRow[] = new Array(table.length - 1);
  for (let r = 1; r < table.length; r++) {
    const f = table[r];
    const row: CsvRow = {
      row: r - 1,
      ts: f[position.ts] ?? '',
      enterprise: f[position.enterprise] ?? '',
      line: f[position.line] ?? '',
      characteristic: f[position.characteristic] ?? '',
      value: f[position.value] ?? '',
    };
    if (f.length !== header.length) row.malformed = `expected ${header.length} fields, got ${f.length}`;
    rows[r - 1] = row;
  }
  return rows;
}
