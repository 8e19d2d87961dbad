import {
  alertId,
  AUTO_RESOLVER,
  copyAlert,
  SEVERITY_BY_RULE,
  severityRank,
  type Alert,
  type AlertEvent,
  type AlertEventKind,
  type AlertRule,
  type AlertSeverity,
  type SeriesRef,
} from './alert.js';
import { catalogueLabel, DEFAULT_CAUSE_CATALOGUE, type CauseCatalogue } from './causes.js';

export class AlertActionError extends Error {
  constructor(
    readonly code: 'LW_ALERT_NOT_FOUND' | 'LW_ALERT_STATE' | 'LW_ALERT_CAUSE',
    message: string,
  ) {
    super(message);
    this.name = 'AlertActionError';
  }
}

export interface SignalDetail {
  /** Severity of this signal when it differs from the rule's (a long out-of-spec stretch is critical). */
  readonly severity?: AlertSeverity;
  readonly limitsVersion?: number | null;
  /** Where the level stands, in sigma of the readings from mu0. */
  readonly shiftSigma?: number;
}

export interface EpisodeFilter {
  readonly enterprise?: string;
  readonly line?: string;
  readonly characteristic?: string;
  readonly status?: Alert['status'];
  /** Only episodes on which this rule fired. */
  readonly rule?: AlertRule;
  readonly severity?: AlertSeverity;
  /** Episodes raised or signalling at or after this time, and raised before `until`. ms */
  readonly since?: number;
  readonly until?: number;
}

export interface ParetoBar {
  readonly cause: string;
  readonly label: string;
  readonly count: number;
  /** Share of the episodes with a cause, and the running total down the bars. */
  readonly share: number;
  readonly cumulative: number;
}

export interface Pareto {
  /** Episodes in the filter. */
  readonly episodes: number;
  /** Of them, those nobody has given a cause yet. */
  readonly unassigned: number;
  readonly bars: readonly ParetoBar[];
}

export interface BulkResult {
  readonly events: AlertEvent[];
  readonly failures: { id: string; code: AlertActionError['code']; message: string }[];
}

/**
 * Every episode and its lifecycle: active -> acknowledged -> resolved, by a
 * person (with a cause and a corrective action from the catalogue) or by
 * itself after a return to control. At most one episode per series is open.
 * Pure: callers pass the time, and store and publish the events returned;
 * each event carries a copy of the episode as it was then.
 */
export class EpisodeBook {
  private readonly byId = new Map<string, Alert>();
  /** Open episode per series, keyed `enterprise/line/characteristic`. */
  private readonly openBySeries = new Map<string, Alert>();
  /** Newest sample time counted per series and rule: a replayed signal is not counted twice. */
  private readonly lastCounted = new Map<string, number>();
  /** Newest sample time counted on any rule of a series. */
  private readonly lastCountedSeries = new Map<string, number>();

  constructor(readonly catalogue: CauseCatalogue = DEFAULT_CAUSE_CATALOGUE) {}

  /** The open episode of a series, if any. */
  openFor(series: SeriesRef): Alert | undefined {
    return this.openBySeries.get(seriesKey(series));
  }

  /** The newest sample time counted on the series' episodes (-Infinity when none). */
  lastCountedFor(series: SeriesRef): number {
    return this.lastCountedSeries.get(seriesKey(series)) ?? -Infinity;
  }

  /**
   * A signal of `rule` at a sample: opens an episode, or counts on the open
   * one (raising its severity if the rule is worse). Returns the event, or
   * null when the series already counted a sample at or after this time (a
   * replay after a restart).
   */
  signal(series: SeriesRef, rule: AlertRule, sampleTs: number, value: number, now: number, detail: SignalDetail = {}): AlertEvent | null {
    const key = seriesKey(series);
    const ruleKey = `${key}/${rule}`;
    const counted = this.lastCounted.get(ruleKey);
    if (counted !== undefined && sampleTs <= counted) return null;
    this.lastCounted.set(ruleKey, sampleTs);
    this.noteCounted(key, sampleTs);
    const severity = detail.severity ?? SEVERITY_BY_RULE[rule];
    const current = this.openBySeries.get(key);
    if (current) {
      if (detail.shiftSigma !== undefined) current.shiftSigma = detail.shiftSigma;
      return this.count(current, rule, sampleTs, value, now, severity);
    }
    const alert: Alert = {
      id: alertId(series, rule, sampleTs),
      enterprise: series.enterprise,
      line: series.line,
      characteristic: series.characteristic,
      rule,
      rules: [{ rule, count: 1, firstSampleTs: sampleTs, lastSampleTs: sampleTs }],
      severity,
      status: 'active',
      firstSampleTs: sampleTs,
      lastSampleTs: sampleTs,
      count: 1,
      firstValue: value,
      lastValue: value,
      raisedAt: now,
      resolvedSampleTs: null,
      shiftSigma: detail.shiftSigma ?? null,
      outOfSpec: null,
      limitsVersion: detail.limitsVersion ?? null,
      acknowledged: null,
      resolved: null,
    };
    this.byId.set(alert.id, alert);
    this.openBySeries.set(key, alert);
    return { kind: 'raised', at: now, alert: copyAlert(alert) };
  }

