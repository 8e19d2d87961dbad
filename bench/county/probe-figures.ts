/** What the probe measured: alert latencies and the shifts that got no alert in time, on each channel. */

/** Where an alert was seen: the MQTT alerts topic, or the regulator's socket on the dashboard. */
export type AlertChannel = 'mqtt' | 'socket';

export interface ChannelFigures {
  /** Publish of the batch -> alert raised on this channel, ms, in arrival order. */
  readonly latenciesMs: readonly number[];
  /** Shifts with no alert on this channel within the probe's patience. */
  readonly missed: number;
}

export interface ProbeFigures {
  /** Step shifts injected while measuring and published. */
  readonly shifts: number;
  readonly mqtt: ChannelFigures;
  readonly socket: ChannelFigures;
  /** Per shift timed on both: socket arrival minus MQTT arrival, ms. */
  readonly dashboardHopMs: readonly number[];
  /** Resolutions the analytics service refused (an unresolved alert hides the next shift on its series), and the first reason. */
  readonly resolveFailures: number;
  readonly firstResolveFailure: string | null;
  /** Alert events (every enterprise's) that reached the regulator's socket so far. */
  readonly socketEvents: number;
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
