/**
 * Records: generic (enterprise, kind, JSON body) rows with a version for
 * optimistic concurrency. Each change writes its audit entry in the same
 * transaction (the caller's `tx`).
 */
import { randomUUID } from 'node:crypto';
import { RegisterError } from '../errors.js';
import type { EnterpriseScope, JsonValue, NewRecord, RecordChange, RecordFilter, RegisterRecord } from '../port.js';
import { checkId, checkVersion, invalid, jsonObjectText } from '../validate.js';
import { writeAudit } from './audit.js';
import type { Dialect, SqlExecutor, SqlValue } from './driver.js';
import { columns, insertRows } from './insert-rows.js';
import { toRecord } from './rows.js';
import { LinewatchError } from '../../domain/errors/linewatch-error.js';

const COLUMNS = columns('id:text', 'enterprise:text', 'kind:text', 'version:bigint', 'body:json', 'created_at_ms:bigint', 'created_by:text', 'updated_at_ms:bigint', 'updated_by:text');
const ORDER = 'ORDER BY enterprise, kind, created_at_ms, id';

interface CheckedRecord {
  readonly id: string;
  readonly enterprise: string;
  readonly kind: string;
  readonly bodyText: string;
}

export function checkNewRecord(record: NewRecord, row?: number): CheckedRecord {
  if (typeof record !== 'object' || record === null) invalid('a record must be an object', row);
  return {
    id: record.id === undefined ? randomUUID() : checkId(record.id, 'id', row),
    enterprise: checkId(record.enterprise, 'enterprise', row),
    kind: checkId(record.kind, 'kind', row),
    bodyText: jsonObjectText(record.body, 'body', row),
  };
}

export async function listRecords(q: SqlExecutor, filter: RecordFilter): Promise<RegisterRecord[]> {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (filter.enterprise !== undefined) where.push(`enterprise = $${params.push(checkId(filter.enterprise, 'enterprise'))}`);
  if (filter.kind !== undefined) where.push(`kind = $${params.push(checkId(filter.kind, 'kind'))}`);
  const rows = await q.query(`SELECT * FROM register_records ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${ORDER}`, params);
  return rows.map(toRecord);
}

export async function findRecord(q: SqlExecutor, id: string): Promise<RegisterRecord | undefined> {
  const rows = await q.query(`SELECT * FROM register_records WHERE id = $1`, [id]);
  return rows.length === 0 ? undefined : toRecord(rows[0]);
}

export async function getRecord(q: SqlExecutor, id: string, scope: EnterpriseScope): Promise<RegisterRecord> {
  checkId(id, 'id');
  const found = await findRecord(q, id);
  // Another enterprise's record is "not found", never "forbidden": its existence is not disclosed.
  if (found === undefined || (scope.enterprise !== undefined && found.enterprise !== scope.enterprise)) throw notFound(id);
  return found;
}

export async function createRecord(tx: SqlExecutor, dialect: Dialect, record: NewRecord, user: string, now: number): Promise<RegisterRecord> {
  const r = checkNewRecord(record);
  const row: SqlValue[] = [r.id, r.enterprise, r.kind, 1, r.bodyText, now, user, now, user];
  let created: RegisterRecord;
  try {
    created = toRecord((await insertRows(tx, 'register_records', COLUMNS, [row], true))[0]);
  } catch (error) {
    if (dialect.isUniqueViolation(error)) throw new RegisterError('LW_REGISTER_CONFLICT', `a record with id ${JSON.stringify(r.id)} exists already`);
    throw error;
  }
  await writeAudit(tx, now, user, [{ enterprise: created.enterprise, entity: 'record', entityId: created.id, action: 'create', before: null, after: asJson(created) }]);
  return created;
}

export async function updateRecord(tx: SqlExecutor, id: string, change: RecordChange, user: string, now: number): Promise<RegisterRecord> {
  checkId(id, 'id');
  if (typeof change !== 'object' || change === null) invalid('the change must be an object { expectedVersion, body }');
  const expected = checkVersion(change.expectedVersion);
  const bodyText = jsonObjectText(change.body, 'body');
  const before = await findRecord(tx, id);
  if (before === undefined) throw notFound(id);
  if (before.version !== expected) throw versionConflict(id, expected, before.version);
  // The version condition is checked again by the UPDATE itself: a writer in
  // another process that committed after our read makes it match no row.
  const rows = await tx.query(`UPDATE register_records SET body = $1, version = version + 1, updated_at_ms = $2, updated_by = $3 WHERE id = $4 AND version = $5 RETURNING *`, [
    bodyText,
    now,
    user,
    id,
    expected,
  ]);
  if (rows.length === 0) throw versionConflict(id, expected, undefined);
  const after = toRecord(rows[0]);
  await writeAudit(tx, now, user, [{ enterprise: after.enterprise, entity: 'record', entityId: id, action: 'update', before: asJson(before), after: asJson(after) }]);
  return after;
}

