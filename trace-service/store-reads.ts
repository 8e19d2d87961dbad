/**
 * What the trace reads from the store's event log: the reels' quality
 * records (`reel.recorded`, one per reel: each write replaces the one
 * before) and the alert episodes (the newest state of each, folded from its
 * lifecycle events). A record that does not decode is counted in `bad`,
 * never dropped silently and never fatal to the read.
 *
 * A reel record is stored at its start and an episode's events at the times
 * they happened, so a read for a span looks back TRACE_LOOKBACK_MS before it
 * for reels still being wound and episodes still open when the span began.
 */
import { ENTERPRISE_SCOPE, enterpriseOfAlertId, type Alert } from '../monitor/alert.js';
import { ALERT_RECORD_KINDS, decodeAlertRecord } from '../protocol/event-log/alert-records.js';
import { storedEventPages } from '../protocol/event-log/read-event-log.js';
import { decodeReelRecord } from '../protocol/event-log/reel-records.js';
import { REEL_RECORD_KIND, reelEventId } from '../protocol/event-kinds.js';
import type { TimeSeriesStore } from '../store/port.js';
import type { ReelRecord } from '../trace/reels/reel-record.js';
import type { AlertEpisodeSummary } from '../trace/trace-view.js';

/** How far before a span the reads look for a reel or an episode that began earlier: 31 days. ms */
export const TRACE_LOOKBACK_MS = 31 * 24 * 3_600_000;

export interface BadStoredRecord {
  readonly id: string;
  readonly kind: string;
  readonly reason: string;
}

type Reader = Pick<TimeSeriesStore, 'readEventPage' | 'readEvents'>;

/** The enterprise's reel records stored in [from, to) (by start time). */
export async function readReels(store: Reader, enterprise: string, range: { from?: number; to?: number }, bad: BadStoredRecord[]): Promise<ReelRecord[]> {
  const reels: ReelRecord[] = [];
  const query = { enterprises: [enterprise], kinds: [REEL_RECORD_KIND], ...(range.from !== undefined ? { from: Math.max(0, range.from) } : {}), ...(range.to !== undefined ? { to: range.to } : {}) };
  for await (const page of storedEventPages(store, query)) {
    for (const record of page) {
      const decoded = decodeReelRecord(record);
      if (decoded.ok) reels.push(decoded.value);
      else bad.push({ id: record.id, kind: record.kind, reason: decoded.reason });
    }
  }
  return newestPerReel(reels);
}

/** One reel's record, or null when the store has none. */
export async function readReel(store: Reader, enterprise: string, reel: string, bad: BadStoredRecord[]): Promise<ReelRecord | null> {
  const records = (await store.readEvents({ enterprise, id: reelEventId(reel) })).filter((r) => r.kind === REEL_RECORD_KIND);
  const reels: ReelRecord[] = [];
  for (const record of records) {
    const decoded = decodeReelRecord(record);
    if (decoded.ok) reels.push(decoded.value);
    else bad.push({ id: record.id, kind: record.kind, reason: decoded.reason });
  }
  return newestPerReel(reels)[0] ?? null;
}

/** Records of one reel stored at different starts (a start mark corrected): the latest start wins. */
function newestPerReel(reels: readonly ReelRecord[]): ReelRecord[] {
  const byReel = new Map<string, ReelRecord>();
  for (const r of reels) {
    const known = byReel.get(r.reel);
    if (known === undefined || r.startedAt >= known.startedAt) byReel.set(r.reel, r);
  }
  return [...byReel.values()];
}

/** The enterprise's episodes with an event at or after `from` (less the lookback): each as its newest state. */
export async function readEpisodes(store: Reader, enterprise: string, from: number, bad: BadStoredRecord[]): Promise<AlertEpisodeSummary[]> {
  const latest = new Map<string, { at: number; alert: Alert }>();
  for await (const page of storedEventPages(store, { enterprises: [enterprise], kinds: [...ALERT_RECORD_KINDS], from: Math.max(0, from - TRACE_LOOKBACK_MS) })) {
    for (const record of page) {
      const decoded = decodeAlertRecord(record);
      if (!decoded.ok) {
        bad.push({ id: record.id, kind: record.kind, reason: decoded.reason });
        continue;
      }
      const known = latest.get(decoded.value.alert.id);
      if (known === undefined || decoded.value.at >= known.at) latest.set(decoded.value.alert.id, { at: decoded.value.at, alert: decoded.value.alert });
    }
  }
  return [...latest.values()]
    .map((e) => e.alert)
    .filter(isSeriesEpisode)
    .map(episodeSummary);
}

/** One episode by id (its enterprise is the id's first part), as its newest state; null when the store has none. */
export async function readEpisode(store: Reader, id: string, bad: BadStoredRecord[]): Promise<AlertEpisodeSummary | null> {
  let newest: { at: number; alert: Alert } | null = null;
  for (const record of await store.readEvents({ enterprise: enterpriseOfAlertId(id), id })) {
    if (!(ALERT_RECORD_KINDS as readonly string[]).includes(record.kind)) continue;
    const decoded = decodeAlertRecord(record);
    if (!decoded.ok) bad.push({ id: record.id, kind: record.kind, reason: decoded.reason });
    else if (newest === null || decoded.value.at >= newest.at) newest = { at: decoded.value.at, alert: decoded.value.alert };
  }
  return newest !== null && isSeriesEpisode(newest.alert) ? episodeSummary(newest.alert) : null;
}

/** Enterprise-wide alerts (the risk level) belong to no line, so no reel. */
function isSeriesEpisode(a: Alert): boolean {
  return !(a.line === ENTERPRISE_SCOPE.line && a.characteristic === ENTERPRISE_SCOPE.characteristic);
}

/** The episode as the trace reads it: it ends at the sample that resolved it, or its last signal when a person resolved it. */
export function episodeSummary(a: Alert): AlertEpisodeSummary {
  const closedAt = a.resolvedSampleTs ?? (a.status === 'resolved' ? a.lastSampleTs : null);
  return {
    id: a.id,
    enterprise: a.enterprise,
    line: a.line,
    characteristic: a.characteristic,
    rule: a.rule,
    severity: a.severity,
    openedAt: a.firstSampleTs,
    closedAt,
    cause: a.resolved?.cause ?? a.acknowledged?.cause ?? null,
  };
}
