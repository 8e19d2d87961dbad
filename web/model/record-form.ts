/**
 * A register record as a form edits it: the fields come from supervision's
 * one table (supervision/record-fields.ts), the same the API validates and
 * the CSV import reads, so a form can neither miss a field nor invent one.
 * The form only shapes what was typed into JSON; the API judges it, and its
 * 400 message ("spotCheck.date: expected a date YYYY-MM-DD that exists, got
 * '2026-02-30'; ...") is split here into one error per field.
 */
import { KIND_FIELDS, kindPath, type FieldSpec } from '../../supervision/record-fields.js';
import type { RecordKind, SupervisionRecord } from '../../supervision/records.js';

/** What the inputs hold: text for every field but the booleans (checkboxes). */
export type FormValues = Record<string, string | boolean>;

/** The flags every kind has, after its own fields. `id` and `enterprise` are the page's to set. */
const FLAG_FIELDS: readonly FieldSpec[] = [
  { name: 'internal', type: 'boolean' },
  { name: 'published', type: 'boolean' },
];

export function formFields(kind: RecordKind): readonly FieldSpec[] {
  return [...KIND_FIELDS[kind], ...FLAG_FIELDS];
}

const LABELS: Readonly<Record<string, string>> = {
  amountCny: 'Amount (CNY)',
  band: 'Tax band',
  validFrom: 'Valid from',
  validUntil: 'Valid until',
  certificateNumber: 'Certificate number',
  failedItems: 'Failed items',
  decisionNumber: 'Decision number',
  qualityRelated: 'Quality related',
  followUp: 'Follow-up',
  drawId: 'Draw id',
  listedOn: 'Listed on',
  repairedOn: 'Repaired on',
  internal: 'Internal (never published)',
  published: 'Published',
};

/** 'certificateNumber' -> 'Certificate number' unless the table says better. */
export function fieldLabel(name: string): string {
  const known = LABELS[name];
  if (known) return known;
  const words = name.replace(/([A-Z])/g, ' $1').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** How to type a value, where the input alone does not say. */
export function fieldHint(field: FieldSpec): string | null {
  if (field.type === 'day') return field.nullable ? 'YYYY-MM-DD, or empty' : 'YYYY-MM-DD';
  if (field.type === 'list') return 'one per line';
  if (field.type === 'amount' && field.nullable) return 'empty when only the band is known';
  return null;
}

export const KIND_TITLES: Readonly<Record<RecordKind, string>> = {
  tax: 'Tax paid',
  certificate: 'Certificates (QMS, licence, CCC, safety, environmental)',
  calibration: 'Calibration certificates',
  'spot-check': 'Spot checks',
  refusal: 'Refused spot checks',
  penalty: 'Administrative penalties',
  exposure: 'Media exposure and complaints',
  status: 'Safety, environmental and quality status',
  inspection: 'Inspections',
  credit: 'Serious-violation list',
  'typical-case': 'Typical cases',
};

/** One record of the kind, as a new form shows it. */
export function emptyValues(kind: RecordKind): FormValues {
  const values: FormValues = {};
  for (const f of formFields(kind)) values[f.name] = f.type === 'boolean' ? false : '';
  return values;
}

/** A stored record as its form shows it for editing. */
export function valuesOf(record: SupervisionRecord): FormValues {
  const values: FormValues = {};
  const fields = record as unknown as Record<string, unknown>;
  for (const f of formFields(record.kind)) {
    const v = fields[f.name];
    if (f.type === 'boolean') values[f.name] = v === true;
    else if (f.type === 'list') values[f.name] = Array.isArray(v) ? v.join('\n') : '';
    else values[f.name] = v === null || v === undefined ? '' : String(v);
  }
  return values;
}

/**
 * The record's fields as JSON from what was typed. An empty input is null
 * for a field that may be null and absent otherwise (the API then says
 * "required"); a number that does not parse is sent as typed, so the API's
 * message names it.
 */
export function recordFields(kind: RecordKind, values: FormValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of formFields(kind)) {
    const v = values[f.name];
    if (f.type === 'boolean') {
      out[f.name] = v === true;
      continue;
    }
    const text = typeof v === 'string' ? v : '';
    if (f.type === 'list') {
      out[f.name] = text
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      continue;
    }
    if (f.type === 'note') {
      out[f.name] = text;
      continue;
    }
    const trimmed = text.trim();
    if (trimmed === '') {
      if (f.nullable) out[f.name] = null;
      continue;
    }
    if (f.type === 'year' || f.type === 'amount') {
      const n = Number(trimmed);
      out[f.name] = /^[+-]?\d+(\.\d+)?$/.test(trimmed) && Number.isFinite(n) ? n : trimmed;
      continue;
    }
    out[f.name] = trimmed;
  }
  return out;
}

export interface FieldErrors {
  /** Field name -> what is wrong with it. */
  readonly byField: ReadonlyMap<string, string>;
  /** Problems that name no field of the form (the enterprise, a version conflict). */
  readonly general: readonly string[];
}

/**
 * Splits the API's message into the problems it lists, each to its field:
 * the validation joins them with '; ' and starts each with the kind's path
 * (`spotCheck.date: ...`).
 */
export function fieldErrors(kind: RecordKind, message: string): FieldErrors {
  const path = kindPath(kind);
  const names = new Set(formFields(kind).map((f) => f.name));
  const byField = new Map<string, string>();
  const general: string[] = [];
  // Each problem starts with the path it names ("spotCheck.date: ", "enterprise: ").
  for (const problem of message.split(/; (?=[A-Za-z][\w.-]*: )/)) {
    const m = /^([A-Za-z-]+)\.([A-Za-z]+): (.*)$/s.exec(problem);
    if (m && m[1] === path && names.has(m[2])) {
      const before = byField.get(m[2]);
      byField.set(m[2], before ? `${before}; ${m[3]}` : m[3]);
    } else general.push(problem);
  }
  return { byField, general };
}

/** A field's value in a table cell. */
export function cellText(field: FieldSpec, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (field.type === 'boolean') return value === true ? 'yes' : 'no';
  if (field.type === 'list') return Array.isArray(value) && value.length > 0 ? value.join('; ') : '—';
  if (field.type === 'amount' && typeof value === 'number') return value.toLocaleString('en-US');
  const text = String(value);
  return text === '' ? '—' : text;
}
