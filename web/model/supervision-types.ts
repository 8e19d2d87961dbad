/**
 * The supervision API's answers as the page reads them (dashboard/api/
 * register-records.ts and supervision.ts). Declared here, from the pure
 * supervision/ types. The record, audit, class-history and proposal shapes
 * are the server's own (type-only imports of pure modules); the views the
 * service module builds are declared here, because that module needs Node.
 */
import type { SupervisionClass } from '../../supervision/records.js';
import type { ClassEntry, Proposal as RegisterProposal } from '../../register/port.js';
import type { ConditionResult } from '../../supervision/condition-result.js';
import type { TargetResult } from '../../supervision/class-targets.js';

export type { RecordView } from '../../supervision-service/stored-records.js';
export type { AuditEntry, ClassEntry, JsonValue, ProposalStatus } from '../../register/port.js';

/** The register's proposal, with the basis the service stores in it typed for the page. */
export interface Proposal extends Omit<RegisterProposal, 'basis'> {
  /** The service stores trigger, why, asOf, summary and the conditions. */
  readonly basis: { readonly trigger?: string; readonly why?: string; readonly asOf?: string; readonly summary?: string; readonly conditions?: readonly ConditionResult[] };
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
