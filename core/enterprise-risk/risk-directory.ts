import type { DailyEvidence } from './risk-engine.js';
import type { EnterpriseRiskDetail, EnterpriseRiskSummary } from './risk-views.js';

/**
 * What the HTTP API and the dashboard need of the risk model: the ranked
 * list, one enterprise's breakdown, and the summaries as they change. The
 * analytics service implements it in process.
 */
export interface RiskDirectory {
  list(): EnterpriseRiskSummary[];
  detail(enterprise: string): EnterpriseRiskDetail | undefined;
  /** The enterprise's days of evidence (UTC days of sample time, YYYY-MM-DD, both included); undefined when unknown. */
  dailyEvidence(enterprise: string, fromDay: string, toDay: string): DailyEvidence | undefined;
  subscribe(listener: (summary: EnterpriseRiskSummary) => void): () => void;
}