export async function deleteRecord(tx: SqlExecutor, id: string, expectedVersion: number, user: string, now: number): Promise<void> {
  checkId(id, 'id');
  const expected = checkVersion(expectedVersion);
  const before = await findRecord(tx, id);
  if (before === undefined) throw notFound(id);
  if (before.version !== expected) throw versionConflict(id, expected, before.version);
  const rows = await tx.query(`DELETE FROM register_records WHERE id = $1 AND version = $2 RETURNING id`, [id, expected]);
  if (rows.length === 0) throw versionConflict(id, expected, undefined);
  await writeAudit(tx, now, user, [{ enterprise: before.enterprise, entity: 'record', entityId: id, action: 'delete', before: asJson(before), after: null }]);
}

/**
 * Inserts every record or none. Rows are checked first (shape, duplicate ids
 * within the file); an id that exists already is caught by the primary key
 * inside the transaction, which then rolls back, and reported with its row.
 */
export async function importRecords(tx: SqlExecutor, dialect: Dialect, records: readonly NewRecord[], user: string, now: number): Promise<string[]> {
  if (!Array.isArray(records)) invalid('an import takes an array of records');
  const checked = records.map((record, i) => checkNewRecord(record, i));
  const seen = new Map<string, number>();
  checked.forEach((r, i) => {
    const first = seen.get(r.id);
    if (first !== undefined) invalid(`id ${JSON.stringify(r.id)} appears already in row ${first}`, i);
    seen.set(r.id, i);
  });
  const rows = checked.map((r): SqlValue[] => [r.id, r.enterprise, r.kind, 1, r.bodyText, now, user, now, user]);
  try {
    await insertRows(tx, 'register_records', COLUMNS, rows);
  } catch (error) {
    if (dialect.isUniqueViolation(error))
      throw new ExistingIdsError(
        checked.map((r) => r.id),
        error,
      );
    throw error;
  }
  await writeAudit(
    tx,
    now,
    user,
    checked.map((r) => ({
      enterprise: r.enterprise,
      entity: 'record' as const,
      entityId: r.id,
      action: 'import' as const,
      before: null,
      after: { id: r.id, enterprise: r.enterprise, kind: r.kind, version: 1, body: JSON.parse(r.bodyText) as RegisterRecord['body'] },
    })),
  );
  return checked.map((r) => r.id);
}

/** Raised inside the import transaction; after the rollback the caller finds which row collided. */
export class ExistingIdsError extends LinewatchError<'LW_REGISTER_CONFLICT'> {
  constructor(
    readonly ids: readonly string[],
    cause: unknown,
  ) {
    super('LW_REGISTER_CONFLICT', 'an imported id exists already', { cause });
    this.name = 'ExistingIdsError';
  }
}

/** The first row of an import whose id is stored already, as a RegisterError. */
export async function existingIdError(q: SqlExecutor, ids: readonly string[]): Promise<RegisterError> {
  const existing = new Set<string>();
  for (let start = 0; start < ids.length; start += 1_000) {
    const chunk = ids.slice(start, start + 1_000);
    const rows = await q.query(`SELECT id FROM register_records WHERE id IN (${chunk.map((_, i) => `$${i + 1}`).join(', ')})`, chunk);
    for (const row of rows) existing.add(String(row.id));
  }
  const row = ids.findIndex((id) => existing.has(id));
  if (row < 0) return new RegisterError('LW_REGISTER_CONFLICT', 'an imported id was stored by someone else during the import; nothing was imported');
  return new RegisterError('LW_REGISTER_CONFLICT', `row ${row}: a record with id ${JSON.stringify(ids[row])} exists already; nothing was imported`, { row });
}

/** A port object as an audit snapshot (it is plain JSON: strings, numbers, objects). */
export function asJson(value: object): JsonValue {
  return value as unknown as JsonValue;
}

function notFound(id: string): RegisterError {
  return new RegisterError('LW_REGISTER_NOT_FOUND', `no record ${JSON.stringify(id)}`);
}

function versionConflict(id: string, expected: number, actual: number | undefined): RegisterError {
  const now = actual === undefined ? 'it was just changed by someone else' : `it is at version ${actual}`;
  return new RegisterError('LW_REGISTER_CONFLICT', `record ${JSON.stringify(id)} was expected at version ${expected} but ${now}; reload it and edit again`);
}
