import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { CSV_COLUMNS, CsvFormatError, splitCsv } from '../../domain/measurement-csv.js';
import { classifyRawValue } from '../../domain/sample-value.js';
import type { SourcePoint } from './source-point.js';

export interface CsvRowPoint extends SourcePoint {
  /** 0-based data-row number in the file. */
  readonly row: number;
  readonly enterprise: string;
}

/**
 * Reads a measurement CSV (docs/spc-conventions.md format) row by row without holding
 * the file in memory. Values and times are converted where they can be and
 * passed on as text where they cannot, so bad rows travel to the analytics
 * service and are rejected there with a reason like any gauge's bad reading.
 */
export async function* readCsvPoints(file: string): AsyncGenerator<CsvRowPoint> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let position: Record<(typeof CSV_COLUMNS)[number], number> | null = null;
  let row = 0;
  for await (const raw of lines) {
    const text = position === null ? raw.replace(/^\ufeff/, '') : raw;
    if (text.trim() === '') continue;
    const fields = text.includes('"') ? (splitCsv(text)[0] ?? []) : text.split(',');
    if (position === null) {
      position = headerPositions(fields);
      continue;
    }
    const field = (name: (typeof CSV_COLUMNS)[number]) => fields[position![name]] ?? '';
    yield {
      row: row++,
      enterprise: field('enterprise'),
      line: field('line'),
      characteristic: field('characteristic'),
      ts: parseTime(field('ts')),
      value: parseValue(field('value')),
    };
  }
  if (position === null) throw new CsvFormatError('the file is empty (expected the header ts,enterprise,line,characteristic,value)');
}

function headerPositions(fields: string[]): Record<(typeof CSV_COLUMNS)[number], number> {
  const header = fields.map((h) => h.trim().toLowerCase());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new CsvFormatError(`wrong header: missing ${missing.join(', ')} (expected ts,enterprise,line,characteristic,value)`);
  return Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof CSV_COLUMNS)[number], number>;
}

function parseTime(text: string): number | string {
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : text;
}

function parseValue(text: string): number | string | null {
  const verdict = classifyRawValue(text);
  if (verdict.ok) return verdict.value;
  if (verdict.reason === 'empty') return null;
  // A negative number travels as a number (and is rejected as negative); the rest as the text read.
  return verdict.reason === 'negative' ? Number(text.trim()) : text;
}
