import { subgroupConstants } from './constants.js';

export interface ChartLimits {
  center: number;
  ucl: number;
  lcl: number;
}

export interface SubgroupAnalysis {
  size: number;
  /** Complete subgroups; a trailing partial block is left out. */
  count: number;
  limits: { xbarR: ChartLimits; r: ChartLimits; xbarS: ChartLimits; s: ChartLimits };
  outOfControl: { xbarR: number[]; r: number[]; xbarS: number[]; s: number[] };
  /** Rbar / d2(n): the within-subgroup sigma used for the C indices. */
  sigmaWithin: number;
  /** Per-subgroup statistics, for charts. */
  means: number[];
  ranges: number[];
  sds: number[];
}

/** Indices of the points strictly beyond a chart's limits. */
function beyond(points: number[], limits: ChartLimits): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length; i++) {
    if (points[i] > limits.ucl || points[i] < limits.lcl) out.push(i);
  }
  return out;
}

/**
 * Xbar-R and Xbar-S charts with retrospective limits from all complete
 * subgroups of `size` consecutive samples (docs/spc-conventions.md, "Subgroups").
 * Returns null when there is not one complete subgroup.
 */
export function analyzeSubgroups(samples: ArrayLike<number>, size: number): SubgroupAnalysis | null {
  const k = subgroupConstants(size);
  const count = Math.floor(samples.length / size);
  if (count === 0) return null;
  const means: number[] = new Array(count);
  const ranges: number[] = new Array(count);
  const sds: number[] = new Array(count);
  for (let g = 0; g < count; g++) {
    const start = g * size;
    let sum = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let j = start; j < start + size; j++) {
      const x = samples[j];
      sum += x;
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const mean = sum / size;
    let ss = 0;
    for (let j = start; j < start + size; j++) ss += (samples[j] - mean) ** 2;
    means[g] = mean;
    ranges[g] = hi - lo;
    sds[g] = Math.sqrt(ss / (size - 1));
  }
  const grandMean = average(means);
  const rBar = average(ranges);
  const sBar = average(sds);
  const limits = {
    xbarR: { center: grandMean, ucl: grandMean + k.A2 * rBar, lcl: grandMean - k.A2 * rBar },
    r: { center: rBar, ucl: k.D4 * rBar, lcl: k.D3 * rBar },
    xbarS: { center: grandMean, ucl: grandMean + k.A3 * sBar, lcl: grandMean - k.A3 * sBar },
    s: { center: sBar, ucl: k.B4 * sBar, lcl: k.B3 * sBar },
  };
  return {
    size,
    count,
    limits,
    outOfControl: {
      xbarR: beyond(means, limits.xbarR),
      r: beyond(ranges, limits.r),
      xbarS: beyond(means, limits.xbarS),
      s: beyond(sds, limits.s),
    },
    sigmaWithin: rBar / k.d2,
    means,
    ranges,
    sds,
  };
}

function average(xs: number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}
