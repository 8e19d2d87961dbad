/**
 * One enterprise's class suggestion from what the stack knows of it: its
 * register records, its days of evidence and the spec limits its
 * configuration names, "as of" its last day of evidence (sample time).
 *
 * The one place the ClassificationInput is built, so the live service
 * (supervision-service.ts) and the offline `linewatch assess` suggest the
 * same class from the same records and data.
 */
import type { LinewatchConfig } from '../config/resolve.js';
import { classify, type ClassSuggestion } from '../supervision/classification.js';
import type { ClassificationOptions } from '../supervision/classification-options.js';
import type { SupervisionRecord } from '../supervision/records.js';
import type { SignedMonthlyReview } from '../supervision/routine-condition.js';
import { lastEvidenceDay, type Evidence } from './evidence-source.js';
import { seriesSpecsOf } from './series-specs.js';

export interface ClassSuggestionSources {
  readonly config: Pick<LinewatchConfig, 'enterprises' | 'products'>;
  readonly enterprise: string;
  readonly records: readonly SupervisionRecord[];
  readonly evidence: Evidence;
  /** The day (YYYY-MM-DD) to judge on when the enterprise has no evidence: the wall-clock day live. */
  readonly dayWithoutEvidence: string;
  readonly options: ClassificationOptions;
  /** Its signed monthly reviews (register kind trace.routine), judged where the routine is required. */
  readonly routineReviews?: readonly SignedMonthlyReview[];
}

export function suggestClass(s: ClassSuggestionSources): ClassSuggestion {
  return classify(
    {
      enterprise: s.enterprise,
      asOf: lastEvidenceDay(s.evidence) ?? s.dayWithoutEvidence,
      records: s.records,
      seriesDays: s.evidence.seriesDays,
      enterpriseDays: s.evidence.enterpriseDays,
      specs: seriesSpecsOf(s.config, s.enterprise),
      routineReviews: s.routineReviews ?? [],
    },
    s.options,
  );
}
