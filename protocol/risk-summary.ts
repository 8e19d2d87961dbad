/**
 * What the analytics service publishes, retained, on
 * `linewatch/v1/risk/<enterprise>`: the enterprise's current risk assessment
 * (core/enterprise-risk/risk-views.ts, `EnterpriseRiskSummary`), one JSON
 * object. Retained, so a dashboard that starts sees every enterprise at once.
 */
import type { EnterpriseRiskSummary } from '../core/enterprise-risk/risk-views.js';

export function encodeRiskSummary(summary: EnterpriseRiskSummary): string {
  return JSON.stringify(summary);
}
