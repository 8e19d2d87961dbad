/**
 * What every service's `fromConfig` returns, whichever service it is: the
 * CLI, the embedded stack and the operations endpoints drive the broker,
 * analytics, the dashboard and each gateway the same way through it.
 */
import type { MetricsRegistry } from './metrics.js';

/** The /readyz answer: `ok` decides 200 or 503; `detail` says why, as JSON. */
export interface ServiceReadiness {
  readonly ok: boolean;
  readonly detail?: unknown;
}

export interface ServiceLifecycle<Started = void, Readiness extends ServiceReadiness = ServiceReadiness> {
  /** Starts the service; a failed start leaves nothing of it running. */
  start(): Promise<Started>;
  /** Stops it, finishing or handing back the work in flight. */
  stop(): Promise<void>;
  ready(): Promise<Readiness>;
  /** The registry its metrics are in (rendered by /metrics). */
  readonly metrics: MetricsRegistry;
}
