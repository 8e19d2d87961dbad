/**
 * Between the register's generic records (kind + JSON body, register/port.ts)
 * and trace/'s typed records: the body is the record without the `id`,
 * `enterprise` and `kind` the register keeps in columns. Reading a body back
 * validates it again, so a row changed behind linewatch's back is reported,
 * not trusted.
 */
import type { JsonObject, NewRecord, RegisterRecord } from '../register/port.js';
import { traceRecordParts } from '../trace/records/trace-body.js';
import { isTraceRecordKind } from '../trace/records/trace-kind.js';
import type { TraceRecord } from '../trace/records/trace-records.js';
import { validateTraceRecord } from '../trace/records/trace-validation.js';

/** A stored trace record as the API shows it: the register's bookkeeping and the typed record. */
export interface TraceRecordView {
  readonly id: string;
  readonly enterprise: string;
  readonly kind: TraceRecord['kind'];
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly record: TraceRecord;
}

export function toNewTraceRecord(record: TraceRecord): NewRecord {
  const parts = traceRecordParts(record);
  return { ...parts, body: parts.body as JsonObject };
}

export function bodyOfTrace(record: TraceRecord): JsonObject {
  return toNewTraceRecord(record).body;
}

export function traceFromStored(stored: RegisterRecord): TraceRecord {
  if (!isTraceRecordKind(stored.kind)) throw new Error(`register record ${stored.id} is a '${stored.kind}', not a trace record`);
  const checked = validateTraceRecord(stored.kind, { ...stored.body, id: stored.id, enterprise: stored.enterprise });
  if (!checked.ok) throw new Error(`register record ${stored.id} no longer validates: ${checked.problems.join('; ')}`);
  return checked.record;
}

export function traceViewOf(stored: RegisterRecord): TraceRecordView {
  const record = traceFromStored(stored);
  return {
    id: stored.id,
    enterprise: stored.enterprise,
    kind: record.kind,
    version: stored.version,
    createdAt: stored.createdAt,
    createdBy: stored.createdBy,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
    record,
  };
}
