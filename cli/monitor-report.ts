/**
 * What `linewatch monitor` reports: the options and chart design, the rows,
 * each series' Phase I and limits, and every alert episode. Plain JSON
 * (camelCase, times as ISO 8601 in sample time, `null` where a value does
 * not exist); monitor-text.ts prints the same for a person.
 */
import type { Alert, AlertRule, AlertSeverity, AlertStatus, OutOfSpecEvidence } from '../monitor/alert.js';
import type { LiveChartDesign, LiveDesign } from '../monitor/design.js';
import type { BaselineProgress, LimitsReason, LockedLimits } from '../monitor/limits.js';
import type { LiveChartName, LiveMonitorOptions } from '../monitor/options.js';
import type { SpecLimits } from '../monitor/series-watch.js';
import type { LiveSetup } from './live-config.js';
import type { MonitorReplay, RejectedRow } from './monitor-replay.js';

export interface ChartDesignReport {
  readonly kind: LiveChartDesign['kind'];
  readonly k: number | null;
  readonly h: number | null;
  readonly lambda: number | null;
  readonly L: number | null;
  readonly arl0Known: number;
  readonly falseAlarmsPerWeek: number;
}

export interface DesignReport {
  readonly subgroupMs: number;
  readonly baselineSubgroups: number;
  readonly budgetPerWeek: number;
  readonly budgetArl: number;
  readonly designShare: number;
  readonly designArl: number;
  /** Sum of the charts' expected false alarms per week (at most the budget). */
  readonly falseAlarmsPerWeek: number;
  readonly charts: Partial<Record<LiveChartName, ChartDesignReport>>;
}

export interface LimitsReport {
  readonly version: number;
  readonly reason: LimitsReason;
  /** Sample time of the first subgroup of the Phase I behind them, and of its last (when they locked). */
  readonly from: string;
  readonly lockedAt: string;
  readonly subgroups: number;
  readonly product: string | null;
  readonly mean: number;
  readonly sdReadings: number;
  readonly sdMean: number;
  readonly phi: number;
  readonly sdResidual: number;
  readonly readingsPerSubgroup: number;
}

export interface SeriesReport {
  readonly series: string;
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: string;
  /** Readings given to the live engine, and rows of the series rejected. */
  readonly readings: number;
  readonly rejected: number;
  readonly firstReading: string | null;
  readonly lastReading: string | null;
  /** 'monitoring' once limits are in force; 'phase I' while the baseline is still being collected. */
  readonly status: 'monitoring' | 'phase I';
  readonly baseline: BaselineProgress | null;
  readonly limits: LimitsReport[];
  /** Subgroups too thin to chart (a gap in the readings). */
  readonly skippedSubgroups: number;
  readonly episodes: number;
}

export interface EpisodeReport {
  readonly id: string;
  readonly series: string;
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: string;
  /** The rule that raised it, and every rule that fired, in the order they first fired. */
  readonly rule: AlertRule;
  readonly rules: AlertRule[];
  readonly evidence: { rule: AlertRule; count: number; first: string; last: string }[];
  readonly severity: AlertSeverity;
  readonly status: AlertStatus;
  /** Sample time of the signal that raised it, of its latest signal, and when it resolved (null while open). */
  readonly raisedAt: string;
  readonly lastSignalAt: string;
  readonly resolvedAt: string | null;
  /** raisedAt to resolvedAt, or to the latest signal while open. s */
  readonly durationSeconds: number;
  readonly count: number;
  readonly firstValue: number;
  readonly lastValue: number;
  /** Where the level stood at the latest chart signal, in sigma of the readings from mu0. */
  readonly shiftSigma: number | null;
  readonly outOfSpec: OutOfSpecEvidence | null;
  readonly limitsVersion: number | null;
}

export interface MonitorReport {
  readonly file: string;
  readonly options: LiveMonitorOptions & { byCharacteristic: Record<string, LiveMonitorOptions> };
  readonly design: DesignReport & { byCharacteristic: Record<string, DesignReport> };
  readonly spec: SpecLimits;
  readonly rows: {
    /** Data rows read (of the --series one when given, malformed rows included), valid and rejected. */
    readonly total: number;
    readonly valid: number;
    readonly rejectedCount: number;
    /** The rejected rows by 0-based data-row number (header not counted), the first MAX_LISTED_REJECTS of them. */
    readonly rejected: RejectedRow[];
    readonly reasons: Record<string, number>;
    /** Rows of other series, left out by --series. */
    readonly otherSeries: number;
  };
  readonly series: SeriesReport[];
  /** Every episode, in order of raisedAt. */
  readonly episodes: EpisodeReport[];
}

