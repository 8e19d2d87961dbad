/**
 * prom-client's default metrics of this Node process: CPU, memory, open
 * file descriptors, handles, heap spaces, event-loop lag and GC durations
 * (process_* and nodejs_*, the names Node.js dashboards expect).
 *
 * They are collected ONCE per process and shared by every MetricsRegistry in
 * it: `collectDefaultMetrics` starts an event-loop delay monitor and a GC
 * performance observer on each call and prom-client has no way to stop them,
 * so one set per registry would pile up monitors in a process that builds
 * many (the embedded stack in tests). Several services in one process are
 * one process anyway. Neither keeps the process alive (libuv unrefs both).
 * A scrape resets the event-loop delay percentiles (prom-client does), so
 * two registries scraped in one process each see the delays since either's
 * last scrape; a deployed service has one registry.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * Sampling interval of the event-loop delay monitor. ms. prom-client's 10
 * costs an idle process ~0.8% of a core (a wake-up every 10 ms); 20 halves
 * that. The lag min/mean/percentiles include the interval (an idle process
 * reads ~0.02 s); nodejs_eventloop_lag_seconds (measured at scrape) does not.
 */
export const EVENT_LOOP_SAMPLING_MS = 20;

let shared: Registry | undefined;

/** The registry holding this process's default metrics, created on first use (a process with no /metrics starts no monitor). */
export function processMetrics(): Registry {
  if (shared === undefined) {
    shared = new Registry();
    collectDefaultMetrics({ register: shared, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLING_MS });
  }
  return shared;
}
