/**
 * Where the service gets an enterprise's days of evidence: the analytics'
 * risk directory in the live stack (`dailyEvidence`), nothing when the
 * dashboard runs without analytics (then "stable, capable production" is
 * unknown and no enterprise is suggested A on data it does not have).
 */
import type { EnterpriseDay, SeriesDay } from '../domain/daily-evidence.js';

export interface Evidence {
  readonly seriesDays: readonly SeriesDay[];
  readonly enterpriseDays: readonly EnterpriseDay[];
}

/** An enterprise's evidence from `fromDay` to `toDay` (YYYY-MM-DD, both included). */
export type EvidenceSource = (enterprise: string, fromDay: string, toDay: string) => Evidence;

export const NO_EVIDENCE: EvidenceSource = () => ({ seriesDays: [], enterpriseDays: [] });

/** What the analytics' risk directory offers (core/enterprise-risk/risk-directory.ts), as an EvidenceSource. */
export function evidenceFromRiskDirectory(directory: {
  dailyEvidence(enterprise: string, fromDay: string, toDay: string): { readonly series: readonly SeriesDay[]; readonly enterprise: readonly EnterpriseDay[] } | undefined;
}): EvidenceSource {
  return (enterprise, fromDay, toDay) => {
    const days = directory.dailyEvidence(enterprise, fromDay, toDay);
    return days ? { seriesDays: days.series, enterpriseDays: days.enterprise } : { seriesDays: [], enterpriseDays: [] };
  };
}

/** The last day with evidence (sample time), or null when there is none. */
export function lastEvidenceDay(evidence: Evidence): string | null {
  let last: string | null = null;
  for (const d of evidence.seriesDays) if (d.n > 0 && (last === null || d.day > last)) last = d.day;
  for (const d of evidence.enterpriseDays) if (last === null || d.day > last) last = d.day;
  return last;
}
