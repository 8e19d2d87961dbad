import type { DailyEvidence } from './risk-engine.js';
import type { EnterpriseRiskDetail, EnterpriseRiskSummary } from './risk-views.js';

/**
 * The part of the risk model that travels between processes: the ranked
 * list of summaries and the summaries as they change. The analytics service
 * publishes exactly this on the bus and in the event log, so a dashboard
 * running on its own can hold it too (dashboard/remote-risk-directory.ts).
 */
export interface RiskSummaryDirectory {
  /** Every assessed enterprise, riskiest first (ties by id). */
  list(): EnterpriseRiskSummary[];
  subscribe(listener: (summary: EnterpriseRiskSummary) => void): () => void;
}

/**
 * What the HTTP API and the dashboard need of the risk model: the ranked
 * list, one enterprise's breakdown, and the summaries as they change. The
 * analytics service implements it in process; the breakdown and the days of
 * evidence live only there (they are neither published nor stored).
 */
export interface RiskDirectory extends RiskSummaryDirectory {
  detail(enterprise: string): EnterpriseRiskDetail | undefined;
  /** The enterprise's days of evidence (UTC days of sample time, YYYY-MM-DD, both included); undefined when unknown. */
  dailyEvidence(enterprise: string, fromDay: string, toDay: string): DailyEvidence | undefined;
}

/** Whether a directory also gives the breakdown and the days of evidence (the in-process one does; a remote copy does not). */
export function givesBreakdown(directory: RiskSummaryDirectory): directory is RiskDirectory {
  const d = directory as Partial<RiskDirectory>;
  return typeof d.detail === 'function' && typeof d.dailyEvidence === 'function';
}
