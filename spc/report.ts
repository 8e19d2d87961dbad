import type { CapabilityIndices, ExpectedPpm } from './capability.js';
import type { SignalName } from './signals.js';
import type { ChartLimits } from './subgroups.js';

/** A data row excluded from every statistic, by its 0-based data-row number. */
export interface RejectedRow {
  row: number;
  reason: string;
}

/** The `linewatch analyze --json` report (docs/spc-conventions.md). */
export interface AnalysisReport {
  rows: { total: number; valid: number; rejected: RejectedRow[] };
  spec: { lsl: number | null; usl: number | null };
  stats: { n: number; mean: number; sd: number | null; min: number; max: number; mrBar: number | null };
  capability: CapabilityIndices;
  ppm: ExpectedPpm;
  outOfSpec: { belowLsl: number[]; aboveUsl: number[] };
  /** mu0 and sigma0; null when fewer valid samples than the baseline length. */
  baseline: { n: number; mean: number | null; sigma: number | null; complete: boolean };
  signals: Record<SignalName, number[]>;
  subgroups?: {
    size: number;
    count: number;
    limits: { xbarR: ChartLimits; r: ChartLimits; xbarS: ChartLimits; s: ChartLimits };
    outOfControl: { xbarR: number[]; r: number[]; xbarS: number[]; s: number[] };
  };
}
