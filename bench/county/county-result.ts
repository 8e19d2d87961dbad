/** The figures of one county run: what the table shows, the JSON holds and the results file keeps. */
import type { AnalyticsWindow } from './analytics-window.js';
import type { MachineDescription } from './machine.js';
import { type CountyOptions, offeredPointsPerSecond } from './options.js';
import type { LatencySummary } from './probe-figures.js';
import type { Usage } from './process-sampler.js';
import type { ThreadUsage } from './thread-sampler.js';

/** What one county asks of one machine (issue 16): its readings stored as they come, alerts on the regulator's socket within half a second. */
export const COUNTY_TARGET = Object.freeze({
  pointsPerSecond: 126_000,
  alertP99Ms: 500,
});

export interface CountyTarget {
  /** What the run offers and must sustain: 126,000 x scale points/s with the default enterprises. */
  readonly pointsPerSecond: number;
  /** p99 from the publish of the batch completing a signal to its alert on the regulator's socket, ms. */
  readonly alertP99Ms: number;
}

/** The target of one run: the county scaled by the run's enterprises (round(1050 x scale) unless enterprises= is given). */
export function countyTarget(o: CountyOptions): CountyTarget {
  return { pointsPerSecond: offeredPointsPerSecond(o), alertP99Ms: COUNTY_TARGET.alertP99Ms };
}

/** Latencies on one channel, and the shifts whose alert never arrived on it. */
export type ChannelLatency = LatencySummary & { readonly missed: number };

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
    /** Readings (of every series of a gateway) in one batch: batchms x hz / 1000. */
    readonly readingsPerBatch: number;
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
  readonly alerts: {
    readonly shifts: number;
    /** To the 'alert' event on the regulator's socket.io channel of the dashboard process: the target's measure. */
    readonly socket: ChannelLatency;
    /** To the alert event on linewatch/v1/alerts/<enterprise> (a dashboard-role MQTT client). */
    readonly mqtt: ChannelLatency;
    /** Per shift, socket arrival minus MQTT arrival: what the dashboard's hop adds. */
    readonly dashboardHop: LatencySummary;
    /** Alert events of every enterprise the regulator's socket received per second over the window. */
    readonly socketEventsPerSecond: number;
    /** Resolutions the analytics service refused: each leaves an alert open that hides the next shift on its series. */
    readonly resolveFailures: number;
    readonly firstResolveFailure: string | null;
  };
  readonly processes: Readonly<Record<string, Usage | null>>;
  /** The threads of the analytics service (and influxd), busiest first: whether its work spreads over the cores. */
  readonly threads: Readonly<Record<string, readonly ThreadUsage[]>>;
  readonly store: {
    readonly bytes: number;
    readonly bytesPerMillionPoints: number;
  };
  readonly target: CountyTarget;
  readonly verdict: {
    readonly ingestMet: boolean;
    readonly latencyMet: boolean;
    readonly nothingLost: boolean;
    readonly notes: readonly string[];
  };
  readonly timeline: readonly TimelinePoint[];
}
