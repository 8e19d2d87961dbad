/**
 * The overview's table and counts, from what the page knows: the
 * enterprises of the session, their alerts, and the risk model's entries
 * when there are any. Pure, so the ranking reads the same everywhere.
 *
 * Order: by risk score when the model has scored an enterprise; otherwise
 * (and below the scored ones) by the worst active alert, the number of
 * active alerts and the newest one, so that without a risk model the
 * enterprises that need attention still come first.
 */
import type { LiveEnterprise } from '../../protocol/live-messages.js';
import { ruleName } from '../lib/episodes.js';
import { capitalise, characteristicLabel } from '../lib/format.js';
import { levelRank, type Level } from '../lib/levels.js';
import type { Alert } from './alerts-model.js';
import { compareFindings, FINDING_KIND_ORDER, type Finding, type FindingKind } from './findings-model.js';
import type { RiskEntry } from './risk-types.js';

export type SupervisionClass = 'A' | 'B' | 'C';

export interface ClusterRow {
  readonly id: string;
  readonly name: string;
  readonly registeredClass: SupervisionClass;
  readonly suggestedClass: SupervisionClass | null;
  readonly level: Level | null;
  readonly score: number | null;
  /** Worst severity among active (not yet acknowledged) alerts. */
  readonly attention: Level | null;
  readonly active: number;
  readonly acknowledged: number;
  readonly lastHour: number;
  /** Open findings of the enterprise by kind (only kinds it has), in FINDING_KIND_ORDER. */
  readonly findings: ReadonlyArray<{ readonly kind: FindingKind; readonly count: number; readonly severity: Level }>;
  readonly why: string;
  readonly nextInspection: string | null;
  readonly inspectionDue: boolean;
  readonly latestAlertAt: number;
}

export interface ClusterCounts {
  readonly enterprises: number;
  /** Enterprises at high or critical risk; without risk scores, those with high or critical active alerts. */
  readonly needAttention: number;
  /** Whether needAttention counts risk levels (true) or alerts (false). */
  readonly byRisk: boolean;
  readonly active: number;
  readonly acknowledged: number;
  readonly lastHour: number;
  readonly registered: Readonly<Record<SupervisionClass, number>>;
  /** Null until the risk model has suggested a class for anyone. */
  readonly suggested: Readonly<Record<SupervisionClass, number>> | null;
  /** Enterprises whose suggested class differs from the registered one. */
  readonly classChanges: ReadonlyArray<{ readonly id: string; readonly name: string; readonly from: SupervisionClass; readonly to: SupervisionClass }>;
}

export const HOUR_MS = 3_600_000;

export function clusterRows(enterprises: readonly LiveEnterprise[], alerts: Iterable<Alert>, risk: (id: string) => RiskEntry | undefined, now: number, findings: Iterable<Finding> = []): ClusterRow[] {
  const byEnterprise = new Map<string, Alert[]>();
  for (const a of alerts) {
    const list = byEnterprise.get(a.enterprise);
    if (list) list.push(a);
    else byEnterprise.set(a.enterprise, [a]);
  }
  const openFindings = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.status !== 'open') continue;
    const list = openFindings.get(f.enterprise);
    if (list) list.push(f);
    else openFindings.set(f.enterprise, [f]);
  }
  const rows = enterprises.map((e) => row(e, byEnterprise.get(e.id) ?? [], risk(e.id), now, openFindings.get(e.id) ?? []));
  return rows.sort(compareRows);
}

