/** The figures of one county run: what the table shows, the JSON holds and the results file keeps. */
import type { AnalyticsWindow } from './analytics-window.js';
import type { MachineDescription } from './machine.js';
import type { CountyOptions } from './options.js';
import type { LatencySummary } from './probe-figures.js';
import type { Usage } from './process-sampler.js';

/** What a county asks of one machine (docs/design.md, "Scale"; issue 8). */
export const COUNTY_TARGET = Object.freeze({
  pointsPerSecond: 126_000,
  alertP99Ms: 250,
});

export interface TimelinePoint {
  /** s since the gateways started. */
  readonly t: number;
  /** Points the analytics service had stored (its counter). */
  readonly stored: number;
  /** Points sent and not yet acknowledged, plus readings not yet sent, at the gateways. */
  readonly backlogPoints: number;
  /** CPU of each process at this moment, % of one core. */
  readonly cpu: Readonly<Record<string, number>>;
}

export interface CountyResult {
  readonly machine: MachineDescription;
  readonly options: CountyOptions;
  readonly layout: {
    readonly gateways: number;
    readonly series: number;
    readonly pointsPerBatch: number;
    readonly offeredPointsPerSecond: number;
    readonly connectSeconds: number;
  };
  readonly window: { readonly seconds: number };
  readonly ingest: {
    /** Stored with SPC evaluated, from the analytics service's own counter, over the window. */
    readonly storedPerSecond: number;
    /** Published by the gateways over the window. */
    readonly sentPerSecond: number;
    readonly analytics: AnalyticsWindow;
    /** Gateway backlog (points) at the start and end of the window. */
    readonly backlogStartPoints: number;
    readonly backlogEndPoints: number;
  };
  readonly delivery: {
    readonly sentPoints: number;
    readonly ackedPoints: number;
    readonly storedAcked: number;
    readonly duplicates: number;
    readonly rejected: number;
    /** Points found in the store after the run (one count over every series). */
    readonly pointsInStore: number;
    readonly lostPoints: number;
    readonly drainSeconds: number;
    readonly drained: boolean;
    readonly disconnects: number;
  };
  readonly alerts: LatencySummary & { readonly shifts: number; readonly missed: number };
  readonly processes: Readonly<Record<string, Usage | null>>;
  readonly store: {
    readonly bytes: number;
    readonly bytesPerMillionPoints: number;
  };
  readonly verdict: {
    readonly ingestMet: boolean;
    readonly latencyMet: boolean;
    readonly nothingLost: boolean;
    readonly notes: readonly string[];
  };
  readonly timeline: readonly TimelinePoint[];
}
