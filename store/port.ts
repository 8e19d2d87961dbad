/**
 * The time-series store port: everything the rest of linewatch asks of the
 * database that holds measurements and alert events. Two adapters implement
 * it (store/duckdb: embedded default; store/influx: InfluxDB) and both pass
 * the one contract suite in test/contract/store.contract.ts.
 *
 * Times are milliseconds since the Unix epoch, UTC, everywhere.
 */
import type { CharacteristicName } from '../domain/characteristics.js';
import type { PointRejectionCode } from './errors.js';

/** Which physical series a measurement belongs to. */
export interface SeriesKey {
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: CharacteristicName;
}

/**
 * One gauge reading. (enterprise, line, characteristic, ts) is its identity:
 * writing the same key again stores it once, and a different value for the
 * same key replaces the stored one (last write wins, as InfluxDB does).
 */
export interface Measurement extends SeriesKey {
  /** ms since epoch, UTC; an integer. */
  readonly ts: number;
  readonly value: number;
}

/** The identity of one reading: its series and timestamp. */
export interface PointKey extends SeriesKey {
  /** ms since epoch, UTC; an integer. */
  readonly ts: number;
}

/** Half-open interval [from, to) in ms since epoch. */
export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

/** Why one point of a batch was not stored. `index` is its position in the batch. */
export interface PointRejection {
  readonly index: number;
  readonly code: PointRejectionCode;
  readonly reason: string;
}

/**
 * The answer to a write. The promise resolves only once every point counted
 * in `written` is durable; a write that could not be made durable rejects
 * with a StoreError instead, and then the caller must not acknowledge it.
 */
export interface WriteResult {
  /** Points stored (after dropping rejected ones; duplicates inside the batch count once each). */
  readonly written: number;
  /** Points refused with a reason; the rest of the batch was stored regardless. */
  readonly rejected: readonly PointRejection[];
}

/** A raw series, columnar: 864,000 points as objects would cost ~70 MB of heap. */
export interface RawSeries {
  readonly key: SeriesKey;
  /** Ascending timestamps, ms. */
  readonly ts: Float64Array;
  readonly value: Float64Array;
}

/** One non-empty bucket of a downsampled series: [start, start + bucketMs). */
export interface Bucket {
  readonly start: number;
  readonly count: number;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
}

/**
 * A series reduced to at most `buckets` buckets of equal width
 * `bucketMs = ceil((to - from) / buckets)`; bucket k starts at
 * `from + k * bucketMs`. Buckets without data are left out.
 */
export interface DownsampledSeries {
  readonly key: SeriesKey;
  readonly bucketMs: number;
  readonly buckets: readonly Bucket[];
}

/** Which series to summarise; an absent field matches every value. */
export interface SummaryFilter extends TimeRange {
  readonly enterprise?: string;
  readonly line?: string;
  readonly characteristic?: CharacteristicName;
}

/** Per-series statistics over a window, the input of the risk model. */
export interface SeriesSummary {
  readonly key: SeriesKey;
  readonly count: number;
  readonly mean: number;
  /** Sample standard deviation (n - 1 divisor); null when count < 2. */
  readonly sd: number | null;
  readonly min: number;
  readonly max: number;
}

/**
 * Event kinds of the alert lifecycle. Other producers (the risk model) use
 * their own kinds, namespaced by convention (`risk.assessed`).
 */
export type EventKind = 'raised' | 'updated' | 'escalated' | 'acknowledged' | 'resolved' | (string & {});

/** A JSON value, so `data` survives both adapters unchanged. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * One entry of the append-only event log. Identity is
 * (enterprise, id, kind, at): appending the same again stores it once
 * (a retried append is harmless) and the later copy replaces the earlier.
 */
export interface AlertEvent {
  /** The subject the event is about: an alert id, or a risk assessment id. */
  readonly id: string;
  /** ms since epoch, UTC; an integer. Orders the log. */
  readonly at: number;
  readonly kind: EventKind;
  readonly enterprise: string;
  readonly line?: string;
  readonly characteristic?: CharacteristicName;
  readonly rule?: string;
  readonly severity?: string;
  /** Who acted (a user id), for acknowledgements and resolutions. */
  readonly by?: string;
  readonly comment?: string;
  readonly data?: { readonly [key: string]: JsonValue };
}

/**
 * Which events to read. Results are in ascending `at`, ties broken by `id`
 * then `kind`, so both adapters return the same order.
 */
export interface EventFilter {
  readonly enterprise?: string;
  readonly id?: string;
  /** Inclusive lower bound on `at`, ms. */
  readonly since?: number;
  /** Exclusive upper bound on `at`, ms. */
  readonly until?: number;
  /** At most this many events (the earliest ones). */
  readonly limit?: number;
}

export interface StoreHealth {
  readonly ok: boolean;
  readonly adapter: StoreAdapterName;
  /** Human-readable: engine and version, location; or what failed. */
  readonly detail: string;
  /** How long the check took, ms. */
  readonly latencyMs: number;
  /** Stable error code when not ok. */
  readonly code?: string;
}

export type StoreAdapterName = 'embedded' | 'influxdb';

export interface TimeSeriesStore {
  readonly adapter: StoreAdapterName;
  /**
   * Stores the valid points of `batch` and reports the invalid ones. Calls
   * made while a commit is under way are grouped into the next commit, so
   * many small writes cost about as much as one large one.
   */
  writeMeasurements(batch: readonly Measurement[]): Promise<WriteResult>;
  /**
   * The value stored under each key, in the order asked, or null where the
   * store holds nothing. Sees every write that has resolved. Ingest asks it
   * only for readings that may collide with stored ones (at or before their
   * series' newest sample, or a redelivered batch), so it can refuse a
   * reading that would replace another rather than let the write overwrite it.
   */
  storedValues(keys: readonly PointKey[]): Promise<(number | null)[]>;
  /** Raw points of one series in [from, to), ascending. Refuses more than maxRawPoints. */
  readSeries(key: SeriesKey, range: TimeRange): Promise<RawSeries>;
  /** One series in [from, to) reduced to at most `buckets` mean/min/max buckets. */
  readDownsampled(key: SeriesKey, range: TimeRange, buckets: number): Promise<DownsampledSeries>;
  /** Statistics of every matching series with data in the window, sorted by key. */
  summarize(filter: SummaryFilter): Promise<SeriesSummary[]>;
  /** Appends events durably; all or nothing (an invalid event rejects the call). */
  appendEvents(events: readonly AlertEvent[]): Promise<void>;
  readEvents(filter: EventFilter): Promise<AlertEvent[]>;
  /** Never throws: a failed check is reported as `ok: false`. */
  health(): Promise<StoreHealth>;
  /** Waits for queued writes, then releases the database. Later calls reject with LW_STORE_CLOSED. */
  close(): Promise<void>;
}
