/**
 * Turns an unknown object (an API body, a CSV row, a stored body) into a
 * trace record of a given kind, or into every problem found, each one line
 * naming the field: "reelTest.testedAt: expected an instant in ISO 8601 UTC
 * ..., got '2026-03-04 08:15'". It never throws on bad input.
 *
 * Missing notes mean '', a missing test value means null; every other field
 * is required and an unknown field is refused (a typo would otherwise vanish).
 */
import { addDays } from '../../supervision/calendar-day.js';
import { type Checked, day, describe, instant, isPlainObject, list, note, oneOf, oneOfWords, optionalNumber, recordId, reelId, text } from './field-checks.js';
import { tracePath } from './trace-kind.js';
import { RECALL_STATUSES, ROUTINE_PERIODS, type TraceRecord, type TraceRecordKind } from './trace-records.js';

export type TraceValidation = { readonly ok: true; readonly record: TraceRecord } | { readonly ok: false; readonly problems: readonly string[] };

/** Who may sign a routine report. */
export const ROUTINE_SIGNERS = ['quality-safety-officer', 'quality-safety-director'] as const;

/** Enterprise ids as the configuration writes them (protocol/ids.ts ID_PATTERN_SOURCE). */
const ENTERPRISE_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface Problem {
  readonly path: string;
  readonly problem: string;
}
type FieldResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problems: readonly Problem[] };
type FieldCheck = (v: unknown) => FieldResult;

const single =
  (check: (v: unknown) => Checked<unknown>): FieldCheck =>
  (v) => {
    const c = check(v);
    return c.ok ? c : { ok: false, problems: [{ path: '', problem: c.problem }] };
  };

const listOf =
  <T>(item: (x: unknown) => Checked<T>, min: number): FieldCheck =>
  (v) => {
    const r = list(v, item, min);
    return r.problems.length > 0 ? { ok: false, problems: r.problems } : { ok: true, value: r.value };
  };

const enterpriseId = (v: unknown): Checked<string> => {
  const t = text(v);
  return !t.ok || ENTERPRISE_ID.test(t.value) ? t : { ok: false, problem: `expected an enterprise id of 1 to 64 letters, digits, '_' or '-', got ${describe(v)}` };
};

/** An object with exactly these fields, each checked; problems carry the sub-path. */
const objectOf =
  (fields: Readonly<Record<string, FieldCheck>>): FieldCheck =>
  (v) => {
    if (v === undefined || v === null) return { ok: false, problems: [{ path: '', problem: 'required' }] };
    if (!isPlainObject(v)) return { ok: false, problems: [{ path: '', problem: `expected an object, got ${describe(v)}` }] };
    const checked = checkFields(fields, v);
    return checked.problems.length > 0 ? { ok: false, problems: checked.problems } : { ok: true, value: checked.out };
  };

const RECALL_ACTION = objectOf({ at: single(instant), by: single(text), action: single(text), note: single(note) });

const COMMON: Readonly<Record<string, FieldCheck>> = { id: single(recordId), enterprise: single(enterpriseId) };

const KIND_FIELDS: Readonly<Record<TraceRecordKind, Readonly<Record<string, FieldCheck>>>> = {
  'trace.material-lot': {
    material: single(text),
    supplier: single(text),
    lot: single(text),
    certificate: single(note),
    receivedOn: single(day),
    quantity: single(note),
  },
  'trace.reel-lots': { reel: single(reelId), lots: listOf(recordId, 1) },
  'trace.reel-test': {
    reel: single(reelId),
    test: single(text),
    value: single(optionalNumber),
    unit: single(note),
    result: single((v) => oneOfWords(['pass', 'fail'], v)),
    instrument: single(text),
    testedAt: single(instant),
    by: single(text),
  },
  'trace.shipment': { reels: listOf(reelId, 1), customer: single(text), shippedOn: single(day), destination: single(text), document: single(note) },
  'trace.recall': {
    title: single(text),
    basis: checkBasis,
    reels: listOf(reelId, 0),
    customers: listOf(text, 0),
    status: single((v) => oneOfWords(RECALL_STATUSES, v)),
    openedAt: single(instant),
    openedBy: single(text),
    actions: (v) => {
      if (v === undefined || v === null) return { ok: true, value: [] };
      if (!Array.isArray(v)) return { ok: false, problems: [{ path: '', problem: `expected a list of actions, got ${describe(v)}` }] };
      const problems: Problem[] = [];
      const value: unknown[] = [];
      v.forEach((a, i) => {
        const r = RECALL_ACTION(a);
        if (r.ok) value.push(r.value);
        else problems.push(...r.problems.map((p) => ({ path: joinPath(`[${i}]`, p.path), problem: p.problem })));
      });
      return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
    },
  },
  'trace.routine': {
    period: single((v) => oneOfWords(ROUTINE_PERIODS, v)),
    periodStart: single(day),
    draft: (v) => (isPlainObject(v) ? { ok: true, value: v } : { ok: false, problems: [{ path: '', problem: v === undefined ? 'required' : `expected an object, got ${describe(v)}` }] }),
    remarks: single(note),
    signedBy: nullable(single(text)),
    signedAs: nullable(single((v) => oneOfWords(ROUTINE_SIGNERS, v))),
    signedAt: nullable(single(instant)),
  },
};

