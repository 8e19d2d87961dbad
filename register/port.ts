/**
 * The supervision register's port: records, their audit trail, the registered
 * class with its history, class proposals and inspection draws. Two adapters
 * (embedded DuckDB, PostgreSQL) pass one contract suite
 * (test/contract/register.contract.ts).
 *
 * Records are generic here (kind + JSON body): supervision/ types the bodies.
 * Times are ISO 8601 UTC strings with milliseconds; dates (`effectiveFrom`)
 * are `YYYY-MM-DD`. Every method is async and fails only with a RegisterError.
 */

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { readonly [key: string]: JsonValue };

export type RegisteredClass = 'A' | 'B' | 'C';

export interface RegisterRecord {
  readonly id: string;
  readonly enterprise: string;
  /** tax, certificate, calibration, spot-check, ... (supervision/ names them; the register does not restrict them). */
  readonly kind: string;
  /** 1 on creation, +1 on each update. */
  readonly version: number;
  readonly body: JsonObject;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface NewRecord {
  /** Generated (a UUID) when absent. */
  readonly id?: string;
  readonly enterprise: string;
  readonly kind: string;
  readonly body: JsonObject;
}

export interface RecordFilter {
  readonly enterprise?: string;
  readonly kind?: string;
}

export interface RecordChange {
  /** The version the editor read; another version means someone else saved first. */
  readonly expectedVersion: number;
  readonly body: JsonObject;
}

/** Limits a read to one enterprise: another enterprise's record is reported as not found. */
export interface EnterpriseScope {
  readonly enterprise?: string;
}

export interface ImportResult {
  readonly imported: number;
  readonly ids: readonly string[];
}

export type AuditEntity = 'record' | 'class' | 'proposal' | 'draw';
export type AuditAction = 'create' | 'update' | 'delete' | 'import' | 'seed' | 'supersede' | 'accept' | 'reject' | 'withdraw' | 'publish';

export interface AuditEntry {
  /** Increasing with every change; the paging cursor. */
  readonly seq: number;
  readonly at: string;
  readonly user: string;
  /** null for changes that belong to no enterprise (draws). */
  readonly enterprise: string | null;
  readonly entity: AuditEntity;
  readonly entityId: string;
  readonly action: AuditAction;
  readonly before: JsonValue;
  readonly after: JsonValue;
}

export interface AuditQuery {
  readonly enterprise?: string;
  readonly entity?: AuditEntity;
  readonly entityId?: string;
  /** Inclusive, ISO 8601 with a zone. */
  readonly from?: string;
  /** Exclusive. */
  readonly to?: string;
  /** 1..1000, default 100. */
  readonly limit?: number;
  /** The `next` of the previous page. */
  readonly cursor?: string;
}

export interface AuditPage {
  /** Newest first. */
  readonly entries: readonly AuditEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  readonly next: string | null;
}

export interface ClassEntry {
  readonly enterprise: string;
  /** 1, 2, ... per enterprise, in the order decided. */
  readonly seq: number;
  readonly class: RegisteredClass;
  readonly effectiveFrom: string;
  readonly decidedBy: string;
  readonly reason: string;
  readonly proposalId: string | null;
  readonly recordedAt: string;
}

export interface ClassSeed {
  readonly enterprise: string;
  readonly class: RegisteredClass;
  /** YYYY-MM-DD; default the day of seeding. */
  readonly effectiveFrom?: string;
}

export type ProposalStatus = 'pending' | 'accepted' | 'rejected' | 'withdrawn' | 'superseded';

export interface Proposal {
  readonly id: string;
  readonly enterprise: string;
  /** The registered class when the proposal was made; null if none was registered. */
  readonly fromClass: RegisteredClass | null;
  readonly toClass: RegisteredClass;
  /** Why: the conditions and evidence (supervision/ types it). */
  readonly basis: JsonObject;
  readonly status: ProposalStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
  readonly decisionReason: string | null;
  /** The proposal that replaced this one (status superseded). */
  readonly supersededBy: string | null;
}

export interface NewProposal {
  readonly id?: string;
  readonly enterprise: string;
  readonly toClass: RegisteredClass;
  readonly basis: JsonObject;
}

export interface ProposalCreated {
  readonly proposal: Proposal;
  /** The pending proposal of the same enterprise this one replaced, now `superseded`. */
  readonly superseded: Proposal | null;
}

export interface ProposalFilter {
  readonly enterprise?: string;
  readonly status?: ProposalStatus;
}

export interface Decision {
  readonly action: 'accept' | 'reject' | 'withdraw';
  readonly reason: string;
  /** For accept: when the new class applies, YYYY-MM-DD; default the day of the decision. */
  readonly effectiveFrom?: string;
}

export interface Draw {
  readonly id: string;
  /** e.g. 2026-Q1; free text. */
  readonly period: string;
  readonly seed: string;
  readonly parameters: JsonValue;
  readonly picks: JsonValue;
  readonly published: boolean;
  readonly publishedAt: string | null;
  readonly publishedBy: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
}

export interface NewDraw {
  readonly id?: string;
  readonly period: string;
  readonly seed: string;
  readonly parameters: JsonValue;
  readonly picks: JsonValue;
}

export interface Register {
  readonly backend: 'embedded' | 'postgres';

  listRecords(filter?: RecordFilter): Promise<RegisterRecord[]>;
  getRecord(id: string, scope?: EnterpriseScope): Promise<RegisterRecord>;
  createRecord(record: NewRecord, user: string): Promise<RegisterRecord>;
  updateRecord(id: string, change: RecordChange, user: string): Promise<RegisterRecord>;
  deleteRecord(id: string, expectedVersion: number, user: string): Promise<void>;
  /** All or nothing: one transaction; a bad row refuses the whole import (RegisterError.row). New ids only. */
  importRecords(records: readonly NewRecord[], user: string): Promise<ImportResult>;

  queryAudit(query?: AuditQuery): Promise<AuditPage>;

  classHistory(enterprise: string): Promise<ClassEntry[]>;
  /** The latest decided class, or null if none was ever registered. */
  currentClass(enterprise: string): Promise<ClassEntry | null>;
  /** The latest entry of every enterprise that has one. */
  currentClasses(): Promise<ClassEntry[]>;
  /** Registers the class of enterprises that have none yet (others are left alone); returns how many were seeded. */
  seedClasses(seeds: readonly ClassSeed[], user: string): Promise<number>;

  /** At most one pending proposal per enterprise: a new one supersedes the pending one. */
  createProposal(proposal: NewProposal, user: string): Promise<ProposalCreated>;
  getProposal(id: string): Promise<Proposal>;
  /** Newest first. */
  listProposals(filter?: ProposalFilter): Promise<Proposal[]>;
  /** Only a pending proposal can be decided; accept appends to the class history in the same transaction. */
  decideProposal(id: string, decision: Decision, user: string): Promise<Proposal>;

  createDraw(draw: NewDraw, user: string): Promise<Draw>;
  getDraw(id: string): Promise<Draw>;
  /** Newest first. */
  listDraws(filter?: { readonly period?: string }): Promise<Draw[]>;
  /** Publishes once; a published draw cannot change. */
  publishDraw(id: string, user: string): Promise<Draw>;

  /** Waits for running calls; later calls fail with LW_REGISTER_CLOSED. */
  close(): Promise<void>;
}
