import { levelOf, type RiskLevel, type RiskOptions } from './options.js';
import type { SeriesAssessment } from './series-assessment.js';

export interface ScoredSeries {
  readonly line: string;
  readonly characteristic: string;
  readonly assessment: SeriesAssessment;
}

export interface Contribution {
  line: string;
  characteristic: string;
  weight: number;
  /** The series' score times its weight. */
  weighted: number;
  /** Its part of the enterprise score, 0..1 (the parts add up to 1 when the score is above 0). */
  share: number;
}

export interface EnterpriseScore {
  score: number;
  level: RiskLevel;
  /** Every series' part, largest first. */
  contributions: Contribution[];
}

/**
 * An enterprise's score: mostly its worst series, weighted by how
 * safety-critical the characteristic is, plus a part for how widespread the
 * trouble is (the weighted mean of all its series):
 *   score = maxShare * max(w_i r_i) + (1 - maxShare) * sum(w_i r_i) / sum(w_i).
 * One bad conductor line makes a high score; many middling series make a
 * middling one. Each series' share of the score is reported.
 */
export function scoreEnterprise(series: readonly ScoredSeries[], options: RiskOptions): EnterpriseScore {
  if (series.length === 0) return { score: 0, level: 'low', contributions: [] };
  const parts = series.map((s) => {
    const weight = options.weights[s.characteristic as keyof RiskOptions['weights']] ?? 0.5;
    return { line: s.line, characteristic: s.characteristic, weight, weighted: weight * s.assessment.score };
  });
  const totalWeight = parts.reduce((sum, p) => sum + p.weight, 0);
  const worst = parts.reduce((a, b) => (b.weighted > a.weighted ? b : a));
  const meanPart = totalWeight > 0 ? parts.reduce((sum, p) => sum + p.weighted, 0) / totalWeight : 0;
  const score = options.maxShare * worst.weighted + (1 - options.maxShare) * meanPart;
  const contributions = parts
    .map((p) => {
      // The worst series owns the max term; every series its piece of the mean term.
      const own = (p === worst ? options.maxShare * p.weighted : 0) + (totalWeight > 0 ? ((1 - options.maxShare) * p.weighted) / totalWeight : 0);
      return { ...p, share: score > 0 ? own / score : 0 };
    })
    .sort((a, b) => b.share - a.share || b.weighted - a.weighted);
  return { score, level: levelOf(score, options.levels), contributions };
}