/** The fields a kind has besides `kind` (the CSV columns come from the same names). */
export function traceFieldNames(kind: TraceRecordKind): string[] {
  return [...Object.keys(COMMON), ...Object.keys(KIND_FIELDS[kind])];
}

export function validateTraceRecord(kind: TraceRecordKind, input: unknown): TraceValidation {
  const path = tracePath(kind);
  if (!isPlainObject(input)) return { ok: false, problems: [`${path}: expected an object, got ${describe(input)}`] };
  const problems: string[] = [];
  if (input.kind !== undefined && input.kind !== kind) problems.push(`${path}.kind: expected '${kind}', got ${describe(input.kind)}`);
  const { kind: _kind, ...rest } = input;
  const checked = checkFields({ ...COMMON, ...KIND_FIELDS[kind] }, rest);
  problems.push(...checked.problems.map((p) => `${path}.${p.path}: ${p.problem}`));
  if (problems.length === 0) problems.push(...crossChecks(kind, checked.out).map((p) => `${path}.${p}`));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, record: { kind, ...checked.out } as unknown as TraceRecord };
}

function checkFields(fields: Readonly<Record<string, FieldCheck>>, input: Record<string, unknown>): { out: Record<string, unknown>; problems: Problem[] } {
  const out: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [name, check] of Object.entries(fields)) {
    const r = check(input[name]);
    if (r.ok) out[name] = r.value;
    else problems.push(...r.problems.map((p) => ({ path: joinPath(name, p.path), problem: p.problem })));
  }
  for (const name of Object.keys(input)) if (!(name in fields)) problems.push({ path: name, problem: 'unknown field' });
  return { out, problems };
}

/** 'actions' + '[0]' -> 'actions[0]'; 'basis' + 'to' -> 'basis.to'. */
function joinPath(head: string, tail: string): string {
  return tail === '' ? head : tail.startsWith('[') ? `${head}${tail}` : `${head}.${tail}`;
}

function nullable(check: FieldCheck): FieldCheck {
  return (v) => (v === undefined || v === null ? { ok: true, value: null } : check(v));
}

/** What a recall was traced from: a line and a time range, an alert episode, or a material lot. */
function checkBasis(v: unknown): FieldResult {
  if (v === undefined || v === null) return { ok: false, problems: [{ path: '', problem: 'required' }] };
  if (!isPlainObject(v)) return { ok: false, problems: [{ path: '', problem: `expected an object, got ${describe(v)}` }] };
  const by = oneOfWords(['line', 'episode', 'lot'], v.by);
  if (!by.ok) return { ok: false, problems: [{ path: 'by', problem: by.problem }] };
  const fields: Record<string, FieldCheck> =
    by.value === 'line'
      ? { by: single(() => by), line: single(text), from: single(instant), to: single(instant) }
      : by.value === 'episode'
        ? { by: single(() => by), episode: single(text) }
        : { by: single(() => by), lot: single(recordId) };
  const checked = checkFields(fields, v);
  const problems = checked.problems.map((p) => (p.problem === 'unknown field' ? { ...p, problem: `not part of a basis by ${by.value}` } : p));
  if (problems.length === 0 && by.value === 'line' && Date.parse(checked.out.to as string) <= Date.parse(checked.out.from as string)) {
    problems.push({ path: 'to', problem: `${String(checked.out.to)} is not after from ${String(checked.out.from)}` });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: checked.out };
}

/** Checks between fields, once each is valid on its own. Paths are relative to the kind. */
function crossChecks(kind: TraceRecordKind, r: Record<string, unknown>): string[] {
  const problems: string[] = [];
  switch (kind) {
    case 'trace.reel-test':
      if (r.value === null && r.unit !== '') problems.push(`unit: '${String(r.unit)}' given for a test with no value`);
      break;
    case 'trace.recall': {
      const opened = Date.parse(r.openedAt as string);
      (r.actions as { at: string }[]).forEach((a, i) => {
        if (Date.parse(a.at) < opened) problems.push(`actions[${i}].at: ${a.at} is before openedAt ${String(r.openedAt)}`);
      });
      break;
    }
    case 'trace.routine': {
      const start = r.periodStart as string;
      if (r.period === 'weekly' && weekdayOf(start) !== 1) problems.push(`periodStart: a weekly report starts on a Monday (ISO week), ${start} is a ${DAY_NAMES[weekdayOf(start)]}`);
      if (r.period === 'monthly' && !start.endsWith('-01')) problems.push(`periodStart: a monthly report starts on the month's first day, got ${start}`);
      const signature = [r.signedBy, r.signedAs, r.signedAt];
      if (signature.some((s) => s !== null) && signature.some((s) => s === null)) {
        problems.push(`signedBy: a signature needs signedBy, signedAs (${oneOf(ROUTINE_SIGNERS)}) and signedAt together, or none of them`);
      }
      break;
    }
    default:
      break;
  }
  return problems;
}

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** 0 = Sunday ... 6 = Saturday, as Date.getUTCDay; for a valid day only. */
function weekdayOf(day_: string): number {
  // addDays validates the day; adding 0 returns it unchanged.
  return new Date(`${addDays(day_, 0)}T00:00:00Z`).getUTCDay();
}

/** True when the stored signature makes a routine report final. */
export function isSignedRoutine(record: TraceRecord): boolean {
  return record.kind === 'trace.routine' && record.signedAt !== null;
}
