import { estimateBaseline } from './baseline.js';
import { capabilityIndices, expectedPpm, type SpecLimits } from './capability.js';
import { D2_MOVING_RANGE } from './constants.js';
import { IndividualsCharts } from './individuals-charts.js';
import { resolveSpcOptions, type SpcOptions } from './options.js';
import type { AnalysisReport, RejectedRow } from './report.js';
import { RunningStats } from './running-stats.js';
import { SIGNAL, SIGNAL_NAMES, type SignalName } from './signals.js';
import { analyzeSubgroups } from './subgroups.js';

export interface AnalysisInput {
  /** The valid samples in file order; index i is sample index i. */
  samples: ArrayLike<number>;
  /** Data rows in all, valid and rejected. */
  totalRows: number;
  rejected: RejectedRow[];
  spec: SpecLimits;
  options?: Partial<SpcOptions>;
  /** Subgroup size n (2..25) for Xbar-R / Xbar-S, or undefined for individuals only. */
  subgroupSize?: number;
}

/** Batch analysis of one series (docs/spc-conventions.md). Needs at least one sample. */
export function analyzeSeries(input: AnalysisInput): AnalysisReport {
  const { samples, spec } = input;
  if (samples.length === 0) throw new RangeError('a series needs at least one valid sample');
  const options = resolveSpcOptions(input.options);

  const stats = new RunningStats();
  const belowLsl: number[] = [];
  const aboveUsl: number[] = [];
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    stats.push(x);
    if (spec.lsl !== null && x < spec.lsl) belowLsl.push(i);
    if (spec.usl !== null && x > spec.usl) aboveUsl.push(i);
  }
  const sd = stats.sd;
  const subgroups = input.subgroupSize === undefined ? null : analyzeSubgroups(samples, input.subgroupSize);
  const sigmaWithin = subgroups ? subgroups.sigmaWithin : stats.mrBar / D2_MOVING_RANGE;

  const report: AnalysisReport = {
    rows: { total: input.totalRows, valid: samples.length, rejected: input.rejected },
    spec: { lsl: spec.lsl, usl: spec.usl },
    stats: { n: stats.count, mean: stats.mean, sd: nullIfNaN(sd), min: stats.min, max: stats.max, mrBar: nullIfNaN(stats.mrBar) },
    capability: capabilityIndices(stats.mean, sigmaWithin, sd, spec),
    ppm: expectedPpm(stats.mean, sd, spec),
    outOfSpec: { belowLsl, aboveUsl },
    ...individualsCharts(samples, options),
  };
  if (subgroups) {
    const { size, count, limits, outOfControl } = subgroups;
    report.subgroups = { size, count, limits, outOfControl };
  }
  return report;
}

/** Baseline and every chart over all samples from index 0, no reset after a signal. */
function individualsCharts(samples: ArrayLike<number>, options: SpcOptions): Pick<AnalysisReport, 'baseline' | 'signals'> {
  const signals = Object.fromEntries(SIGNAL_NAMES.map((name) => [name, [] as number[]])) as Record<SignalName, number[]>;
  if (samples.length < options.baseline) {
    // The streaming monitor raises nothing until its window closes; neither does the batch.
    return { baseline: { n: samples.length, mean: null, sigma: null, complete: false }, signals };
  }
  const baseline = estimateBaseline(samples, options.baseline);
  const charts = new IndividualsCharts(baseline, options);
  for (let i = 0; i < samples.length; i++) {
    const mask = charts.update(samples[i]);
    if (mask === 0) continue;
    for (const name of SIGNAL_NAMES) if (mask & SIGNAL[name]) signals[name].push(i);
  }
  return { baseline: { n: baseline.n, mean: baseline.mean, sigma: baseline.sigma, complete: true }, signals };
}

function nullIfNaN(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