function row(e: LiveEnterprise, alerts: readonly Alert[], r: RiskEntry | undefined, now: number, findings: readonly Finding[]): ClusterRow {
  let active = 0;
  let acknowledged = 0;
  let lastHour = 0;
  let attention: Level | null = null;
  let worst: Alert | null = null;
  let latestAlertAt = 0;
  for (const a of alerts) {
    if (a.raisedAt >= now - HOUR_MS) lastHour += 1;
    latestAlertAt = Math.max(latestAlertAt, a.raisedAt);
    if (a.status === 'acknowledged') acknowledged += 1;
    if (a.status !== 'active') continue;
    active += 1;
    if (levelRank(a.severity) > levelRank(attention)) attention = a.severity;
    if (!worst || levelRank(a.severity) > levelRank(worst.severity) || (a.severity === worst.severity && a.raisedAt > worst.raisedAt)) worst = a;
  }
  return {
    id: e.id,
    name: e.name,
    registeredClass: e.class,
    suggestedClass: r?.suggestedClass ?? null,
    level: r?.level ?? null,
    score: r?.score ?? null,
    attention,
    active,
    acknowledged,
    lastHour,
    findings: findingKinds(findings),
    why: explain(r, worst, active, findings),
    nextInspection: r?.nextInspection ?? null,
    inspectionDue: r?.inspectionDue === true,
    latestAlertAt,
  };
}

function findingKinds(findings: readonly Finding[]): ClusterRow['findings'] {
  return FINDING_KIND_ORDER.flatMap((kind) => {
    const of = findings.filter((f) => f.kind === kind);
    if (of.length === 0) return [];
    const severity = of.reduce<Level>((w, f) => (levelRank(f.severity) > levelRank(w) ? f.severity : w), 'low');
    return [{ kind, count: of.length, severity }];
  });
}

function explain(r: RiskEntry | undefined, worst: Alert | null, active: number, findings: readonly Finding[]): string {
  const top = r?.topContributors?.[0];
  if (top) return `${top.line} · ${characteristicLabel(top.characteristic)}: ${top.diagnosis}${top.summary ? ` (${top.summary})` : ''}`;
  const finding = [...findings].sort((a, b) => levelRank(b.severity) - levelRank(a.severity) || compareFindings(a, b))[0];
  if (finding) return finding.summary;
  if (worst) {
    const more = active > 1 ? `, and ${active - 1} more` : '';
    const where = worst.rule === 'riskLevel' ? `: score ${worst.lastValue.toFixed(0)}` : ` on ${worst.line} · ${characteristicLabel(worst.characteristic)}`;
    return `${capitalise(ruleName(worst.rule))}${where}${more}`;
  }
  return 'No open episodes';
}

function compareRows(a: ClusterRow, b: ClusterRow): number {
  if (a.score !== null || b.score !== null) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    if (a.score !== b.score) return b.score - a.score;
  }
  return levelRank(b.attention) - levelRank(a.attention) || b.active - a.active || b.latestAlertAt - a.latestAlertAt || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

export function clusterCounts(rows: readonly ClusterRow[]): ClusterCounts {
  const registered: Record<SupervisionClass, number> = { A: 0, B: 0, C: 0 };
  const suggested: Record<SupervisionClass, number> = { A: 0, B: 0, C: 0 };
  let anySuggested = false;
  const anyScored = rows.some((r) => r.level !== null);
  let needAttention = 0;
  let active = 0;
  let acknowledged = 0;
  let lastHour = 0;
  const classChanges: Array<ClusterCounts['classChanges'][number]> = [];
  for (const r of rows) {
    registered[r.registeredClass] += 1;
    if (r.suggestedClass && r.suggestedClass !== r.registeredClass) classChanges.push({ id: r.id, name: r.name, from: r.registeredClass, to: r.suggestedClass });
    if (r.suggestedClass) {
      suggested[r.suggestedClass] += 1;
      anySuggested = true;
    }
    // The risk model already weighs an enterprise's alerts; without it, high or critical active alerts are the best sign.
    if (levelRank(r.level ?? (anyScored ? null : r.attention)) >= levelRank('high')) needAttention += 1;
    active += r.active;
    acknowledged += r.acknowledged;
    lastHour += r.lastHour;
  }
  return { enterprises: rows.length, needAttention, byRisk: anyScored, active, acknowledged, lastHour, registered, suggested: anySuggested ? suggested : null, classChanges };
}
