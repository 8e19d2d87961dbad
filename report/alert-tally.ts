/**
 * The alerts of one enterprise in a month, from the stored alert events
 * (analytics/alerts/alert-journal.ts toStoredEvent: kinds raised, updated,
 * acknowledged, resolved; `data.alert` is the alert's state after the event).
 *
 * Only events inside the month are read, so the figures are those known at
 * the month's end: a report of January reads the same whether it is made on
 * 1 February or in June.
 */
import type { AlertSeverity } from '../monitor/alert.js';
import type { AlertEvent as StoredEvent } from '../store/port.js';
import { median } from './median.js';
import type { AlertMonth, SeverityCounts } from './report-types.js';

const ALERT_KINDS = new Set(['raised', 'updated', 'escalated', 'acknowledged', 'resolved']);
const SEVERITIES: readonly AlertSeverity[] = ['critical', 'high', 'medium', 'low'];

interface Tracked {
  rule: string;
  severity: AlertSeverity;
  line: string;
  characteristic: string;
  raisedAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  /** An acknowledged or resolved event of it lies in the month. */
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

export class AlertTally {
  private readonly alerts = new Map<string, Tracked>();
  /** Events that are alert events by kind but miss what the figures need. */
  unreadable = 0;

  constructor(
    private readonly from: number,
    private readonly to: number,
  ) {}

  /** Takes one stored alert event of the month (others are ignored); oldest first. */
  add(e: StoredEvent): void {
    if (!isAlertEvent(e)) return;
    const a = record(e.data?.alert);
    const severity = text(e.severity) ?? text(a?.severity);
    const rule = text(e.rule) ?? text(a?.rule);
    // The state's raisedAt, or the raised event itself: the journal never drops a 'raised' event.
    const raisedAt = num(a?.raisedAt) ?? (e.kind === 'raised' ? e.at : null);
    if (severity === null || !SEVERITIES.includes(severity as AlertSeverity) || rule === null || raisedAt === null) {
      this.unreadable += 1;
      return;
    }
    let t = this.alerts.get(e.id);
    if (!t) {
      t = {
        rule,
        severity: severity as AlertSeverity,
        line: text(e.line) ?? text(a?.line) ?? '',
        characteristic: text(e.characteristic) ?? text(a?.characteristic) ?? '',
        raisedAt,
        acknowledgedAt: null,
        resolvedAt: null,
        actedOnInMonth: false,
      };
      this.alerts.set(e.id, t);
    }
    const ackAt = e.kind === 'acknowledged' ? e.at : num(record(a?.acknowledged)?.at);
    const resolvedAt = e.kind === 'resolved' ? e.at : num(record(a?.resolved)?.at);
    // Actions after the month's end cannot be in an event of the month, but a state's own field could claim one.
    if (ackAt !== null && ackAt < this.to) t.acknowledgedAt ??= ackAt;
    if (resolvedAt !== null && resolvedAt < this.to) t.resolvedAt ??= resolvedAt;
    if (e.kind === 'acknowledged' || e.kind === 'resolved') t.actedOnInMonth = true;
  }

  /** Alerts raised in the month per series, keyed `line/characteristic`. */
  raisedBySeries(): Map<string, number> {
    const out = new Map<string, number>();
    for (const t of this.raisedInMonth()) {
      const key = `${t.line}/${t.characteristic}`;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  }

  summary(): AlertMonth {
    const raised = [...this.raisedInMonth()];
    const bySeverity = emptySeverityCounts();
    const byRule: Record<string, number> = {};
    const toAck: number[] = [];
    const toResolve: number[] = [];
    for (const t of raised) {
      bySeverity[t.severity] += 1;
      byRule[t.rule] = (byRule[t.rule] ?? 0) + 1;
      if (t.acknowledgedAt !== null) toAck.push(t.acknowledgedAt - t.raisedAt);
      if (t.resolvedAt !== null) toResolve.push(t.resolvedAt - t.raisedAt);
    }
    let earlier = 0;
    for (const t of this.alerts.values()) if (t.raisedAt < this.from && t.actedOnInMonth) earlier += 1;
    return {
      raised: raised.length,
      bySeverity,
      byRule: Object.fromEntries(Object.entries(byRule).sort(([a], [b]) => (a < b ? -1 : 1))),
      acknowledged: toAck.length,
      resolved: toResolve.length,
      openAtMonthEnd: raised.length - toResolve.length,
      medianTimeToAcknowledgeMs: median(toAck),
      medianTimeToResolveMs: median(toResolve),
      earlierAlertsActedOn: earlier,
    };
  }

  private *raisedInMonth(): Iterable<Tracked> {
    for (const t of this.alerts.values()) if (t.raisedAt >= this.from && t.raisedAt < this.to) yield t;
  }
}
