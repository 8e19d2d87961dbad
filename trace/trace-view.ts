/**
 * What a trace answers, as types: the forward trace (from a line and time
 * range, an alert episode or a material lot to every affected reel and where
 * it went) and the reverse trace of one reel (its lots, quality record,
 * calibration, episodes, tests and shipments). These are the shapes of the
 * dashboard's /api/trace/reels answers, so the web imports them from here.
 *
 * Times of reels and episodes are ms UTC as in the reel record; register
 * dates stay as the register writes them ('YYYY-MM-DD', ISO instants).
 */
import type { MaterialLotRecord, RecallRecord, ReelTestRecord, ShipmentRecord } from './records/trace-records.js';
import type { ReelRecord, ReelVerdict } from './reels/reel-record.js';

/**
 * An alert episode as the trace needs it: trace/ may not import core/, so the
 * service hands episodes over in this plain form. Its span is
 * [openedAt, closedAt], closedAt null while the episode is open.
 */
export interface AlertEpisodeSummary {
  readonly id: string;
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: string;
  readonly rule: string;
  readonly severity: string;
  /** Sample time of the signal that opened it, ms. */
  readonly openedAt: number;
  /** Sample time it resolved at, ms; null while open. */
  readonly closedAt: number | null;
  /** The cause given when it was acknowledged or resolved; null when none was. */
  readonly cause: string | null;
}

/** What a forward trace starts from, as asked. Times are ms; `to` is exclusive. */
export type TraceBasis =
  | { readonly by: 'line'; readonly line: string; readonly from: number; readonly to: number }
  | { readonly by: 'episode'; readonly episode: string }
  | { readonly by: 'lot'; readonly lot: string };

/** The basis as resolved: an episode's line and span, a lot's records. */
export type ResolvedTraceBasis =
  | { readonly by: 'line'; readonly line: string; readonly from: number; readonly to: number }
  | { readonly by: 'episode'; readonly episode: AlertEpisodeSummary }
  | { readonly by: 'lot'; readonly lot: string; readonly lots: readonly MaterialLotRecord[] };

/** Where one reel was shipped. */
export interface ReelShipment {
  /** The shipment record's id. */
  readonly shipment: string;
  readonly customer: string;
  readonly destination: string;
  readonly shippedOn: string;
  readonly document: string;
}

/** The reel's finished-product tests in brief. */
export interface ReelTestsSummary {
  readonly count: number;
  /** The tests with result 'fail' (their `test` names), in the order recorded. */
  readonly failed: readonly string[];
}

/** One reel of a forward trace. */
export interface TracedReel {
  readonly reel: string;
  readonly line: string;
  readonly product: string | null;
  readonly startedAt: number;
  readonly endedAt: number | null;
  readonly status: ReelRecord['status'];
  readonly verdict: ReelVerdict;
  /** The characteristics judged nonconforming on it. */
  readonly nonconforming: readonly string[];
  /** Metres wound (end counter minus start counter), null where a counter was not read. */
  readonly lengthM: number | null;
  readonly tests: ReelTestsSummary;
  /** Where it went; empty while it has not been shipped. */
  readonly shipments: readonly ReelShipment[];
}

/** An affected reel the store has no quality record of. */
export interface UnrecordedReel {
  readonly reel: string;
  readonly tests: ReelTestsSummary;
  readonly shipments: readonly ReelShipment[];
}

/** A register record the trace could not read as its kind (a body without the fields it needs): left out, and counted here. */
export interface SkippedTraceRecord {
  readonly id: string;
  readonly kind: string;
  readonly reason: string;
}

/** GET /api/trace/reels: every affected reel with its verdict and where it went, and the recall list. */
export interface ForwardTrace {
  readonly enterprise: string;
  readonly basis: ResolvedTraceBasis;
  /** By start time, then reel id. */
  readonly reels: readonly TracedReel[];
  /**
   * Reels a lot trace reaches through the register's reel-lots that have no
   * quality record in the store: still affected, still recalled.
   */
  readonly unrecorded: readonly UnrecordedReel[];
  /** Distinct customers any affected reel (recorded or not) was shipped to, sorted: the recall list. */
  readonly customers: readonly string[];
  readonly skipped: readonly SkippedTraceRecord[];
}

export type CalibrationStatus = 'valid' | 'lapsed' | 'not-registered';

/** The gauge calibration of one characteristic over the days the reel was wound. */
export interface ReelCalibration {
  readonly characteristic: string;
  /** valid: a certificate covered every day; lapsed: a registered gauge, but some day no certificate; not-registered: no gauge in the register. */
  readonly status: CalibrationStatus;
  /** The instruments whose certificates covered some day of the reel. */
  readonly instruments: readonly string[];
  /** The days ('YYYY-MM-DD') no certificate covered; empty unless lapsed. */
  readonly uncoveredDays: readonly string[];
}

/** GET /api/trace/reels/:reel: the reel and everything known about it. */
export interface ReelTrace {
  readonly enterprise: string;
  /** The quality record as stored (line, product, span, per characteristic statistics, verdict). */
  readonly record: ReelRecord;
  readonly lengthM: number | null;
  /** The material lot records it consumed. */
  readonly lots: readonly MaterialLotRecord[];
  /** Lot ids its reel-lots name that no material-lot record has. */
  readonly unknownLots: readonly string[];
  readonly calibration: readonly ReelCalibration[];
  /** Episodes on its line overlapping its span, by opening time. */
  readonly episodes: readonly AlertEpisodeSummary[];
  readonly tests: readonly ReelTestRecord[];
  readonly shipments: readonly ShipmentRecord[];
  readonly skipped: readonly SkippedTraceRecord[];
}

/** A recall case as the API returns it: the register record's body with its id. */
export type RecallCase = RecallRecord;

/** GET /api/trace/recalls. */
export interface RecallCaseList {
  readonly recalls: readonly RecallCase[];
  readonly skipped: readonly SkippedTraceRecord[];
}

/** POST /api/trace/recalls body. `from`/`to` are ISO 8601 instants or ms. */
export interface NewRecallRequest {
  readonly enterprise: string;
  readonly title: string;
  readonly basis:
    | { readonly by: 'line'; readonly line: string; readonly from: string; readonly to: string }
    | { readonly by: 'episode'; readonly episode: string }
    | { readonly by: 'lot'; readonly lot: string };
}

/** POST /api/trace/recalls/:id/actions body; `status` one of RECALL_STATUSES. */
export interface RecallActionRequest {
  readonly action: string;
  readonly note: string;
  readonly status?: string;
}
