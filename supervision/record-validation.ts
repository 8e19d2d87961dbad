/**
 * Turns an unknown object (a form's JSON, an API body, a CSV row) into a
 * register record, or into every problem found, each one line naming the
 * field: "spotCheck.level: expected county, city, provincial or national,
 * got 'province'". It never throws on bad input.
 *
 * Missing `internal` / `published` mean false, a missing note field means '',
 * a missing nullable field means null; every other field is required and an
 * unknown field is refused (a typo would otherwise vanish silently).
 */
import { isCalendarDay } from './calendar-day.js';
import { fieldsOf, kindPath, type FieldSpec } from './record-fields.js';
import { isRecordKind, RECORD_KINDS, STATUS_ASPECTS, type RecordKind, type SupervisionRecord } from './records.js';

export type RecordValidation = { readonly ok: true; readonly record: SupervisionRecord } | { readonly ok: false; readonly problems: readonly string[] };

/** Validates a record whose kind is named by its own `kind` field. */
export function validateRecord(input: unknown): RecordValidation {
  if (!isPlainObject(input)) return { ok: false, problems: [`record: expected an object, got ${describe(input)}`] };
  const kind = input.kind;
  if (typeof kind !== 'string' || !isRecordKind(kind)) {
    return { ok: false, problems: [`record.kind: expected ${oneOf(RECORD_KINDS)}, got ${describe(kind)}`] };
  }
  return validateRecordOfKind(kind, input);
}

/** Validates a record of a known kind (a CSV file holds one kind); a `kind` field, if present, must agree. */
export function validateRecordOfKind(kind: RecordKind, input: unknown): RecordValidation {
  const path = kindPath(kind);
  if (!isPlainObject(input)) return { ok: false, problems: [`${path}: expected an object, got ${describe(input)}`] };
  const problems: string[] = [];
  if (input.kind !== undefined && input.kind !== kind) problems.push(`${path}.kind: expected '${kind}', got ${describe(input.kind)}`);
  const fields = fieldsOf(kind);
  const out: Record<string, unknown> = { kind };
  for (const field of fields) {
    const checked = checkField(field, input[field.name]);
    if (typeof checked === 'object' && checked !== null && 'problem' in checked) problems.push(`${path}.${field.name}: ${checked.problem}`);
    else out[field.name] = checked;
  }
  const known = new Set(['kind', ...fields.map((f) => f.name)]);
  for (const name of Object.keys(input)) if (!known.has(name)) problems.push(`${path}.${name}: unknown field`);
  if (problems.length === 0) problems.push(...crossChecks(kind, out).map((p) => `${path}.${p}`));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, record: out as unknown as SupervisionRecord };
}

type Checked = unknown | { problem: string };

function checkField(field: FieldSpec, value: unknown): Checked {
  if (value === undefined || value === null) {
    if (field.nullable) return null;
    if (field.type === 'boolean' && value === undefined) return false;
    if (field.type === 'note' && value === undefined) return '';
    if (field.type === 'list' && value === undefined) return [];
    return { problem: 'required' };
  }
  switch (field.type) {
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') return { problem: `expected non-empty text, got ${describe(value)}` };
      return value.trim();
    case 'note':
      if (typeof value !== 'string') return { problem: `expected text, got ${describe(value)}` };
      return value;
    case 'day':
      if (typeof value !== 'string' || !isCalendarDay(value)) return { problem: `expected a date YYYY-MM-DD that exists, got ${describe(value)}` };
      return value;
    case 'year':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1900 || value > 2999) return { problem: `expected a year 1900-2999, got ${describe(value)}` };
      return value;
    case 'amount':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return { problem: `expected a number >= 0, got ${describe(value)}` };
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') return { problem: `expected true or false, got ${describe(value)}` };
      return value;
    case 'enum':
      if (typeof value !== 'string' || !field.values!.includes(value)) return { problem: `expected ${oneOf(field.values!)}, got ${describe(value)}` };
      return value;
    case 'list':
      // ';' separates a list's items in a CSV cell, so an item cannot hold one.
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v.trim() === '' || v.includes(';'))) {
        return { problem: `expected a list of non-empty texts without ';', got ${describe(value)}` };
      }
      return value.map((v: string) => v.trim());
  }
}

/** Checks between fields, once each field is valid on its own. Paths are relative to the kind. */
function crossChecks(kind: RecordKind, r: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const order = (from: string, to: string) => {
    const a = r[from] as string | null;
    const b = r[to] as string | null;
    if (a !== null && b !== null && b < a) problems.push(`${to}: ${b} is before ${from} ${a}`);
  };
  switch (kind) {
    case 'tax': {
      const band = taxBandOf(r.amountCny as number | null);
      if (r.amountCny === null && r.band === null) problems.push('amountCny: give the amount or the band');
      else if (band !== null && r.band !== null && band !== r.band) problems.push(`band: '${String(r.band)}' disagrees with amountCny ${String(r.amountCny)} (band '${band}')`);
      break;
    }
    case 'certificate':
    case 'calibration':
      order('validFrom', 'validUntil');
      break;
    case 'spot-check':
      if (r.result === 'pass' && (r.failedItems as string[]).length > 0) problems.push('failedItems: a passed spot check lists no failed items');
      break;
    case 'status': {
      const words: readonly string[] = [...STATUS_ASPECTS[r.aspect as keyof typeof STATUS_ASPECTS], 'unknown'];
      if (!words.includes(r.value as string)) problems.push(`value: expected ${oneOf(words)} for ${String(r.aspect)}, got '${String(r.value)}'`);
      break;
    }
    case 'inspection':
      if ((r.inspectors as string[]).length === 0) problems.push('inspectors: name at least one inspector');
      break;
    case 'credit':
      order('listedOn', 'until');
      order('listedOn', 'repairedOn');
      break;
    default:
      break;
  }
  return problems;
}

/** The standard's band of a tax amount (CNY); null for no amount. */
export function taxBandOf(amountCny: number | null): 'below-100k' | '100k-to-1m' | 'at-least-1m' | null {
  if (amountCny === null) return null;
  return amountCny < 100_000 ? 'below-100k' : amountCny < 1_000_000 ? '100k-to-1m' : 'at-least-1m';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 'a, b or c'. */
export function oneOf(values: readonly string[]): string {
  return values.length === 1 ? values[0] : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  return String(v);
}
