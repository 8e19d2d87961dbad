/**
 * Reading the audit trail: newest first, filtered, paged by keyset (the
 * cursor is the last seq seen), so a page stays correct while new changes
 * are written.
 */
import type { AuditPage, AuditQuery } from '../port.js';
import { AUDIT_ENTITIES, checkId, checkLimit, checkTimestamp, invalid } from '../validate.js';
import type { SqlExecutor, SqlValue } from './driver.js';
import { toAudit } from './rows.js';

export const MAX_AUDIT_PAGE = 1_000;
const DEFAULT_AUDIT_PAGE = 100;

export async function queryAudit(q: SqlExecutor, query: AuditQuery): Promise<AuditPage> {
  const limit = checkLimit(query.limit, MAX_AUDIT_PAGE, DEFAULT_AUDIT_PAGE);
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (query.enterprise !== undefined) where.push(`enterprise = $${params.push(checkId(query.enterprise, 'enterprise'))}`);
  if (query.entity !== undefined) {
    if (!AUDIT_ENTITIES.includes(query.entity)) invalid(`entity must be one of ${AUDIT_ENTITIES.join(', ')}, got ${JSON.stringify(query.entity)}`);
    where.push(`entity = $${params.push(query.entity)}`);
  }
  if (query.entityId !== undefined) where.push(`entity_id = $${params.push(checkId(query.entityId, 'entityId'))}`);
  if (query.from !== undefined) where.push(`at_ms >= $${params.push(checkTimestamp(query.from, 'from'))}`);
  if (query.to !== undefined) where.push(`at_ms < $${params.push(checkTimestamp(query.to, 'to'))}`);
  if (query.cursor !== undefined) {
    const before = Number(query.cursor);
    if (typeof query.cursor !== 'string' || !/^[1-9]\d{0,15}$/.test(query.cursor) || !Number.isSafeInteger(before)) invalid(`cursor ${JSON.stringify(query.cursor)} is not one this register gave`);
    where.push(`seq < $${params.push(before)}`);
  }
  // One row more than the page says whether there is a next page.
  const rows = await q.query(`SELECT * FROM register_audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq DESC LIMIT ${limit + 1}`, params);
  const entries = rows.slice(0, limit).map(toAudit);
  return { entries, next: rows.length > limit ? String(entries[entries.length - 1].seq) : null };
}
