import type { SeriesCatalog } from '../../core/catalog/series-catalog.js';
import type { Logger } from '../../ops/logger.js';
import { REEL_ENDED_KIND, REEL_RECORD_KIND, REEL_STARTED_KIND } from '../../protocol/event-kinds.js';
import { readEventLog } from '../../protocol/event-log/read-event-log.js';
import type { TimeSeriesStore } from '../../store/port.js';
import type { ReelMark } from '../../trace/reels/reel-mark.js';
import type { ReelRecord } from '../../trace/reels/reel-record.js';
import { marksInOrder, type ReelTracker } from '../../trace/reels/reel-tracker.js';

/** How far back a restart looks for reels left unfinished: a reel is wound in hours, a stop lasts less than a week. */
export const REEL_RECOVERY_WINDOW_MS = 7 * 24 * 3600_000;

/** What a restore of the reels did, for the log and tests. */
export interface ReelRecovery {
  /** Reels open again in the tracker. */
  readonly reopened: number;
  /** Reels whose end was stored without their final record: computed now. */
  readonly finished: number;
  /** Stored readings read to rebuild them. */
  readonly readings: number;
  /** The records to write (final ones, and the open ones as rebuilt). */
  readonly records: ReelRecord[];
}

interface StoredReel {
  readonly enterprise: string;
  start: ReelMark | null;
  end: ReelMark | null;
  final: boolean;
}

/**
 * Rebuilds the reels the event log leaves unfinished: a reel started with no
 * final record is open again, or, when its end (its end mark, or the next
 * reel's start on its line) is stored, gets its final record now. Each line
 * with such a reel has its stored marks applied and its stored readings since
 * the earliest such start counted in again, so the records equal what an
 * uninterrupted run computed (stored readings carry no position: the metres
 * out of spec of a rebuilt reel are unknown, null). Bounded: only reels
 * started within `windowMs` before `now` are looked at.
 */
export async function recoverReels(
  store: TimeSeriesStore,
  catalog: SeriesCatalog,
  tracker: ReelTracker,
  lineProduct: (enterprise: string, line: string) => string | null,
  now: number,
  windowMs: number,
  log: Logger,
  enterprises?: ReadonlySet<string>,
): Promise<ReelRecovery> {
  const reels = new Map<string, StoredReel>();
  let bad = 0;
  const query = { kinds: [REEL_STARTED_KIND, REEL_ENDED_KIND, REEL_RECORD_KIND], from: Math.max(0, now - windowMs), ...(enterprises ? { enterprises } : {}) };
  for await (const page of readEventLog(store, query, (record) => {
    bad += 1;
    if (bad <= 5) log.warn({ record: { id: record.id, at: record.at, kind: record.kind }, reason: record.reason }, 'stored reel event refused by the codec; reels restored without it');
  })) {
    for (const entry of page) {
      if (entry.type !== 'reel-mark' && entry.type !== 'reel') continue;
      const enterprise = entry.record.enterprise;
      const reelId = entry.type === 'reel' ? entry.reel.reel : entry.mark.reel;
      const key = `${enterprise}/${reelId}`;
      let reel = reels.get(key);
      if (reel === undefined) reels.set(key, (reel = { enterprise, start: null, end: null, final: false }));
      if (entry.type === 'reel') reel.final ||= entry.reel.status === 'final';
      else if (entry.mark.event === 'start') reel.start = entry.mark;
      else reel.end = entry.mark;
    }
  }
  // Per line, the earliest start of a reel without its final record: from there its marks and readings are replayed.
  const fromByLine = new Map<string, { enterprise: string; line: string; from: number }>();
  const unfinished = new Set<string>();
  for (const [key, reel] of reels) {
    if (reel.final || reel.start === null) continue;
    unfinished.add(key);
    const lineKey = `${reel.enterprise}/${reel.start.line}`;
    const held = fromByLine.get(lineKey);
    if (held === undefined || reel.start.ts < held.from) fromByLine.set(lineKey, { enterprise: reel.enterprise, line: reel.start.line, from: reel.start.ts });
  }
  let readings = 0;
  let problems = 0;
  for (const { enterprise, line, from } of fromByLine.values()) {
    const marks: ReelMark[] = [];
    for (const reel of reels.values()) {
      if (reel.enterprise !== enterprise) continue;
      for (const m of [reel.start, reel.end]) if (m !== null && m.line === line && m.ts >= from) marks.push(m);
    }
    for (const m of marksInOrder(marks)) {
      const problem = tracker.mark(enterprise, m, m.event === 'start' && m.product === undefined ? lineProduct(enterprise, line) : null);
      if (problem !== null && ++problems <= 5) log.warn({ enterprise, reason: problem }, 'stored reel mark not applied while restoring the reels');
    }
    for (const ref of catalog.list()) {
      if (ref.enterprise !== enterprise || ref.line !== line) continue;
      const series = await store.readSeries(ref, { from, to: now + 24 * 3600_000 });
      for (let i = 0; i < series.ts.length; i++) tracker.reading(enterprise, line, ref.characteristic, series.ts[i], series.value[i]);
      readings += series.ts.length;
    }
  }
  // Reels already final in the store stay as stored (their metres came from positions a rebuild cannot see).
  const records = tracker.takeChanged(true).filter((r) => unfinished.has(`${r.enterprise}/${r.reel}`));
  const reopened = records.filter((r) => r.status === 'open').length;
  const finished = records.length - reopened;
  if (records.length > 0 || bad > 0 || problems > 0) log.info({ reopened, finished, readings, badRecords: bad, markProblems: problems }, 'reels restored from the store');
  return { reopened, finished, readings, records };
}
