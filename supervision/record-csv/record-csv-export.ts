/**
 * Writes records of one kind as CSV (record-csv/README.md): a header of the
 * kind's fields, one record a row, RFC 4180 quoting and the formula guard.
 */
import { fieldsOf, type FieldSpec } from '../record-fields.js';
import type { RecordKind, RecordOfKind } from '../records.js';
import { encodeRow } from './csv-cell.js';

export function exportRecordsCsv<K extends RecordKind>(kind: K, records: readonly RecordOfKind<K>[]): string {
  const fields = fieldsOf(kind);
  let out = encodeRow(fields.map((f) => f.name));
  for (const record of records) {
    if (record.kind !== kind) throw new RangeError(`exportRecordsCsv(${kind}): record ${record.id} is a ${record.kind}`);
    const values = record as unknown as Record<string, unknown>;
    out += encodeRow(fields.map((f) => cellText(f, values[f.name])));
  }
  return out;
}

function cellText(field: FieldSpec, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'list') return (value as string[]).join('; ');
  return String(value);
}
