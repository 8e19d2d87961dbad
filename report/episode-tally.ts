/**
 * The alert episodes of one enterprise in a month, from the stored alert
 * events (protocol/event-log/alert-records.ts encodeAlertRecord: kinds raised,
 * updated, escalated, acknowledged, resolved; `data.alert` is the episode's
 * state after the event, monitor/alert.ts). An episode is one series'
 * trouble from its first signal until it resolves; every rule that fires
 * while it is open counts on it, and its severity can rise. The tally keeps
 * the latest state of each episode id, and from the events themselves what
 * a state alone does not keep: whether it resolved by itself before a person
 * gave it a cause.
 *
 * Only events inside the month are read, so the figures are those known at
 * the month's end: a report of January reads the same whether it is made on
 * 1 February or in June.
 */
import { ALERT_RULES, AUTO_RESOLVER, SEVERITIES, severityRank, type AlertSeverity } from '../monitor/alert.js';
import type { StoredEvent } from '../store/port.js';
import { median } from './median.js';
import type { EpisodeMonth, SeverityCounts } from './report-types.js';

const ALERT_KINDS = new Set(['raised', 'updated', 'escalated', 'acknowledged', 'resolved']);
const STATUS_RANK: Readonly<Record<string, number>> = { active: 0, acknowledged: 1, resolved: 2 };

/** What the report needs of one episode raised in the month, as it stood at the month's end. */
export interface EpisodeFacts {
  readonly id: string;
  readonly line: string;
  readonly characteristic: string;
  /** Every rule that fired on it, each once, in the order they first fired. */
  readonly rules: readonly string[];
  /** The highest severity it reached. */
  readonly severity: AlertSeverity;
  /** Its severity rose after it was raised. */
  readonly escalated: boolean;
  readonly raisedAt: number;
  /** When a person acknowledged it; null when nobody had. */
  readonly acknowledgedAt: number | null;
  /** When it resolved, by itself or by a person; null while open. */
  readonly resolvedAt: number | null;
  readonly resolvedBy: 'auto' | 'person' | null;
  /** The cause a person gave (resolution first, else acknowledgement); null when none. */
  readonly cause: string | null;
}

/** The state of one episode read off a stored event, and how far along it is. */
interface State {
  at: number;
  status: number;
  resolvedByPerson: boolean;
  count: number;
  line: string;
  characteristic: string;
  rules: string[];
  severity: AlertSeverity;
  raisedAt: number;
  acknowledged: { at: number; cause: string | null } | null;
  resolved: { at: number; by: string; cause: string | null } | null;
}

interface Tracked {
  state: State;
  /** Severity of the 'raised' event, when it is in the month. */
  raisedSeverity: AlertSeverity | null;
  escalatedEvent: boolean;
  /** The first automatic resolution seen (a person may give the cause afterwards, replacing `resolved`). */
  autoResolvedAt: number | null;
  /** A person acknowledged or resolved it in the month. */
  actedOnInMonth: boolean;
}

export function isAlertEvent(e: StoredEvent): boolean {
  return ALERT_KINDS.has(e.kind);
}

export function emptySeverityCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0 };
}

const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
const text = (x: unknown): string | null => (typeof x === 'string' && x !== '' ? x : null);
const record = (x: unknown): Record<string, unknown> | null => (x !== null && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : null);
const isSeverity = (x: string | null): x is AlertSeverity => x !== null && (SEVERITIES as readonly string[]).includes(x);

/** The rules of a state: its evidence list, or (an alert stored before episodes, one per series and rule) its one rule. */
function rulesOf(a: Record<string, unknown> | null, e: StoredEvent): string[] | null {
  const out: string[] = [];
  if (Array.isArray(a?.rules)) {
    for (const r of a.rules) {
      const rule = text(record(r)?.rule);
      if (rule === null) return null;
      if (!out.includes(rule)) out.push(rule);
    }
  }
  if (out.length > 0) return out;
  const rule = text(a?.rule) ?? text(e.rule);
  return rule === null ? null : [rule];
}

function actionOf(x: unknown): { at: number; by: string; cause: string | null } | null {
  const r = record(x);
  const at = num(r?.at);
  return r === null || at === null ? null : { at, by: text(r.by) ?? '', cause: text(r.cause) };
}

/** An episode's state from a stored event; null when the event lacks what the figures need. */
function readState(e: StoredEvent): State | null {
  const a = record(e.data?.alert);
  const severity = text(a?.severity) ?? text(e.severity);
  // The state's raisedAt, or the raised event itself: the journal never drops a 'raised' event.
  const raisedAt = num(a?.raisedAt) ?? (e.kind === 'raised' ? e.at : null);
  const rules = rulesOf(a, e);
  if (!isSeverity(severity) || raisedAt === null || rules === null) return null;
  const resolved = actionOf(a?.resolved) ?? (e.kind === 'resolved' ? { at: e.at, by: e.by ?? '', cause: null } : null);
  const acknowledged = actionOf(a?.acknowledged) ?? (e.kind === 'acknowledged' ? { at: e.at, by: e.by ?? '', cause: null } : null);
  const status = STATUS_RANK[text(a?.status) ?? ''] ?? (resolved ? 2 : acknowledged ? 1 : 0);
  return {
    at: e.at,
    status,
    resolvedByPerson: resolved !== null && resolved.by !== AUTO_RESOLVER,
    count: num(a?.count) ?? 0,
    line: text(a?.line) ?? text(e.line) ?? '',
    characteristic: text(a?.characteristic) ?? text(e.characteristic) ?? '',
    rules,
    severity,
    raisedAt,
    acknowledged: acknowledged && { at: acknowledged.at, cause: acknowledged.cause },
    resolved,
  };
}

