import type { SignalName } from '../../spc/signals.js';

/** What raised an alert: an SPC chart signal, a sample beyond a spec limit, or an enterprise's risk level changing. */
export type AlertRule = SignalName | 'outOfSpec' | 'riskLevel';

/**
 * The "series" of an enterprise-level alert (its risk level): not a line and
 * characteristic but the enterprise as a whole, spelt with the id syntax so
 * it travels like any alert.
 */
export const ENTERPRISE_SCOPE = Object.freeze({ line: 'all-lines', characteristic: 'risk-score' });

export type AlertStatus = 'active' | 'acknowledged' | 'resolved';

export type AlertSeverity = 'critical' | 'high' | 'medium' | 'low';

/**
 * Severity by rule. A part out of spec is nonconforming product, the worst
 * case; a 3-sigma point is a likely special cause; runs, EWMA and CUSUM tell
 * of a sustained shift or drift (the material-saving pattern); the zone rules
 * 3 and 4 are the weakest evidence.
 */
export const SEVERITY_BY_RULE: Readonly<Record<AlertRule, AlertSeverity>> = Object.freeze({
  outOfSpec: 'critical',
  riskLevel: 'high',
  rule1: 'high',
  cusum: 'high',
  ewma: 'medium',
  rule2: 'medium',
  rule3: 'low',
  rule4: 'low',
});

/** One monitored series: enterprise, line, characteristic. */
export interface SeriesRef {
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: string;
}

/** Who did something to an alert, when, and why. */
export interface AlertAction {
  by: string;
  at: number;
  comment: string;
}

export interface Alert extends SeriesRef {
  /** Stable id: series, rule and first sample time, so a rebuild gives the same ids. */
  id: string;
  rule: AlertRule;
  severity: AlertSeverity;
  status: AlertStatus;
  /** Timestamp (ms) of the sample that raised the alert. */
  firstSampleTs: number;
  /** Timestamp (ms) of the latest sample that signalled on this alert. */
  lastSampleTs: number;
  /** Signalling samples counted on this alert. */
  count: number;
  /** Value of the sample that raised it and of the latest one. */
  firstValue: number;
  lastValue: number;
  /** Server time (ms) when it was raised. */
  raisedAt: number;
  acknowledged: AlertAction | null;
  resolved: AlertAction | null;
}

export type AlertEventKind = 'raised' | 'updated' | 'acknowledged' | 'resolved';

/** A change of an alert, kept in the store and published; `alert` is its state after the change. */
export interface AlertEvent {
  kind: AlertEventKind;
  at: number;
  alert: Alert;
}

export function alertId(series: SeriesRef, rule: AlertRule, firstSampleTs: number): string {
  return `${series.enterprise}.${series.line}.${series.characteristic}.${rule}.${firstSampleTs}`;
}

/** The enterprise an alert id names (ids never contain '.', so it is the first part). */
export function enterpriseOfAlertId(id: string): string {
  const dot = id.indexOf('.');
  return dot < 0 ? id : id.slice(0, dot);
}
