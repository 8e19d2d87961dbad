/**
 * Every alert episode the page knows, by id: loaded from GET /api/alerts,
 * then kept current by live events (raised, updated, escalated,
 * acknowledged, resolved). An event carries the episode's whole state, so
 * applying it is a replace; an older event never overwrites a newer state
 * (a reconnect's reload can race a live event).
 *
 * Filters are the server's own (monitor/episode-book.ts `matches`, compiled
 * into the page), so a view filtered here shows what GET /api/alerts with
 * the same parameters would answer.
 */
import { severityRank, type Alert, type AlertEvent, type AlertSeverity, type SeriesRef } from '../../monitor/alert.js';
import { matches, type EpisodeFilter } from '../../monitor/episode-book.js';

export type { Alert, AlertEvent, EpisodeFilter, SeriesRef };

const STATUS_ORDER: Record<Alert['status'], number> = { active: 0, acknowledged: 1, resolved: 2 };

export class AlertsModel {
  private readonly byId = new Map<string, Alert>();
  private readonly listeners = new Set<(changed: Alert | null) => void>();
  /** Live events received before the first list. */
  private readonly early: AlertEvent[] = [];
  /** Alerts first seen live since the page loaded (for the "new" mark). */
  readonly arrivedLive = new Set<string>();
  loaded = false;
  /** How many alerts the API holds beyond those loaded (its `total` minus the page size). */
  notLoaded = 0;

  /**
   * Merges a list from the API. Live events that arrived before the first
   * list are applied after it, and a list never takes an alert back to an
   * older state than a live event already gave it.
   */
  load(alerts: readonly Alert[], total: number): void {
    for (const a of alerts) {
      const known = this.byId.get(a.id);
      if (!known || !newer(known, a)) this.byId.set(a.id, a);
    }
    this.notLoaded = Math.max(0, total - alerts.length);
    const early = this.early.splice(0);
    this.loaded = true;
    for (const event of early) this.apply(event);
    this.emit(null);
  }

  /** Applies a live event; returns whether the alert is new to the page. */
  apply(event: AlertEvent): boolean {
    if (!this.loaded) {
      this.early.push(event);
      return false;
    }
    const known = this.byId.get(event.alert.id);
    if (known && newer(known, event.alert)) return false;
    this.byId.set(event.alert.id, event.alert);
    if (!known) this.arrivedLive.add(event.alert.id);
    this.emit(event.alert);
    return !known;
  }

  /** An alert changed by the user's own action (the API's answer). */
  replace(alert: Alert): void {
    this.byId.set(alert.id, alert);
    this.emit(alert);
  }

  get(id: string): Alert | undefined {
    return this.byId.get(id);
  }

  all(): IterableIterator<Alert> {
    return this.byId.values();
  }

  /** Matching alerts, newest raised first. */
  list(filter: (a: Alert) => boolean = () => true): Alert[] {
    return [...this.byId.values()].filter(filter).sort((a, b) => b.raisedAt - a.raisedAt || (a.id < b.id ? -1 : 1));
  }

  /** Episodes matching an API filter, newest first. */
  query(filter: EpisodeFilter): Alert[] {
    return this.list((a) => matches(a, filter));
  }

  subscribe(listener: (changed: Alert | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(changed: Alert | null): void {
    for (const l of this.listeners) l(changed);
  }
}

/** Whether `a` is a later state of the same alert than `b`. */
function newer(a: Alert, b: Alert): boolean {
  if (STATUS_ORDER[a.status] !== STATUS_ORDER[b.status]) return STATUS_ORDER[a.status] > STATUS_ORDER[b.status];
  return a.count > b.count;
}

export function isOpen(a: Alert): boolean {
  return a.status !== 'resolved';
}

/** The worst severity among alerts, or null. */
export function worstSeverity(alerts: Iterable<Alert>): AlertSeverity | null {
  let worst: AlertSeverity | null = null;
  for (const a of alerts) if (worst === null || severityRank(a.severity) > severityRank(worst)) worst = a.severity;
  return worst;
}

/** One series and its episodes (GET /api/alerts?groupBy=series answers the same shape). */

export { groupBySeries, type SeriesGroup } from '../../monitor/episode-groups.js';
