import type { RiskLevel, SupervisionClass } from '../../risk/options.js';
import type { Diagnosis } from '../../risk/series-assessment.js';

/** One enterprise in the ranked list (GET /api/enterprises, risk events): see risk/README.md. */
export interface EnterpriseRiskSummary {
  id: string;
  name: string;
  score: number;
  level: RiskLevel;
  registeredClass: SupervisionClass;
  suggestedClass: SupervisionClass;
  classDiffers: boolean;
  lastInspection: string;
  nextInspection: string;
  inspectionDue: boolean;
  activeAlerts: number;
  topContributors: Array<{ line: string; characteristic: string; diagnosis: Diagnosis; score: number; share: number; summary: string }>;
  /** Since the enterprise's newest sample arrived, ms; null when none has. */
  dataAgeMs: number | null;
  /** When this assessment was made, ms. */
  at: number;
}

export interface SeriesRiskDetail {
  line: string;
  characteristic: string;
  unit: string;
  spec: { lsl: number | null; usl: number | null; nominal: number | null };
  diagnosis: Diagnosis;
  findings: Diagnosis[];
  summary: string;
  score: number;
  weight: number;
  contribution: number;
  factors: Record<string, number>;
  window: {
    from: number | null;
    to: number | null;
    n: number;
    mean: number | null;
    /** Where the process stands now (weighted mean of the newest samples): the C and P indices are taken about it. */
    level: number | null;
    sigmaWithin: number | null;
    sigmaOverall: number | null;
    /** Cp/Cpk with sigma within, Pp/Ppk with the overall sd, all about the level. */
    cp: number | null;
    cpk: number | null;
    /** The 95% interval of Cpk (risk/capability-interval.ts), on the sizes below. */
    cpkLow: number | null;
    cpkHigh: number | null;
    /** The one-sided lower 95% confidence bound of Cpk: what the capability factor scores. */
    cpkBound: number | null;
    /** Lag-1 autocorrelation of the readings; the interval's effective n (mean term) and sigma within's degrees of freedom. */
    lag1: number | null;
    nEff: number | null;
    dfWithin: number | null;
    pp: number | null;
    ppk: number | null;
    ppm: number | null;
    /** Expected ppm at the lower bound of Cpk: what the capability factor scores. */
    ppmLow: number | null;
    slopePerHour: number | null;
    trendT: number | null;
    hoursToLimit: number | null;
    outOfSpec: number;
    chartSignals: number;
  };
  sinceStart: { n: number; mean: number | null; sd: number | null };
  baseline: { mean: number; sigma: number } | null;
  /** The live monitor of the series (monitor/README.md). */
  spc: LiveSeriesView;
  lastSampleTs: number | null;
  /** Server time the series last received a reading (a silent gateway shows here). ms */
  lastArrival: number | null;
}

export interface EnterpriseRiskDetail {
  enterprise: { id: string; name: string; registeredClass: SupervisionClass; lastInspection: string };
  score: number;
  level: RiskLevel;
  suggestedClass: SupervisionClass;
  /** The score smoothed over sample time that drives the suggestion (risk/supervision.ts); null before the first reading. */
  smoothedScore: number | null;
  /** The class the smoothed score points to while it has not yet held `classSustainMs`, and since when (sample time, ms). */
  pendingClass: SupervisionClass | null;
  pendingSince: number | null;
  /** The enterprise's sample time: its newest reading, ms; null before the first. */
  sampleTime: number | null;
  nextInspection: string;
  inspectionDue: boolean;
  history: Array<{ at: number; score: number; level: RiskLevel }>;
  series: SeriesRiskDetail[];
  at: number;
}

/** What the live monitor says about a series, for the dashboard. */
export interface LiveSeriesView {
  activeAlerts: number;
  /** 0 (charts at rest) to 1 (at a signal). */
  pressure: number;
  /** The limits in force: subgroup-mean centre and limits (mu0 +/- 3 sd of the means), with their version and date; null during Phase I. */
  limits: {
    version: number;
    reason: string;
    lockedAt: number;
    product: string | null;
    mean: number;
    sdReadings: number;
    sdMean: number;
    ucl: number;
    lcl: number;
    phi: number;
    subgroupMs: number;
  } | null;
  /** Earlier versions of the limits, newest first (version and date). */
  history: { version: number; reason: string; lockedAt: number }[];
  /** Phase I's progress while no limits are in force. */
  baseline: { subgroups: number; needed: number; refused: number; lastRefusal: string | null } | null;
  /** The charts that run and their design (h or L per chart, and the budget). */
  charts: string[];
  falseAlarmsPerWeek: number;
}
