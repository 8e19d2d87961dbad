/**
 * The fields of each record kind, in one table: the validation
 * (record-validation.ts) checks a record against it and the CSV import and
 * export (record-csv/) take their columns from it, so a form, the API and a
 * spreadsheet agree on what a record is. record-csv/README.md documents the
 * same table for people; a unit test keeps the two alike.
 */
import { CHARACTERISTIC_NAMES } from '../domain/characteristics.js';
import { CERTIFICATE_TYPES, CHECK_LEVELS, INSPECTION_RESULTS, STATUS_ASPECTS, TAX_BANDS, type RecordKind } from './records.js';

/**
 * - text: a non-empty string; note: a string, may be empty (missing = '');
 * - day: 'YYYY-MM-DD' that exists; year: an integer 1900..2999;
 * - amount: a finite number >= 0; boolean: true/false;
 * - enum: one of `values`; list: strings (in CSV, separated by ';').
 */
export type FieldType = 'text' | 'note' | 'day' | 'year' | 'amount' | 'boolean' | 'enum' | 'list';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly values?: readonly string[];
  /** null is allowed (an empty CSV cell, a missing JSON field). */
  readonly nullable?: boolean;
}

const STATUS_VALUES = [...new Set([...Object.values(STATUS_ASPECTS).flat(), 'unknown'])];

/** The fields every kind has, first in every CSV. */
export const COMMON_FIELDS: readonly FieldSpec[] = [
  { name: 'id', type: 'text' },
  { name: 'enterprise', type: 'text' },
  { name: 'internal', type: 'boolean' },
  { name: 'published', type: 'boolean' },
];

export const KIND_FIELDS: Readonly<Record<RecordKind, readonly FieldSpec[]>> = {
  tax: [
    { name: 'year', type: 'year' },
    { name: 'amountCny', type: 'amount', nullable: true },
    { name: 'band', type: 'enum', values: TAX_BANDS, nullable: true },
  ],
  certificate: [
    { name: 'type', type: 'enum', values: CERTIFICATE_TYPES },
    { name: 'number', type: 'text' },
    { name: 'validFrom', type: 'day' },
    { name: 'validUntil', type: 'day' },
  ],
  calibration: [
    { name: 'instrument', type: 'text' },
    { name: 'line', type: 'text' },
    { name: 'characteristic', type: 'enum', values: CHARACTERISTIC_NAMES },
    { name: 'validFrom', type: 'day' },
    { name: 'validUntil', type: 'day' },
    { name: 'certificateNumber', type: 'text' },
  ],
  'spot-check': [
    { name: 'date', type: 'day' },
    { name: 'level', type: 'enum', values: CHECK_LEVELS },
    { name: 'product', type: 'text' },
    { name: 'result', type: 'enum', values: ['pass', 'fail'] },
    { name: 'failedItems', type: 'list' },
  ],
  refusal: [
    { name: 'date', type: 'day' },
    { name: 'level', type: 'enum', values: CHECK_LEVELS },
    { name: 'note', type: 'note' },
  ],
  penalty: [
    { name: 'date', type: 'day' },
    { name: 'decisionNumber', type: 'text' },
    { name: 'reason', type: 'text' },
    { name: 'qualityRelated', type: 'boolean' },
  ],
  exposure: [
    { name: 'date', type: 'day' },
    { name: 'source', type: 'enum', values: ['media', 'complaint'] },
    { name: 'verified', type: 'boolean' },
    { name: 'summary', type: 'text' },
  ],
  status: [
    { name: 'date', type: 'day' },
    { name: 'inspector', type: 'text' },
    { name: 'aspect', type: 'enum', values: Object.keys(STATUS_ASPECTS) },
    { name: 'value', type: 'enum', values: STATUS_VALUES },
    { name: 'note', type: 'note' },
  ],
  inspection: [
    { name: 'date', type: 'day' },
    { name: 'inspectors', type: 'list' },
    { name: 'findings', type: 'note' },
    { name: 'followUp', type: 'note' },
    { name: 'result', type: 'enum', values: INSPECTION_RESULTS },
    { name: 'drawId', type: 'text', nullable: true },
  ],
  credit: [
    { name: 'listedOn', type: 'day' },
    { name: 'until', type: 'day', nullable: true },
    { name: 'reason', type: 'text' },
    { name: 'repairedOn', type: 'day', nullable: true },
  ],
  'typical-case': [
    { name: 'date', type: 'day' },
    { name: 'title', type: 'text' },
    { name: 'summary', type: 'text' },
  ],
};

/** All fields of a kind, the common ones first: the CSV columns in order. */
export function fieldsOf(kind: RecordKind): readonly FieldSpec[] {
  return [...COMMON_FIELDS, ...KIND_FIELDS[kind]];
}

/** 'spot-check' -> 'spotCheck': the prefix of a problem's path. */
export function kindPath(kind: RecordKind): string {
  return kind.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
