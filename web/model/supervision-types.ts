/**
 * The supervision API's answers as the page reads them (dashboard/api/
 * register-records.ts and supervision.ts). Declared here, from the pure
 * supervision/ types, because the page cannot import the server's service
 * module (it needs Node).
 */
import type { SupervisionClass, SupervisionRecord } from '../../supervision/records.js';
import type { ConditionResult } from '../../supervision/condition-result.js';
import type { TargetResult } from '../../supervision/class-targets.js';

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

export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly user: string;
  readonly enterprise: string | null;
  readonly entity: 'record' | 'class' | 'proposal' | 'draw';
  readonly entityId: string;
  readonly action: string;
  readonly before: JsonValue;
  readonly after: JsonValue;
}

export interface ClassEntry {
  readonly enterprise: string;
  readonly seq: number;
  readonly class: SupervisionClass;
  readonly effectiveFrom: string;
  readonly decidedBy: string;
  readonly reason: string;
  readonly proposalId: string | null;
  readonly recordedAt: string;
}

export type ProposalStatus = 'pending' | 'accepted' | 'rejected' | 'withdrawn' | 'superseded';

export interface Proposal {
  readonly id: string;
  readonly enterprise: string;
  readonly fromClass: SupervisionClass | null;
  readonly toClass: SupervisionClass;
  /** The service stores trigger, why, asOf, summary and the conditions. */
  readonly basis: { readonly trigger?: string; readonly why?: string; readonly asOf?: string; readonly summary?: string; readonly conditions?: readonly ConditionResult[] };
  readonly status: ProposalStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly decidedAt: string | null;
  readonly decidedBy: string | null;
  readonly decisionReason: string | null;
  readonly supersededBy: string | null;
}

export interface ClassView {
  readonly enterprise: string;
  readonly name: string;
  readonly registered: ClassEntry | null;
  /** Oldest first. */
  readonly history: readonly ClassEntry[];
  readonly suggestion: { readonly asOf: string; readonly suggested: SupervisionClass; readonly summary: string; readonly conditions: readonly ConditionResult[]; readonly excludedDays: number };
  readonly pendingProposal: Proposal | null;
}

export interface DrawPickView {
  readonly enterprise: string;
  readonly class: SupervisionClass;
  readonly risk: number;
  readonly weight: number;
  readonly inspectors: readonly string[];
}

export interface DrawView {
  readonly id: string;
  readonly period: string;
  readonly seed: string;
  readonly picks: readonly DrawPickView[];
  readonly published: boolean;
  readonly publishedAt: string | null;
  readonly publishedBy: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly reproducible: boolean;
}

export interface TargetsView {
  readonly asOf: string;
  readonly counts: Readonly<Record<SupervisionClass, number>>;
  readonly targets: readonly TargetResult[];
  readonly pendingProposals: number;
}
