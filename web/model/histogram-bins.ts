/**
 * Bins of a histogram of the points in view, wide enough to show the spec
 * limits beside the data: whether the distribution sits against a limit is
 * the question a regulator asks of it.
 */
export interface Histogram {
  readonly lo: number;
  readonly hi: number;
  readonly width: number;
  readonly counts: number[];
  readonly max: number;
}

export function histogramBins(values: readonly number[], limits: ReadonlyArray<number | null>): Histogram | null {
  if (values.length === 0) return null;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  let lo = min;
  let hi = max;
  for (const l of limits) {
    if (l === null) continue;
    lo = Math.min(lo, l);
    hi = Math.max(hi, l);
  }
  const span = hi - lo || Math.abs(hi) * 0.01 || 1;
  lo -= span * 0.04;
  hi += span * 0.04;
  // About sqrt(n) bins over the data itself (Excel's rule), within 8..60 so small and huge windows both read.
  const dataBins = Math.max(8, Math.min(60, Math.round(Math.sqrt(values.length))));
  const width = (max - min || span / 20) / dataBins;
  const count = Math.max(1, Math.min(200, Math.ceil((hi - lo) / width)));
  const binWidth = (hi - lo) / count;
  const counts = new Array<number>(count).fill(0);
  for (const v of values) counts[Math.min(count - 1, Math.max(0, Math.floor((v - lo) / binWidth)))] += 1;
  return { lo, hi, width: binWidth, counts, max: Math.max(...counts) };
}
