import type { LiveChartName } from './options.js';

/**
 * An alert is an episode: one open alert per series, from the first signal
 * after a quiet spell until the series has been back in control for the
 * auto-resolve time (or a person resolves it). Every rule that fires while
 * it is open counts on it; its severity can rise, never fall.
 */

/** What can fire on an episode: a budgeted live chart, product out of spec, or an enterprise's risk level changing. */
export type AlertRule = LiveChartName | 'outOfSpec' | 'riskLevel';

/** Every rule, most telling first (the order people read them in). */
export const ALERT_RULES: readonly AlertRule[] = Object.freeze(['outOfSpec', 'shewhart', 'cusumLarge', 'cusumSmall', 'ewma', 'riskLevel'] as AlertRule[]);

/**
 * The "series" of an enterprise-level alert (its risk level): not a line and
 * characteristic but the enterprise as a whole, spelt with the id syntax so
 * it travels like any alert.
 */
export const ENTERPRISE_SCOPE = Object.freeze({ line: 'all-lines', characteristic: 'risk-score' });

export type AlertStatus = 'active' | 'acknowledged' | 'resolved';

export type AlertSeverity = 'critical' | 'high' | 'medium' | 'low';

export const SEVERITIES: readonly AlertSeverity[] = Object.freeze(['critical', 'high', 'medium', 'low'] as AlertSeverity[]);

/** Rank of a severity: higher is worse. */
export function severityRank(s: AlertSeverity): number {
  return 3 - SEVERITIES.indexOf(s);
}

/**
 * Severity a rule gives an episode. Product out of spec for longer than a
 * glitch is critical (outOfSpecCriticalMs); a short stretch is high. A large
 * shift (the fast CUSUM, a Shewhart point) is high; a small sustained one
 * (the slow CUSUM, the EWMA) is medium: the process has moved, the product
 * is still in spec.
 */
export const SEVERITY_BY_RULE: Readonly<Record<AlertRule, AlertSeverity>> = Object.freeze({
  outOfSpec: 'high',
  riskLevel: 'high',
  shewhart: 'high',
  cusumLarge: 'high',
  cusumSmall: 'medium',
  ewma: 'medium',
});

/** One monitored series: enterprise, line, characteristic. */
export interface SeriesRef {
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: string;
}

/** How one rule fired during an episode. */
export interface RuleEvidence {
  rule: AlertRule;
  /** Signals (subgroups, or readings for outOfSpec) counted. */
  count: number;
  firstSampleTs: number;
  lastSampleTs: number;
}

/** Product out of spec during an episode: how much, in readings and in time. */
export interface OutOfSpecEvidence {
  readings: number;
  below: number;
  above: number;
  /** Separate stretches (readings further apart than outOfSpecGapMs start a new one). */
  stretches: number;
  /** Longest stretch and all stretches together, sample time. ms */
  longestMs: number;
  totalMs: number;
  /**
   * Length of product out of spec, in metres along the line, where the
   * gateway reads a length counter or the line speed (absent otherwise).
   */
  metres?: number;
  /** Metre positions of the first and the latest out-of-spec reading that had one: where to cut on the reel. */
  firstPositionM?: number;
  lastPositionM?: number;
}

/** Who did something to an alert, when, and why; cause and corrective action come from the catalogue. */
export interface AlertActionRecord {
  by: string;
  at: number;
  comment: string;
  /** Catalogue id of the cause, or null (an acknowledgement may not know it yet; an automatic resolution never does). */
  cause: string | null;
  /** Catalogue id of the corrective action, or null. */
  action: string | null;
}

/** Who resolves an episode that returned to control by itself. */
export const AUTO_RESOLVER = 'auto';

export interface Alert extends SeriesRef {
  /** Stable id: series, opening rule and first sample time, so a rebuild gives the same ids. */
  id: string;
  /** The rule that opened the episode. */
  rule: AlertRule;
  /** Every rule that fired during it, in the order they first fired. */
  rules: RuleEvidence[];
  severity: AlertSeverity;
  status: AlertStatus;
  /** Sample time (ms) of the signal that opened it, and of the latest signal or out-of-spec reading. */
  firstSampleTs: number;
  lastSampleTs: number;
  /** Signals counted on it, all rules together. */
  count: number;
  /** Value of the reading (or subgroup mean) that opened it and of the latest one. */
  firstValue: number;
  lastValue: number;
  /** Server time (ms) when it was raised (sample time in a backtest). */
  raisedAt: number;
  /** Sample time (ms) at which it resolved; null while open. */
  resolvedSampleTs: number | null;
  /** Where the level stood at the latest chart signal, in sigma of the readings from mu0 (signed); null before one. */
  shiftSigma: number | null;
  /** Product out of spec during the episode; null when none was. */
  outOfSpec: OutOfSpecEvidence | null;
  /** Version of the locked limits the charts used; null for out-of-spec before any, and for enterprise alerts. */
  limitsVersion: number | null;
  acknowledged: AlertActionRecord | null;
  resolved: AlertActionRecord | null;
}

export type AlertEventKind = 'raised' | 'updated' | 'escalated' | 'acknowledged' | 'resolved';

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

/** A copy of an alert that later changes to the original cannot reach (events carry these). */
export function copyAlert(a: Alert): Alert {
  return {
    ...a,
    rules: a.rules.map((r) => ({ ...r })),
    outOfSpec: a.outOfSpec ? { ...a.outOfSpec } : null,
    acknowledged: a.acknowledged ? { ...a.acknowledged } : null,
    resolved: a.resolved ? { ...a.resolved } : null,
  };
}

/** The names of the rules that fired, in the order they first fired. */
export function ruleNames(a: Alert): AlertRule[] {
  return a.rules.map((r) => r.rule);
}
