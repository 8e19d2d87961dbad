/**
 * Rows as the drivers return them, mapped to the port's types. PostgreSQL
 * returns BIGINT as a string and JSONB parsed; DuckDB returns BIGINT as a
 * bigint and JSON as text: these helpers take either.
 */
import type { AuditEntry, ClassEntry, Draw, JsonObject, JsonValue, Proposal, RegisterRecord } from '../port.js';
import type { Row } from './driver.js';

export function num(value: unknown): number {
  return typeof value === 'number' ? value : Number(value);
}

function iso(value: unknown): string {
  return new Date(num(value)).toISOString();
}

function isoOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : iso(value);
}

function json(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? (JSON.parse(value) as JsonValue) : (value as JsonValue);
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}

export function toRecord(row: Row): RegisterRecord {
  return {
    id: String(row.id),
    enterprise: String(row.enterprise),
    kind: String(row.kind),
    version: num(row.version),
    body: json(row.body) as JsonObject,
    createdAt: iso(row.created_at_ms),
    createdBy: String(row.created_by),
    updatedAt: iso(row.updated_at_ms),
    updatedBy: String(row.updated_by),
  };
}

export function toAudit(row: Row): AuditEntry {
  return {
    seq: num(row.seq),
    at: iso(row.at_ms),
    user: String(row.user_id),
    enterprise: textOrNull(row.enterprise),
    entity: String(row.entity) as AuditEntry['entity'],
    entityId: String(row.entity_id),
    action: String(row.action) as AuditEntry['action'],
    before: json(row.before_json),
    after: json(row.after_json),
  };
}

export function toClassEntry(row: Row): ClassEntry {
  return {
    enterprise: String(row.enterprise),
    seq: num(row.seq),
    class: String(row.class) as ClassEntry['class'],
    effectiveFrom: String(row.effective_from),
    decidedBy: String(row.decided_by),
    reason: String(row.reason),
    proposalId: textOrNull(row.proposal_id),
    recordedAt: iso(row.recorded_at_ms),
  };
}

export function toProposal(row: Row): Proposal {
  return {
    id: String(row.id),
    enterprise: String(row.enterprise),
    fromClass: textOrNull(row.from_class) as Proposal['fromClass'],
    toClass: String(row.to_class) as Proposal['toClass'],
    basis: json(row.basis) as JsonObject,
    status: String(row.status) as Proposal['status'],
    createdAt: iso(row.created_at_ms),
    createdBy: String(row.created_by),
    decidedAt: isoOrNull(row.decided_at_ms),
    decidedBy: textOrNull(row.decided_by),
    decisionReason: textOrNull(row.decision_reason),
    supersededBy: textOrNull(row.superseded_by),
  };
}

export function toDraw(row: Row): Draw {
  return {
    id: String(row.id),
    period: String(row.period),
    seed: String(row.seed),
    parameters: json(row.parameters),
    picks: json(row.picks),
    published: row.published === true || row.published === 'true',
    publishedAt: isoOrNull(row.published_at_ms),
    publishedBy: textOrNull(row.published_by),
    createdAt: iso(row.created_at_ms),
    createdBy: String(row.created_by),
  };
}
