/**
 * The audit trail: written by the same transaction as the change it
 * describes, so there is never a change without its entry or an entry
 * without its change.
 */
import type { AuditAction, AuditEntity, JsonValue } from '../port.js';
import type { SqlExecutor, SqlValue } from './driver.js';
import { columns, insertRows } from './insert-rows.js';

export interface AuditInsert {
  readonly enterprise: string | null;
  readonly entity: AuditEntity;
  readonly entityId: string;
  readonly action: AuditAction;
  readonly before: JsonValue;
  readonly after: JsonValue;
}

const COLUMNS = columns('at_ms:bigint', 'user_id:text', 'enterprise:text', 'entity:text', 'entity_id:text', 'action:text', 'before_json:json', 'after_json:json');

export async function writeAudit(tx: SqlExecutor, atMs: number, user: string, entries: readonly AuditInsert[]): Promise<void> {
  const rows = entries.map((e): SqlValue[] => [atMs, user, e.enterprise, e.entity, e.entityId, e.action, jsonOrNull(e.before), jsonOrNull(e.after)]);
  await insertRows(tx, 'register_audit', COLUMNS, rows);
}

function jsonOrNull(value: JsonValue): string | null {
  return value === null ? null : JSON.stringify(value);
}
