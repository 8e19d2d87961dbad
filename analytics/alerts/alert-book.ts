import { alertId, SEVERITY_BY_RULE, type Alert, type AlertEvent, type AlertRule, type SeriesRef } from './alert.js';

export class AlertActionError extends Error {
  constructor(
    readonly code: 'LW_ALERT_NOT_FOUND' | 'LW_ALERT_STATE',
    message: string,
  ) {
    super(message);
    this.name = 'AlertActionError';
  }
}

/**
 * The alerts of every series and their lifecycle, active -> acknowledged ->
 * resolved. There is at most one open (active or acknowledged) alert per
 * series and rule: later signals count on it instead of flooding the
 * regulator with one alert per sample. Pure: the caller passes the time and
 * stores and publishes the events returned; each event carries a copy of the
 * alert as it was then, so it can be serialised later without changing.
 */
export class AlertBook {
  private readonly byId = new Map<string, Alert>();
  /** Open alert per series and rule, keyed `enterprise/line/characteristic/rule`. */
  private readonly open = new Map<string, Alert>();
  /** Newest sample counted on any alert of a series and rule: a replayed sample is not counted twice. */
  private readonly lastCounted = new Map<string, number>();

  /**
   * Records a signal at a sample; returns the event ('raised' or 'updated'),
   * or null when that series and rule already counted a sample at or after
   * this time. Live samples always move forward; after a restart without a
   * checkpoint the charts are replayed from the store, and this keeps their
   * signals from counting twice or reopening a resolved alert.
   */
  signal(series: SeriesRef, rule: AlertRule, sampleTs: number, value: number, now: number): AlertEvent | null {
    const key = `${series.enterprise}/${series.line}/${series.characteristic}/${rule}`;
    const counted = this.lastCounted.get(key);
    if (counted !== undefined && sampleTs <= counted) return null;
    this.lastCounted.set(key, sampleTs);
    const current = this.open.get(key);
    if (current) {
      current.count += 1;
      if (sampleTs > current.lastSampleTs) {
        current.lastSampleTs = sampleTs;
        current.lastValue = value;
      }
      return { kind: 'updated', at: now, alert: { ...current } };
    }
    const alert: Alert = {
      id: alertId(series, rule, sampleTs),
      enterprise: series.enterprise,
      line: series.line,
      characteristic: series.characteristic,
      rule,
      severity: SEVERITY_BY_RULE[rule],
      status: 'active',
      firstSampleTs: sampleTs,
      lastSampleTs: sampleTs,
      count: 1,
      firstValue: value,
      lastValue: value,
      raisedAt: now,
      acknowledged: null,
      resolved: null,
    };
    this.byId.set(alert.id, alert);
    this.open.set(key, alert);
    return { kind: 'raised', at: now, alert: { ...alert } };
  }

  acknowledge(id: string, by: string, comment: string, now: number): AlertEvent {
    const alert = this.require(id);
    if (alert.status !== 'active') throw new AlertActionError('LW_ALERT_STATE', `alert ${id} is ${alert.status}; only an active alert can be acknowledged`);
    alert.status = 'acknowledged';
    alert.acknowledged = { by, at: now, comment };
    return { kind: 'acknowledged', at: now, alert: { ...alert } };
  }

  resolve(id: string, by: string, comment: string, now: number): AlertEvent {
    const alert = this.require(id);
    if (alert.status === 'resolved') throw new AlertActionError('LW_ALERT_STATE', `alert ${id} is already resolved`);
    alert.status = 'resolved';
    alert.resolved = { by, at: now, comment };
    this.open.delete(`${alert.enterprise}/${alert.line}/${alert.characteristic}/${alert.rule}`);
    return { kind: 'resolved', at: now, alert: { ...alert } };
  }

  get(id: string): Alert | undefined {
    return this.byId.get(id);
  }

  /** Every alert, newest first, optionally only those matching. */
  list(filter: { enterprise?: string; status?: Alert['status']; since?: number } = {}): Alert[] {
    const out: Alert[] = [];
    for (const a of this.byId.values()) {
      if (filter.enterprise !== undefined && a.enterprise !== filter.enterprise) continue;
      if (filter.status !== undefined && a.status !== filter.status) continue;
      if (filter.since !== undefined && a.raisedAt < filter.since && a.lastSampleTs < filter.since) continue;
      out.push(a);
    }
    return out.sort((x, y) => y.raisedAt - x.raisedAt || y.firstSampleTs - x.firstSampleTs);
  }

  /** Open alerts of one enterprise (for the risk model). */
  openAlerts(): IterableIterator<Alert> {
    return this.open.values();
  }

  /** Rebuilds state from stored events, oldest first (after a restart). */
  replay(event: AlertEvent): void {
    const alert = { ...event.alert };
    this.byId.set(alert.id, alert);
    const key = `${alert.enterprise}/${alert.line}/${alert.characteristic}/${alert.rule}`;
    this.lastCounted.set(key, Math.max(this.lastCounted.get(key) ?? -Infinity, alert.lastSampleTs));
    if (alert.status === 'resolved') {
      if (this.open.get(key)?.id === alert.id) this.open.delete(key);
    } else {
      this.open.set(key, alert);
    }
  }

  private require(id: string): Alert {
    const alert = this.byId.get(id);
    if (!alert) throw new AlertActionError('LW_ALERT_NOT_FOUND', `no alert with id ${id}`);
    return alert;
  }
}
