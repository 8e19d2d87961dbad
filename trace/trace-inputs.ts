/**
 * The register's trace records as the trace joins read them. The register
 * keeps a record as id + enterprise + kind + a JSON body (the record without
 * those three); this reads each body as its trace kind, checking only the
 * fields a trace uses. A body without them is left out and reported (never
 * trusted, never dropped silently): the full validation of what is written
 * is the records desk's, not the reader's.
 */
import type { CalibrationRecord } from '../supervision/records.js';
import type { MaterialLotRecord, RecallRecord, ReelLotsRecord, ReelTestRecord, ShipmentRecord } from './records/trace-records.js';
import type { SkippedTraceRecord } from './trace-view.js';

/** A stored register record as far as the trace needs it (register/port.ts RegisterRecord fits). */
export interface StoredTraceRow {
  readonly id: string;
  readonly enterprise: string;
  readonly kind: string;
  readonly body: { readonly [key: string]: unknown };
}

/** What the register holds about an enterprise's reels, read and checked. */
export interface TraceRecordSet {
  readonly lots: readonly MaterialLotRecord[];
  readonly reelLots: readonly ReelLotsRecord[];
  readonly tests: readonly ReelTestRecord[];
  readonly shipments: readonly ShipmentRecord[];
}

/** Only the parts of a calibration certificate the trace reads. */
export type CalibrationCover = Pick<CalibrationRecord, 'instrument' | 'line' | 'validFrom' | 'validUntil'> & { readonly characteristic: string };

export const EMPTY_TRACE_RECORDS: TraceRecordSet = Object.freeze({ lots: [], reelLots: [], tests: [], shipments: [] });

type Field = 'string' | 'number|null' | 'string[]' | 'pass|fail';

const FIELDS: { readonly [kind: string]: { readonly [field: string]: Field } } = {
  'trace.material-lot': { material: 'string', supplier: 'string', lot: 'string', certificate: 'string', receivedOn: 'string', quantity: 'string' },
  'trace.reel-lots': { reel: 'string', lots: 'string[]' },
  'trace.reel-test': { reel: 'string', test: 'string', value: 'number|null', unit: 'string', result: 'pass|fail', instrument: 'string', testedAt: 'string', by: 'string' },
  'trace.shipment': { reels: 'string[]', customer: 'string', shippedOn: 'string', destination: 'string', document: 'string' },
  'trace.recall': { title: 'string', reels: 'string[]', customers: 'string[]', status: 'string', openedAt: 'string', openedBy: 'string' },
  calibration: { instrument: 'string', line: 'string', characteristic: 'string', validFrom: 'string', validUntil: 'string' },
};

function fits(value: unknown, field: Field): boolean {
  switch (field) {
    case 'string':
      return typeof value === 'string';
    case 'number|null':
      return value === null || (typeof value === 'number' && Number.isFinite(value));
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
    case 'pass|fail':
      return value === 'pass' || value === 'fail';
  }
}

/** Why the body cannot be read as its kind, or null when it can. */
export function bodyProblem(row: StoredTraceRow): string | null {
  const fields = FIELDS[row.kind];
  if (fields === undefined) return `'${row.kind}' is not a kind the trace reads`;
  for (const [name, type] of Object.entries(fields)) if (!fits(row.body[name], type)) return `body.${name}: expected ${type}`;
  if (row.kind === 'trace.recall') {
    const actions = row.body.actions;
    if (!Array.isArray(actions)) return 'body.actions: expected an array';
    for (const [i, a] of actions.entries()) {
      const ok = typeof a === 'object' && a !== null && ['at', 'by', 'action', 'note'].every((k) => typeof (a as Record<string, unknown>)[k] === 'string');
      if (!ok) return `body.actions[${i}]: expected {at, by, action, note} strings`;
    }
    const basis = row.body.basis;
    if (typeof basis !== 'object' || basis === null || !['line', 'episode', 'lot'].includes((basis as Record<string, unknown>).by as string)) return 'body.basis.by: expected line, episode or lot';
  }
  return null;
}

/** The body as its record, with the register's id, enterprise and kind put back. */
function recordOf<T>(row: StoredTraceRow): T {
  return { ...row.body, id: row.id, enterprise: row.enterprise, kind: row.kind } as T;
}

/** Reads rows of the four enterprise kinds; other kinds are ignored, unreadable bodies reported in `skipped`. */
export function readTraceRecords(rows: readonly StoredTraceRow[]): { records: TraceRecordSet; skipped: SkippedTraceRecord[] } {
  const lots: MaterialLotRecord[] = [];
  const reelLots: ReelLotsRecord[] = [];
  const tests: ReelTestRecord[] = [];
  const shipments: ShipmentRecord[] = [];
  const skipped: SkippedTraceRecord[] = [];
  const into: { readonly [kind: string]: unknown[] } = { 'trace.material-lot': lots, 'trace.reel-lots': reelLots, 'trace.reel-test': tests, 'trace.shipment': shipments };
  for (const row of rows) {
    const list = into[row.kind];
    if (list === undefined) continue;
    const problem = bodyProblem(row);
    if (problem === null) list.push(recordOf(row));
    else skipped.push({ id: row.id, kind: row.kind, reason: problem });
  }
  return { records: { lots, reelLots, tests, shipments }, skipped };
}

/** A stored recall case, or why it cannot be read as one. */
export function readRecall(row: StoredTraceRow): { ok: true; recall: RecallRecord } | { ok: false; skipped: SkippedTraceRecord } {
  const problem = row.kind === 'trace.recall' ? bodyProblem(row) : `'${row.kind}' is not trace.recall`;
  return problem === null ? { ok: true, recall: recordOf<RecallRecord>(row) } : { ok: false, skipped: { id: row.id, kind: row.kind, reason: problem } };
}

/** Calibration certificates from register rows of kind `calibration`; unreadable ones reported. */
export function readCalibrations(rows: readonly StoredTraceRow[]): { calibrations: CalibrationCover[]; skipped: SkippedTraceRecord[] } {
  const calibrations: CalibrationCover[] = [];
  const skipped: SkippedTraceRecord[] = [];
  for (const row of rows) {
    if (row.kind !== 'calibration') continue;
    const problem = bodyProblem(row);
    if (problem === null) calibrations.push(recordOf<CalibrationCover>(row));
    else skipped.push({ id: row.id, kind: row.kind, reason: problem });
  }
  return { calibrations, skipped };
}
