/** What the probe measured: alert latencies and the shifts that got no alert in time. */

export interface ProbeFigures {
  /** Step shifts injected while measuring and published. */
  readonly shifts: number;
  /** Publish -> alert raised on the alerts topic, ms, in arrival order. */
  readonly latenciesMs: readonly number[];
  /** Shifts with no alert within the probe's patience. */
  readonly missed: number;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** Nearest-rank percentiles. */
export function summarizeLatencies(latencies: readonly number[]): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]);
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : null };
}
