import type { Alert, AlertEvent } from './alert.js';

export interface AlertFilter {
  readonly enterprise?: string;
  readonly status?: Alert['status'];
  /** Alerts raised or signalling at or after this time, ms UTC. */
  readonly since?: number;
}

/**
 * What the HTTP API and the dashboard need of alerts: read them, act on them,
 * follow them live. The analytics service implements it in process
 * (`linewatch start`); a dashboard running on its own gets one over MQTT.
 * acknowledge/resolve throw AlertActionError (LW_ALERT_NOT_FOUND,
 * LW_ALERT_STATE) for an unknown alert or an impossible transition.
 */
export interface AlertDirectory {
  list(filter?: AlertFilter): Alert[] | Promise<Alert[]>;
  get(id: string): Alert | undefined | Promise<Alert | undefined>;
  acknowledge(id: string, by: string, comment: string): Alert | Promise<Alert>;
  resolve(id: string, by: string, comment: string): Alert | Promise<Alert>;
  /** Calls `listener` with every alert event as it is published; returns the unsubscribe function. */
  subscribe(listener: (event: AlertEvent) => void): () => void;
}
