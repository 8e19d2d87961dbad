import type { SeriesCatalog } from '../../core/catalog/series-catalog.js';
import type { RiskEngine } from '../../core/enterprise-risk/risk-engine.js';
import type { SeriesRegistry } from '../../core/series/series-registry.js';
import type { AlertEvent } from '../../monitor/alert.js';
import type { EpisodeBook } from '../../monitor/episode-book.js';
import type { Logger } from '../../ops/logger.js';
import type { TimeSeriesStore } from '../../store/port.js';
import { loadCheckpoint } from '../monitoring/checkpoint.js';
import { catchUpFromStore, restoreFromEventLog } from './recovery.js';

/** The running state a restore fills, and where it reads from. */
export interface RestoreTarget {
  readonly store: TimeSeriesStore;
  readonly catalog: SeriesCatalog;
  readonly alerts: EpisodeBook;
  readonly registry: SeriesRegistry;
  readonly risk: RiskEngine;
  /** Alert events the catch-up raises go to the journal, as live ones do. */
  readonly journal: (event: AlertEvent) => void;
  readonly checkpointPath: string | null;
  readonly now: number;
  readonly log: Logger;
}

/**
 * Alerts, risk classes and SPC state from the checkpoint and the store, of
 * some enterprises only when given (a shard's share at open; a cluster
 * worker taking them over, which passes no checkpoint: another worker
 * charted them since). A checkpoint's series and risk days of other
 * enterprises are left out.
 */
export async function restoreState(target: RestoreTarget, enterprises?: ReadonlySet<string>): Promise<void> {
  const { store, alerts, registry, risk, log } = target;
  // One pass over the event log, only the enterprises restored: the alert book, the supervision classes and the findings.
  const restored = await restoreFromEventLog(store, alerts, log, enterprises);
  for (const [enterprise, state] of restored.classStates) risk.restoreClass(enterprise, state);
  risk.findings.restore(restored.findings);
  if (target.checkpointPath) {
    const checkpoint = await loadCheckpoint(target.checkpointPath);
    const wanted = (s: { enterprise: string }) => !enterprises || enterprises.has(s.enterprise);
    registry.restore(checkpoint.series.filter(wanted));
    risk.restoreEvidence(checkpoint.riskDays.filter(wanted));
  }
  const replayed = await catchUpFromStore(store, target.catalog, registry, alerts, target.now, target.journal, risk.options.windowMs, enterprises);
  if (replayed > 0) log.info({ points: replayed, enterprises: enterprises?.size }, 'SPC state caught up from the store');
}