/**
 * Whether `next` is a later state than `kept`. By event time first; events
 * of one instant are stored in id and kind order, not in the order they
 * happened (an 'escalated' sorts after an 'acknowledged' of the same
 * millisecond), so within an instant the state further along wins: a higher
 * status, a person's resolution over an automatic one, more signals counted.
 */
function isLater(next: State, kept: State): boolean {
  if (next.at !== kept.at) return next.at > kept.at;
  if (next.status !== kept.status) return next.status > kept.status;
  if (next.resolvedByPerson !== kept.resolvedByPerson) return next.resolvedByPerson;
  return next.count >= kept.count;
}

export class EpisodeTally {
  private readonly tracked = new Map<string, Tracked>();
  /** Events that are alert events by kind but miss what the figures need. */
  unreadable = 0;

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** Takes one stored event of the month (other kinds are ignored); oldest first. */
  add(e: StoredEvent): void {
    if (!isAlertEvent(e) || e.at < this.from || e.at >= this.to) return;
    const state = readState(e);
    if (state === null) {
      this.unreadable += 1;
      return;
    }
    let t = this.tracked.get(e.id);
    if (!t) {
      t = { state, raisedSeverity: null, escalatedEvent: false, autoResolvedAt: null, actedOnInMonth: false };
      this.tracked.set(e.id, t);
    } else if (isLater(state, t.state)) {
      t.state = state;
    }
    if (e.kind === 'raised') t.raisedSeverity = state.severity;
    if (e.kind === 'escalated') t.escalatedEvent = true;
    if (e.kind === 'resolved' && state.resolved !== null) {
      if (state.resolved.by === AUTO_RESOLVER) t.autoResolvedAt ??= e.at;
      else t.actedOnInMonth = true;
    }
    if (e.kind === 'acknowledged') t.actedOnInMonth = true;
  }

  /** The episodes raised in the month, as they stood at its end. */
  episodes(): EpisodeFacts[] {
    const out: EpisodeFacts[] = [];
    for (const [id, t] of this.tracked) {
      const s = t.state;
      if (s.raisedAt < this.from || s.raisedAt >= this.to) continue;
      // Actions after the month's end cannot be in an event of the month, but a state's own field could claim one.
      const ack = s.acknowledged !== null && s.acknowledged.at < this.to ? s.acknowledged : null;
      const res = s.resolved !== null && s.resolved.at < this.to ? s.resolved : null;
      const auto = t.autoResolvedAt ?? (res?.by === AUTO_RESOLVER ? res.at : null);
      out.push({
        id,
        line: s.line,
        characteristic: s.characteristic,
        rules: s.rules,
        severity: s.severity,
        escalated: t.escalatedEvent || (t.raisedSeverity !== null && severityRank(s.severity) > severityRank(t.raisedSeverity)),
        raisedAt: s.raisedAt,
        acknowledgedAt: ack?.at ?? null,
        resolvedAt: auto ?? res?.at ?? null,
        resolvedBy: auto !== null ? 'auto' : res !== null ? 'person' : null,
        cause: res?.cause ?? ack?.cause ?? null,
      });
    }
    return out;
  }

  /** Episodes raised before the month that a person acknowledged or resolved in it. */
  earlierActedOn(): number {
    let n = 0;
    for (const t of this.tracked.values()) if (t.state.raisedAt < this.from && t.actedOnInMonth) n += 1;
    return n;
  }
}

/** Rule -> episodes it fired on: every known rule (0 when none), most telling first, then any other rule stored. */
function ruleCounts(episodes: readonly EpisodeFacts[]): Record<string, number> {
  const counts = new Map<string, number>(ALERT_RULES.map((r) => [r, 0]));
  const others = new Set<string>();
  for (const e of episodes) {
    for (const rule of e.rules) {
      if (!counts.has(rule)) others.add(rule);
      counts.set(rule, (counts.get(rule) ?? 0) + 1);
    }
  }
  const order = [...ALERT_RULES, ...[...others].sort()];
  return Object.fromEntries(order.map((r) => [r, counts.get(r) ?? 0]));
}

/** The month's figures of a set of episodes (one enterprise's, or the cluster's). */
export function summarizeEpisodes(episodes: readonly EpisodeFacts[], earlierEpisodesActedOn: number): EpisodeMonth {
  const bySeverity = emptySeverityCounts();
  const toAck: number[] = [];
  const toResolve: number[] = [];
  const toAutoResolve: number[] = [];
  let escalated = 0;
  for (const e of episodes) {
    bySeverity[e.severity] += 1;
    if (e.escalated) escalated += 1;
    if (e.acknowledgedAt !== null) toAck.push(e.acknowledgedAt - e.raisedAt);
    if (e.resolvedAt !== null) (e.resolvedBy === 'auto' ? toAutoResolve : toResolve).push(e.resolvedAt - e.raisedAt);
  }
  return {
    raised: episodes.length,
    bySeverity,
    byRule: ruleCounts(episodes),
    escalated,
    acknowledged: toAck.length,
    resolved: toResolve.length + toAutoResolve.length,
    resolvedByPerson: toResolve.length,
    resolvedAutomatically: toAutoResolve.length,
    openAtMonthEnd: episodes.length - toResolve.length - toAutoResolve.length,
    medianTimeToAcknowledgeMs: median(toAck),
    medianTimeToResolveMs: median(toResolve),
    medianTimeToAutoResolveMs: median(toAutoResolve),
    earlierEpisodesActedOn,
  };
}