  /**
   * Counts a signal on an open episode in place, without an event: for the
   * readings of an out-of-spec stretch, whose episode is published once per
   * subgroup instead of ten times a second (the caller then takes eventOf).
   */
  countQuietly(alert: Alert, rule: AlertRule, sampleTs: number, value: number): void {
    // The per-rule watermark is left to the next published event: the caller replays nothing older than the series' own.
    alert.count += 1;
    if (sampleTs > alert.lastSampleTs) alert.lastSampleTs = sampleTs;
    alert.lastValue = value;
    const evidence = alert.rules.find((r) => r.rule === rule);
    if (evidence) {
      evidence.count += 1;
      evidence.lastSampleTs = sampleTs;
    } else {
      alert.rules.push({ rule, count: 1, firstSampleTs: sampleTs, lastSampleTs: sampleTs });
    }
  }

  /** Counts a signal on an open episode; 'escalated' when it raised the severity. */
  private count(alert: Alert, rule: AlertRule, sampleTs: number, value: number, now: number, severity: AlertSeverity): AlertEvent {
    this.countQuietly(alert, rule, sampleTs, value);
    return { kind: this.raiseSeverity(alert, severity) ? 'escalated' : 'updated', at: now, alert: copyAlert(alert) };
  }

  /** Raises an open episode's severity; true when it rose. */
  raiseSeverity(alert: Alert, severity: AlertSeverity): boolean {
    if (severityRank(severity) <= severityRank(alert.severity)) return false;
    alert.severity = severity;
    return true;
  }

  /** An event with the episode's current state (for changes made in place, such as out-of-spec evidence). */
  eventOf(alert: Alert, kind: AlertEventKind, now: number): AlertEvent {
    return { kind, at: now, alert: copyAlert(alert) };
  }

  /** Resolves an episode whose series has been back in control for the auto-resolve time. */
  autoResolve(alert: Alert, sampleTs: number, now: number): AlertEvent {
    this.close(alert, { by: AUTO_RESOLVER, at: now, comment: 'back in control', cause: null, action: null }, sampleTs);
    return this.eventOf(alert, 'resolved', now);
  }

  acknowledge(id: string, by: string, comment: string, now: number, cause: string | null = null, action: string | null = null): AlertEvent {
    const alert = this.require(id);
    if (alert.status !== 'active') throw new AlertActionError('LW_ALERT_STATE', `alert ${id} is ${alert.status}; only an active alert can be acknowledged`);
    this.checkCatalogue(cause, action, false);
    alert.status = 'acknowledged';
    alert.acknowledged = { by, at: now, comment: plainComment(comment), cause, action };
    return this.eventOf(alert, 'acknowledged', now);
  }

  /**
   * A person resolves an episode with its cause and corrective action. An
   * episode that resolved by itself can be given them afterwards, once.
   */
  resolve(id: string, by: string, comment: string, now: number, cause: string | null, action: string | null): AlertEvent {
    const alert = this.require(id);
    this.checkCatalogue(cause, action, true);
    if (alert.status === 'resolved' && alert.resolved?.by !== AUTO_RESOLVER) throw new AlertActionError('LW_ALERT_STATE', `alert ${id} is already resolved`);
    const resolution = { by, at: now, comment: plainComment(comment), cause, action };
    if (alert.status === 'resolved') alert.resolved = resolution;
    else this.close(alert, resolution, alert.lastSampleTs);
    return this.eventOf(alert, 'resolved', now);
  }

  /** Acknowledges several episodes; each that cannot be is listed with why, the rest go through. */
  acknowledgeMany(ids: readonly string[], by: string, comment: string, now: number, cause: string | null = null, action: string | null = null): BulkResult {
    const events: AlertEvent[] = [];
    const failures: BulkResult['failures'] = [];
    for (const id of new Set(ids)) {
      try {
        events.push(this.acknowledge(id, by, comment, now, cause, action));
      } catch (err) {
        if (!(err instanceof AlertActionError)) throw err;
        failures.push({ id, code: err.code, message: err.message });
      }
    }
    return { events, failures };
  }

  get(id: string): Alert | undefined {
    return this.byId.get(id);
  }

  /** Episodes matching the filter, newest first. */
  list(filter: EpisodeFilter = {}): Alert[] {
    const out: Alert[] = [];
    for (const a of this.byId.values()) if (matches(a, filter)) out.push(a);
    return out.sort((x, y) => y.raisedAt - x.raisedAt || y.firstSampleTs - x.firstSampleTs);
  }

  /** Open episodes (for the risk model). */
  openAlerts(): IterableIterator<Alert> {
    return this.openBySeries.values();
  }

  /** Causes of the episodes matching the filter, most frequent first, with their running share. */
  pareto(filter: EpisodeFilter = {}): Pareto {
    const counts = new Map<string, number>();
    let episodes = 0;
    let unassigned = 0;
    for (const a of this.byId.values()) {
      if (!matches(a, filter)) continue;
      episodes += 1;
      const cause = a.resolved?.cause ?? a.acknowledged?.cause ?? null;
      if (cause === null) unassigned += 1;
      else counts.set(cause, (counts.get(cause) ?? 0) + 1);
    }
    return paretoOf(counts, episodes, unassigned, this.catalogue);
  }

