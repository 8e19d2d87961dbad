/**
 * Stored risk assessments (kind `risk.assessed`, event-kinds.ts): an
 * enterprise's assessment and the state of its supervision class, written by
 * the analytics risk loop (analytics/risk/risk-publisher.ts decides which)
 * and read back by recovery (the class state), the monthly report (the risk
 * trend) and the stand-alone dashboard.
 *
 * `data.summary` is the EnterpriseRiskSummary as the API shows it and the
 * bus's risk topic carries it, checked by the same schema (risk-summary.ts);
 * `data.classState` the class state then, or null. A class state stored
 * before the class ran in sample time lacks `pending`, `pendingSince` and
 * `pendingForMs`; it still decodes, and recovery decides what to do with it.
 */
import Type from 'typebox';
import type { EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';
import type { ClassState } from '../../risk/supervision.js';
import type { JsonValue, StoredEvent } from '../../domain/event-log-record.js';
import { RISK_EVENT_KIND, riskEventId } from '../event-kinds.js';
import type { Decoded } from '../json-decoder.js';
import { RiskSummarySchema } from '../risk-summary.js';
import { recordCheck, refused } from './record-check.js';

const Class = Type.Enum(['A', 'B', 'C']);

export const StoredClassStateSchema = Type.Object({
  smoothed: Type.Number(),
  suggested: Class,
  pending: Type.Optional(Type.Union([Class, Type.Null()])),
  pendingSince: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  pendingForMs: Type.Optional(Type.Number()),
  at: Type.Number(),
});

/** A class state as stored: the fields of ClassState, those added later optional. */
export type StoredClassState = Type.Static<typeof StoredClassStateSchema>;

/** One stored assessment, decoded. */
export interface RiskAssessmentRecord {
  readonly enterprise: string;
  readonly at: number;
  readonly summary: EnterpriseRiskSummary;
  readonly classState: StoredClassState | null;
}

const checkSummary = recordCheck(RiskSummarySchema, 'data.summary');
const checkClassState = recordCheck(Type.Union([StoredClassStateSchema, Type.Null()]), 'data.classState');

/** The one way an assessment is written to the log. */
export function encodeRiskRecord(summary: EnterpriseRiskSummary, classState: ClassState | null): StoredEvent {
  return {
    id: riskEventId(summary.id),
    at: summary.at,
    kind: RISK_EVENT_KIND,
    enterprise: summary.id,
    data: { summary: summaryJson(summary), classState: classState && classStateJson(classState) },
  };
}

/** A stored assessment, or the reason (with the path) it is not one. Never throws. */
export function decodeRiskRecord(record: StoredEvent): Decoded<RiskAssessmentRecord> {
  if (record.kind !== RISK_EVENT_KIND) return refused('kind', `expected ${JSON.stringify(RISK_EVENT_KIND)}, got ${JSON.stringify(record.kind)}`);
  if (record.bodyProblem !== undefined) return refused('body', record.bodyProblem);
  const summary = checkSummary(record.data?.summary);
  if (!summary.ok) return summary;
  if (summary.value.id !== record.enterprise) return refused('data.summary.id', `${JSON.stringify(summary.value.id)} is not the record's enterprise ${JSON.stringify(record.enterprise)}`);
  // Absent in a record written before class states were kept: read as none.
  const classState = checkClassState(record.data?.classState ?? null);
  if (!classState.ok) return classState;
  return { ok: true, value: { enterprise: record.enterprise, at: record.at, summary: summary.value, classState: classState.value } };
}

function summaryJson(s: EnterpriseRiskSummary): { readonly [key: string]: JsonValue } {
  return {
    id: s.id,
    name: s.name,
    score: s.score,
    level: s.level,
    registeredClass: s.registeredClass,
    suggestedClass: s.suggestedClass,
    classDiffers: s.classDiffers,
    lastInspection: s.lastInspection,
    nextInspection: s.nextInspection,
    inspectionDue: s.inspectionDue,
    activeAlerts: s.activeAlerts,
    topContributors: s.topContributors.map((c) => ({ line: c.line, characteristic: c.characteristic, diagnosis: c.diagnosis, score: c.score, share: c.share, summary: c.summary })),
    dataAgeMs: s.dataAgeMs,
    at: s.at,
  };
}

function classStateJson(c: ClassState): { readonly [key: string]: JsonValue } {
  return { smoothed: c.smoothed, suggested: c.suggested, pending: c.pending, pendingSince: c.pendingSince, pendingForMs: c.pendingForMs, at: c.at };
}
