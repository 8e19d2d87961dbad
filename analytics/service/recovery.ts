import type { TimeSeriesStore } from '../../store/port.js';
import type { AlertEvent } from '../../monitor/alert.js';
import type { Logger } from '../../ops/logger.js';
import { ALERT_RECORD_KINDS } from '../../protocol/event-log/alert-records.js';
import { readEventLog, type BadEventRecord } from '../../protocol/event-log/read-event-log.js';
import { FINDING_EVENT_KIND, RISK_EVENT_KIND } from '../../protocol/event-kinds.js';
import type { Finding } from '../../core/findings/finding.js';
import type { ClassState } from '../../risk/supervision.js';
import { resumableClassState } from '../risk/risk-publisher.js';
import type { EpisodeBook } from '../../monitor/episode-book.js';
import type { SeriesRegistry } from '../../core/series/series-registry.js';
import type { SeriesCatalog } from '../../core/catalog/series-catalog.js';
import { observeSample } from '../../core/series/observe-sample.js';

/** Bad records logged one by one at most this many times a restore; the rest are counted. */
const BAD_RECORDS_LOGGED = 20;

export interface EventLogRestore {
  /** Alert events replayed into the book. */
  readonly alerts: number;
  /** The newest resumable class state of each enterprise that has one. */
  readonly classStates: Map<string, ClassState>;
  /** The newest stored state of every finding (open and closed), for the tracker to go on with. */
  readonly findings: Finding[];
  /** Records the event-log codec refused: logged (the first few one by one) and skipped. */
  readonly badRecords: number;
}

/**
 * Rebuilds what the event log keeps, in one pass over it, oldest first: the
 * alert book (every episode event) and the supervision class of each
 * enterprise (the stored risk assessments), and the findings (their stored events). A worker taking over
 * enterprises passes them, and only their records are read. A record that
 * does not decode is logged with its identity and the reason and counted;
 * the restore goes on without it.
 */
export async function restoreFromEventLog(store: TimeSeriesStore, book: EpisodeBook, log: Logger, enterprises?: ReadonlySet<string>): Promise<EventLogRestore> {
  let alerts = 0;
  let badRecords = 0;
  const classStates = new Map<string, ClassState>();
  const findings = new Map<string, Finding>();
  const onBad = (bad: BadEventRecord): void => {
    badRecords += 1;
    if (badRecords <= BAD_RECORDS_LOGGED)
      log.warn({ record: { id: bad.id, at: bad.at, kind: bad.kind, enterprise: bad.enterprise }, reason: bad.reason }, 'stored event refused by the event-log codec; restoring without it');
  };
  const query = { kinds: [...ALERT_RECORD_KINDS, RISK_EVENT_KIND, FINDING_EVENT_KIND], ...(enterprises ? { enterprises } : {}) };
  for await (const page of readEventLog(store, query, onBad)) {
    for (const entry of page) {
      if (entry.type === 'alert') {
        book.replay(entry.event);
        alerts += 1;
      } else if (entry.type === 'risk') {
        const state = resumableClassState(entry.assessment.classState);
        if (state) classStates.set(entry.assessment.enterprise, state);
      } else if (entry.type === 'finding') {
        // Oldest first: a later event of the same finding is its newer state.
        findings.set(entry.event.finding.id, entry.event.finding);
      }
    }
  }
  if (badRecords > BAD_RECORDS_LOGGED) log.warn({ badRecords, logged: BAD_RECORDS_LOGGED }, 'more stored events refused by the event-log codec than logged one by one');
  return { alerts, classStates, findings: [...findings.values()], badRecords };
}

/**
 * Brings every configured series up to what the store holds: points stored
 * after the series' checkpointed watermark (or all of them, without a
 * checkpoint) are replayed through its charts, raising the alerts they would
 * have raised. The store holds each point once, in time order, so the charts
 * end where they would have been had the service never stopped. An analytics
 * worker taking over enterprises passes them as `enterprises`.
 */
export async function catchUpFromStore(
  store: TimeSeriesStore,
  catalog: SeriesCatalog,
  registry: SeriesRegistry,
  alerts: EpisodeBook,
  now: number,
  record: (event: AlertEvent) => void,
  windowMs = 0,
  enterprises?: ReadonlySet<string>,
): Promise<number> {
  let replayed = 0;
  const events: AlertEvent[] = [];
  for (const ref of catalog.list()) {
    if (enterprises && !enterprises.has(ref.enterprise)) continue;
    const state = registry.stateOf(ref.enterprise, ref.line, ref.characteristic);
    if (typeof state === 'string') continue;
    if (Number.isFinite(state.lastTs) && windowMs > 0) {
      // Restored from a checkpoint, which keeps no risk window: refill it from the store.
      const recent = await store.readSeries(ref, { from: state.lastTs - windowMs, to: state.lastTs + 1 });
      for (let i = 0; i < recent.ts.length; i++) state.addToWindow(recent.ts[i], recent.value[i]);
    }
    const from = Number.isFinite(state.lastTs) ? state.lastTs + 1 : 0;
    const series = await store.readSeries(ref, { from, to: now + 24 * 3600_000 });
    for (let i = 0; i < series.ts.length; i++) {
      if (observeSample(state, series.ts[i], series.value[i], alerts, now, events)) replayed += 1;
    }
    for (const e of events.splice(0)) record(e);
  }
  return replayed;
}