  /** Rebuilds state from stored events, oldest first (after a restart). */
  replay(event: AlertEvent): void {
    const alert = copyAlert(event.alert);
    this.byId.set(alert.id, alert);
    const key = seriesKey(alert);
    for (const r of alert.rules) {
      const ruleKey = `${key}/${r.rule}`;
      this.lastCounted.set(ruleKey, Math.max(this.lastCounted.get(ruleKey) ?? -Infinity, r.lastSampleTs));
    }
    this.noteCounted(key, alert.lastSampleTs);
    if (alert.status === 'resolved') {
      if (this.openBySeries.get(key)?.id === alert.id) this.openBySeries.delete(key);
    } else {
      this.openBySeries.set(key, alert);
    }
  }

  /** Forgets an enterprise's episodes (another worker owns it now). */
  forgetEnterprise(enterprise: string): void {
    for (const [id, a] of this.byId) if (a.enterprise === enterprise) this.byId.delete(id);
    for (const [key, a] of this.openBySeries) if (a.enterprise === enterprise) this.openBySeries.delete(key);
    for (const key of this.lastCounted.keys()) if (key.startsWith(`${enterprise}/`)) this.lastCounted.delete(key);
    for (const key of this.lastCountedSeries.keys()) if (key.startsWith(`${enterprise}/`)) this.lastCountedSeries.delete(key);
  }

  private noteCounted(key: string, sampleTs: number): void {
    if (sampleTs > (this.lastCountedSeries.get(key) ?? -Infinity)) this.lastCountedSeries.set(key, sampleTs);
  }

  private close(alert: Alert, resolution: NonNullable<Alert['resolved']>, sampleTs: number): void {
    alert.status = 'resolved';
    alert.resolved = resolution;
    alert.resolvedSampleTs = sampleTs;
    const key = seriesKey(alert);
    if (this.openBySeries.get(key) === alert) this.openBySeries.delete(key);
  }

  private checkCatalogue(cause: string | null, action: string | null, required: boolean): void {
    if (required && (cause === null || action === null)) {
      throw new AlertActionError('LW_ALERT_CAUSE', `resolving needs a cause and a corrective action from the catalogue (causes: ${this.catalogue.causes.map((c) => c.id).join(', ')}; actions: ${this.catalogue.actions.map((a) => a.id).join(', ')})`);
    }
    if (cause !== null && !this.catalogue.causes.some((c) => c.id === cause)) {
      throw new AlertActionError('LW_ALERT_CAUSE', `unknown cause '${cause}' (the catalogue has: ${this.catalogue.causes.map((c) => c.id).join(', ')})`);
    }
    if (action !== null && !this.catalogue.actions.some((a) => a.id === action)) {
      throw new AlertActionError('LW_ALERT_CAUSE', `unknown corrective action '${action}' (the catalogue has: ${this.catalogue.actions.map((a) => a.id).join(', ')})`);
    }
  }

  private require(id: string): Alert {
    const alert = this.byId.get(id);
    if (!alert) throw new AlertActionError('LW_ALERT_NOT_FOUND', `no alert with id ${id}`);
    return alert;
  }
}

/**
 * A comment as it is kept: without NUL and other control characters
 * (\p{Cc}; tab, newline and carriage return stay) and without the
 * bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069) that
 * can make a comment read backwards or hide text in a log, a report or a
 * page.
 */
export function plainComment(comment: string): string {
  return comment.replace(/(?![\t\n\r])[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu, '');
}

export function seriesKey(s: SeriesRef): string {
  return `${s.enterprise}/${s.line}/${s.characteristic}`;
}

/** Whether an episode passes a filter. */
export function matches(a: Alert, f: EpisodeFilter): boolean {
  if (f.enterprise !== undefined && a.enterprise !== f.enterprise) return false;
  if (f.line !== undefined && a.line !== f.line) return false;
  if (f.characteristic !== undefined && a.characteristic !== f.characteristic) return false;
  if (f.status !== undefined && a.status !== f.status) return false;
  if (f.severity !== undefined && a.severity !== f.severity) return false;
  if (f.rule !== undefined && !a.rules.some((r) => r.rule === f.rule)) return false;
  if (f.since !== undefined && a.raisedAt < f.since && a.lastSampleTs < f.since) return false;
  if (f.until !== undefined && a.raisedAt >= f.until) return false;
  return true;
}

/** A Pareto from cause counts (shared with readers that count stored events). */
export function paretoOf(counts: ReadonlyMap<string, number>, episodes: number, unassigned: number, catalogue: CauseCatalogue): Pareto {
  const assigned = episodes - unassigned;
  let running = 0;
  const bars = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([cause, count]) => {
      running += count;
      return { cause, label: catalogueLabel(catalogue.causes, cause), count, share: count / assigned, cumulative: running / assigned };
    });
  return { episodes, unassigned, bars };
}
