import type { Alert, AlertEvent } from '../../monitor/alert.js';
import type { CauseCatalogue } from '../../monitor/causes.js';
import type { EpisodeFilter, Pareto } from '../../monitor/episode-book.js';

export type AlertFilter = EpisodeFilter;

/** The outcome of a bulk acknowledgement: the alerts acknowledged, and each that could not be with why. */
export interface BulkAcknowledgement {
  readonly acknowledged: Alert[];
  readonly failures: { id: string; code: string; message: string }[];
}

/**
 * What the HTTP API and the dashboard need of alert episodes: read them, act
 * on them (with a cause and a corrective action from the catalogue), count
 * their causes, follow them live. The analytics service implements it in
 * process (`linewatch start`); a dashboard running on its own gets one over
 * MQTT. acknowledge/resolve throw AlertActionError (LW_ALERT_NOT_FOUND,
 * LW_ALERT_STATE, LW_ALERT_CAUSE) for an unknown alert, an impossible
 * transition or a cause not in the catalogue.
 */
export interface AlertDirectory {
  list(filter?: AlertFilter): Alert[] | Promise<Alert[]>;
  get(id: string): Alert | undefined | Promise<Alert | undefined>;
  acknowledge(id: string, by: string, comment: string, cause?: string | null, action?: string | null): Alert | Promise<Alert>;
  resolve(id: string, by: string, comment: string, cause: string | null, action: string | null): Alert | Promise<Alert>;
  /** Acknowledges several alerts with one comment (and, optionally, one cause and action); each that cannot be is a failure, the rest go through. */
  acknowledgeMany(ids: readonly string[], by: string, comment: string, cause?: string | null, action?: string | null): BulkAcknowledgement | Promise<BulkAcknowledgement>;
  /** Causes of the episodes matching the filter, most frequent first. */
  pareto(filter?: AlertFilter): Pareto | Promise<Pareto>;
  /** The causes and corrective actions people choose from. */
  readonly catalogue: CauseCatalogue;
  /** Calls `listener` with every alert event as it is published; returns the unsubscribe function. */
  subscribe(listener: (event: AlertEvent) => void): () => void;
}
