/**
 * Between the register's generic records (kind + JSON body, register/port.ts)
 * and supervision's typed records (supervision/records.ts): the body is the
 * record without the `id`, `enterprise` and `kind` the register keeps in
 * columns. Reading a body back validates it again, so a row changed behind
 * linewatch's back is reported, not trusted.
 */
import type { JsonObject, NewRecord, RegisterRecord } from '../register/port.js';
import { validateRecordOfKind } from '../supervision/record-validation.js';
import { isRecordKind, type SupervisionRecord } from '../supervision/records.js';

/** A stored record as the API shows it: the register's bookkeeping and the typed record. */
export interface RecordView {
  readonly id: string;
  readonly enterprise: string;
  readonly kind: SupervisionRecord['kind'];
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  readonly record: SupervisionRecord;
}

export function toNewRecord(record: SupervisionRecord): NewRecord {
  return { id: record.id, enterprise: record.enterprise, kind: record.kind, body: bodyOf(record) };
}

export function bodyOf(record: SupervisionRecord): JsonObject {
  const { id: _id, enterprise: _enterprise, kind: _kind, ...body } = record;
  return body as unknown as JsonObject;
}

export function fromStored(stored: RegisterRecord): SupervisionRecord {
  if (!isRecordKind(stored.kind)) throw new Error(`register record ${stored.id} has the unknown kind '${stored.kind}'`);
  const checked = validateRecordOfKind(stored.kind, { ...stored.body, id: stored.id, enterprise: stored.enterprise });
  if (!checked.ok) throw new Error(`register record ${stored.id} no longer validates: ${checked.problems.join('; ')}`);
  return checked.record;
}

export function viewOf(stored: RegisterRecord): RecordView {
  const record = fromStored(stored);
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
