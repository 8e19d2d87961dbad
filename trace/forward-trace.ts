/**
 * The forward trace: from what went wrong (a line over a time range, an
 * alert episode, a material lot) to every reel it touched, each with its
 * verdict, tests and where it was shipped, and the customers to recall from.
 *
 * A reel is touched by a span when its own span [startedAt, endedAt)
 * overlaps it; an open reel (endedAt null) runs on. An episode's span is
 * [openedAt, closedAt), its opening instant at least (the sample that
 * resolved it was good again); an open episode runs on.
 */
import type { ReelRecord } from './reels/reel-record.js';
import type { TraceRecordSet } from './trace-inputs.js';
import type { AlertEpisodeSummary, ForwardTrace, ReelShipment, ReelTestsSummary, ResolvedTraceBasis, SkippedTraceRecord, TracedReel, UnrecordedReel } from './trace-view.js';

/** True when the reel was being wound at some instant of [from, to). */
export function reelOverlaps(reel: Pick<ReelRecord, 'startedAt' | 'endedAt'>, from: number, to: number): boolean {
  return reel.startedAt < to && (reel.endedAt === null || reel.endedAt > from) && from < to;
}

/** The episode's span as a half-open range: at least its opening instant. */
export function episodeSpan(episode: Pick<AlertEpisodeSummary, 'openedAt' | 'closedAt'>): { from: number; to: number } {
  const to = episode.closedAt === null ? Number.POSITIVE_INFINITY : Math.max(episode.closedAt, episode.openedAt + 1);
  return { from: episode.openedAt, to };
}

/** Metres wound, where both counters were read. */
export function reelLength(reel: Pick<ReelRecord, 'startM' | 'endM'>): number | null {
  return reel.startM !== null && reel.endM !== null ? reel.endM - reel.startM : null;
}

/** The material-lot record ids a lot basis names: the record's id, else every record with that supplier lot number. */
export function lotIds(records: TraceRecordSet, lot: string): string[] {
  const byId = records.lots.filter((l) => l.id === lot);
  return (byId.length > 0 ? byId : records.lots.filter((l) => l.lot === lot)).map((l) => l.id);
}

export interface ForwardTraceInput {
  readonly enterprise: string;
  readonly basis: ResolvedTraceBasis;
  /** The enterprise's reel records (the newest write of each); others are ignored. */
  readonly reels: readonly ReelRecord[];
  readonly records: TraceRecordSet;
  readonly skipped?: readonly SkippedTraceRecord[];
}

export function forwardTrace(input: ForwardTraceInput): ForwardTrace {
  const { enterprise, basis } = input;
  const records = ownRecords(input.records, enterprise);
  const own = input.reels.filter((r) => r.enterprise === enterprise);
  let affected: ReelRecord[];
  let unrecordedIds: string[] = [];
  if (basis.by === 'line') {
    affected = own.filter((r) => r.line === basis.line && reelOverlaps(r, basis.from, basis.to));
  } else if (basis.by === 'episode') {
    const { from, to } = episodeSpan(basis.episode);
    affected = own.filter((r) => r.line === basis.episode.line && reelOverlaps(r, from, to));
  } else {
    const ids = new Set(basis.lots.map((l) => l.id));
    const reelIds = new Set(records.reelLots.filter((rl) => rl.lots.some((l) => ids.has(l))).map((rl) => rl.reel));
    affected = own.filter((r) => reelIds.has(r.reel));
    const recorded = new Set(affected.map((r) => r.reel));
    unrecordedIds = [...reelIds].filter((id) => !recorded.has(id)).sort();
  }
  affected.sort((a, b) => a.startedAt - b.startedAt || (a.reel < b.reel ? -1 : a.reel > b.reel ? 1 : 0));
  const reels = affected.map((r) => tracedReel(r, records));
  const unrecorded: UnrecordedReel[] = unrecordedIds.map((reel) => ({ reel, tests: testsOf(reel, records), shipments: shipmentsOf(reel, records) }));
  const customers = [...new Set([...reels, ...unrecorded].flatMap((r) => r.shipments.map((s) => s.customer)))].sort();
  return { enterprise, basis, reels, unrecorded, customers, skipped: input.skipped ?? [] };
}

/** Only the enterprise's records: a trace never joins across enterprises. */
export function ownRecords(records: TraceRecordSet, enterprise: string): TraceRecordSet {
  const own = <T extends { readonly enterprise: string }>(list: readonly T[]): T[] => list.filter((r) => r.enterprise === enterprise);
  return { lots: own(records.lots), reelLots: own(records.reelLots), tests: own(records.tests), shipments: own(records.shipments) };
}

function tracedReel(r: ReelRecord, records: TraceRecordSet): TracedReel {
  return {
    reel: r.reel,
    line: r.line,
    product: r.product,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    status: r.status,
    verdict: r.verdict,
    nonconforming: r.characteristics.filter((c) => c.verdict === 'nonconforming').map((c) => c.characteristic),
    lengthM: reelLength(r),
    tests: testsOf(r.reel, records),
    shipments: shipmentsOf(r.reel, records),
  };
}

function testsOf(reel: string, records: TraceRecordSet): ReelTestsSummary {
  const tests = records.tests.filter((t) => t.reel === reel);
  return { count: tests.length, failed: tests.filter((t) => t.result === 'fail').map((t) => t.test) };
}

function shipmentsOf(reel: string, records: TraceRecordSet): ReelShipment[] {
  return records.shipments
    .filter((s) => s.reels.includes(reel))
    .map((s) => ({ shipment: s.id, customer: s.customer, destination: s.destination, shippedOn: s.shippedOn, document: s.document }))
    .sort((a, b) => (a.shippedOn < b.shippedOn ? -1 : a.shippedOn > b.shippedOn ? 1 : 0));
}