export function monitorReport(file: string, config: LiveSetup, spec: SpecLimits, replay: MonitorReplay, otherSeries: number): MonitorReport {
  const episodes = [...replay.book.list()].sort((a, b) => a.firstSampleTs - b.firstSampleTs || (a.id < b.id ? -1 : 1));
  const perSeries = new Map<string, number>();
  for (const e of episodes) perSeries.set(seriesName(e), (perSeries.get(seriesName(e)) ?? 0) + 1);
  const byCharacteristic = [...config.byCharacteristic];
  return {
    file,
    options: { ...config.options, byCharacteristic: Object.fromEntries(byCharacteristic.map(([c, x]) => [c, x.options])) },
    design: { ...designReport(config.design), byCharacteristic: Object.fromEntries(byCharacteristic.map(([c, x]) => [c, designReport(x.design)])) },
    spec,
    rows: {
      total: replay.valid + replay.rejectedCount,
      valid: replay.valid,
      rejectedCount: replay.rejectedCount,
      rejected: replay.rejectedRows,
      reasons: Object.fromEntries(replay.reasons),
      otherSeries,
    },
    series: replay.replayed.map((s) => ({
      series: s.key,
      ...s.ref,
      readings: s.readings,
      rejected: s.rejected,
      firstReading: s.readings > 0 ? iso(s.firstTs) : null,
      lastReading: s.readings > 0 ? iso(s.lastTs) : null,
      status: s.watch.limits !== null ? 'monitoring' : 'phase I',
      baseline: s.watch.baseline,
      limits: s.watch.limitsHistory.map(limitsReport),
      skippedSubgroups: s.watch.skippedSubgroups,
      episodes: perSeries.get(s.key) ?? 0,
    })),
    episodes: episodes.map(episodeReport),
  };
}

export function designReport(d: LiveDesign): DesignReport {
  const charts: Partial<Record<LiveChartName, ChartDesignReport>> = {};
  for (const c of d.charts) charts[c.name] = { kind: c.kind, k: c.k, h: c.h, lambda: c.lambda, L: c.L, arl0Known: c.arl0Known, falseAlarmsPerWeek: c.falseAlarmsPerWeek };
  return {
    subgroupMs: d.subgroupMs,
    baselineSubgroups: d.baselineSubgroups,
    budgetPerWeek: d.budgetPerWeek,
    budgetArl: d.budgetArl,
    designShare: d.designShare,
    designArl: d.designArl,
    falseAlarmsPerWeek: d.falseAlarmsPerWeek,
    charts,
  };
}

function limitsReport(l: LockedLimits): LimitsReport {
  return {
    version: l.version,
    reason: l.reason,
    from: iso(l.fromTs),
    lockedAt: iso(l.lockedAtTs),
    subgroups: l.subgroups,
    product: l.product,
    mean: l.mean,
    sdReadings: l.sdReadings,
    sdMean: l.sdMean,
    phi: l.phi,
    sdResidual: l.sdResidual,
    readingsPerSubgroup: l.readingsPerSubgroup,
  };
}

function episodeReport(a: Alert): EpisodeReport {
  const end = a.resolvedSampleTs ?? a.lastSampleTs;
  return {
    id: a.id,
    series: seriesName(a),
    enterprise: a.enterprise,
    line: a.line,
    characteristic: a.characteristic,
    rule: a.rule,
    rules: a.rules.map((r) => r.rule),
    evidence: a.rules.map((r) => ({ rule: r.rule, count: r.count, first: iso(r.firstSampleTs), last: iso(r.lastSampleTs) })),
    severity: a.severity,
    status: a.status,
    raisedAt: iso(a.firstSampleTs),
    lastSignalAt: iso(a.lastSampleTs),
    resolvedAt: a.resolvedSampleTs === null ? null : iso(a.resolvedSampleTs),
    durationSeconds: (end - a.firstSampleTs) / 1000,
    count: a.count,
    firstValue: a.firstValue,
    lastValue: a.lastValue,
    shiftSigma: a.shiftSigma,
    outOfSpec: a.outOfSpec ? { ...a.outOfSpec } : null,
    limitsVersion: a.limitsVersion,
  };
}

function seriesName(s: { enterprise: string; line: string; characteristic: string }): string {
  return `${s.enterprise}/${s.line}/${s.characteristic}`;
}

/** ISO 8601 (an instant Date cannot print, which no parsed timestamp is, as its number rather than a throw). */
export function iso(ms: number): string {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : d.toISOString();
}
