/**
 * The InfluxDB adapter. Measurement `measurements` with tags
 * characteristic/enterprise/line and field `value`, ms timestamps: a
 * rewrite of the same key overwrites the same point, which is the
 * idempotency the port promises. Events go to `alert_events`.
 *
 * Writes are grouped (batcher.ts), encoded once, and each request retried
 * with bounded backoff while the server is down or slow; a write resolves
 * only on HTTP 204 (InfluxDB answers after its WAL write) and otherwise
 * rejects with the last cause.
 */
import type { CharacteristicName } from '../../domain/characteristics.js';
import { bucketWidth, checkEventFilter, checkEvents, checkRange, checkSeriesKey, checkSummaryFilter, compareEvents, compareSeriesKeys } from '../arguments.js';
import { WriteBatcher } from '../batcher.js';
import { influxConnection, type InfluxStoreConfig } from '../config.js';
import { StoreError } from '../errors.js';
import { decodeEvent } from '../event-body.js';
import { checkEventQuery, EMPTY_PAGE, matchesNothing } from '../event-query.js';
import type { StoreOptions } from '../options.js';
import type {
  StoredEvent,
  Bucket,
  DownsampledSeries,
  EventFilter,
  EventPage,
  EventQuery,
  Measurement,
  PointKey,
  RawSeries,
  SeriesKey,
  SeriesSummary,
  StoreHealth,
  SummaryFilter,
  TimeRange,
  TimeSeriesStore,
  WriteResult,
} from '../port.js';
import { SYSTEM_CLOCK, withRetry, type RetryClock } from '../retry.js';
import { lookUpStoredValues, timestampRuns } from '../stored-values.js';
import { partitionBatch } from '../validate.js';
import { createInfluxHttp, isTimeout, type InfluxHttp } from './http.js';
import { PROBE, selectBetween, selectBuckets, selectEvents, selectRaw, selectSummaries } from './influxql.js';
import { readInfluxEventPage } from './event-pages.js';
import { encodeEvents, MeasurementEncoder } from './line-protocol.js';
import { columnIndexes, parseQueryResponse } from './query-results.js';

/**
 * A value lookup reads each run of nearby keys with one range query: keys
 * closer than this share a run, and a run holds at most LOOKUP_RUN_KEYS.
 */
const LOOKUP_GAP_MS = 10_000;
const LOOKUP_RUN_KEYS = 1000;

/** Rows per chunk of a chunked query answer: bounds each JSON.parse. */
const QUERY_CHUNK_ROWS = 50_000;

export async function openInfluxStore(config: InfluxStoreConfig, options: StoreOptions, clock: RetryClock = SYSTEM_CLOCK): Promise<TimeSeriesStore> {
  // Opening does not contact the server: analytics may start before the
  // database does, and writes retry anyway. health() tells whether it is reachable.
  const http = createInfluxHttp(influxConnection(config), options.requestTimeoutMs);
  return new InfluxStore(http, options, clock);
}

class InfluxStore implements TimeSeriesStore {
  readonly adapter = 'influxdb' as const;
  private readonly encoder = new MeasurementEncoder();
  private readonly batcher: WriteBatcher<Measurement>;
  private closed = false;

  constructor(
    private readonly http: InfluxHttp,
    private readonly options: StoreOptions,
    private readonly clock: RetryClock,
  ) {
    this.batcher = new WriteBatcher<Measurement>((points) => this.commit(points), {
      maxBatchPoints: options.maxBatchPoints,
      maxQueuedPoints: options.maxQueuedPoints,
      maxInFlight: options.maxInFlightBatches,
    });
  }

  async writeMeasurements(batch: readonly Measurement[]): Promise<WriteResult> {
    const { valid, rejected } = partitionBatch(batch);
    await this.batcher.submit(valid);
    return { written: valid.length, rejected };
  }

  async storedValues(keys: readonly PointKey[]): Promise<(number | null)[]> {
    return lookUpStoredValues(keys, async (key, ts) => {
      const found = new Map<number, number>();
      for (const run of timestampRuns(ts, LOOKUP_GAP_MS, LOOKUP_RUN_KEYS)) {
        const wanted = new Set(run);
        for (const series of await this.read('look up stored values', selectBetween(key, run[0], run[run.length - 1]), QUERY_CHUNK_ROWS)) {
          const at = columnIndexes(series, ['time', 'value']);
          for (const row of series.values) {
            const t = row[at.time] as number;
            if (wanted.has(t)) found.set(t, row[at.value] as number);
          }
        }
      }
      return found;
    });
  }

  async readSeries(key: SeriesKey, range: TimeRange): Promise<RawSeries> {
    checkSeriesKey(key);
    checkRange(range);
    const max = this.options.maxRawPoints;
    const series = await this.read('read series', selectRaw(key, range, max + 1), QUERY_CHUNK_ROWS);
    const rows = series.flatMap((s) => s.values);
    if (rows.length > max) {
      throw new StoreError('LW_STORE_TOO_LARGE', `more than maxRawPoints=${max} points in [${range.from}, ${range.to}); read it downsampled or in parts`);
    }
    const ts = new Float64Array(rows.length);
    const value = new Float64Array(rows.length);
    if (series.length > 0) {
      const at = columnIndexes(series[0], ['time', 'value']);
      for (let i = 0; i < rows.length; i++) {
        ts[i] = rows[i][at.time] as number;
        value[i] = rows[i][at.value] as number;
      }
    }
    return { key, ts, value };
  }

  async readDownsampled(key: SeriesKey, range: TimeRange, buckets: number): Promise<DownsampledSeries> {
    checkSeriesKey(key);
    const bucketMs = bucketWidth(range, buckets, this.options.maxBuckets);
    const out: Bucket[] = [];
    for (const series of await this.read('read downsampled series', selectBuckets(key, range, bucketMs))) {
      const at = columnIndexes(series, ['time', 'count', 'mean', 'min', 'max']);
      for (const row of series.values) {
        out.push({ start: row[at.time] as number, count: row[at.count] as number, mean: row[at.mean] as number, min: row[at.min] as number, max: row[at.max] as number });
      }
    }
    return { key, bucketMs, buckets: out };
  }

  async summarize(filter: SummaryFilter): Promise<SeriesSummary[]> {
    checkSummaryFilter(filter);
    const summaries: SeriesSummary[] = [];
    for (const series of await this.read('summarize series', selectSummaries(filter))) {
      const at = columnIndexes(series, ['count', 'mean', 'stddev', 'min', 'max']);
      const row = series.values[0];
      if (!row) continue;
      const count = row[at.count] as number;
      if (!count) continue;
      const key: SeriesKey = {
        enterprise: series.tags.enterprise,
        line: series.tags.line,
        characteristic: series.tags.characteristic as CharacteristicName,
      };
      const sd = row[at.stddev];
      summaries.push({ key, count, mean: row[at.mean] as number, sd: count < 2 || sd === null ? null : (sd as number), min: row[at.min] as number, max: row[at.max] as number });
    }
    return summaries.sort((a, b) => compareSeriesKeys(a.key, b.key));
  }

  async appendEvents(events: readonly StoredEvent[]): Promise<void> {
    this.refuseIfClosed('append events');
    checkEvents(events);
    if (events.length === 0) return;
    const body = encodeEvents(events);
    await withRetry(`InfluxDB write of ${events.length} events to ${this.http.url}`, () => this.http.write(body), this.options.retry, this.clock);
  }

  async readEvents(filter: EventFilter): Promise<StoredEvent[]> {
    const limit = checkEventFilter(filter, this.options.maxEvents);
    const events: StoredEvent[] = [];
    for (const series of await this.read('read events', selectEvents(filter, limit))) {
      const at = columnIndexes(series, ['time', 'body', 'alert', 'enterprise', 'kind']);
      for (const row of series.values) {
        const key = { id: String(row[at.alert]), at: row[at.time] as number, kind: String(row[at.kind]), enterprise: String(row[at.enterprise]) };
        events.push(decodeEvent(key, String(row[at.body])));
      }
    }
    return events.sort(compareEvents);
  }

  async readEventPage(query: EventQuery): Promise<EventPage> {
    const q = checkEventQuery(query, this.options.maxEvents);
    if (matchesNothing(q)) return EMPTY_PAGE;
    return readInfluxEventPage((statement) => this.read('read a page of events', statement), q, this.options.maxEvents);
  }

  async health(): Promise<StoreHealth> {
    const started = performance.now();
    try {
      this.refuseIfClosed('check health');
      const version = await this.http.ping();
      // /ping needs no credentials; the probe proves they and the database work.
      parseQueryResponse(await this.http.query(PROBE));
      return { ok: true, adapter: this.adapter, detail: `InfluxDB ${version} at ${this.http.url}`, latencyMs: performance.now() - started };
    } catch (error) {
      const code = error instanceof StoreError ? error.code : 'LW_STORE_UNAVAILABLE';
      const detail = error instanceof Error ? error.message : String(error);
      return { ok: false, adapter: this.adapter, detail, latencyMs: performance.now() - started, code };
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.batcher.close();
  }

  /** One group commit: requests of at most maxBatchPoints, each retried until durable or given up. */
  private async commit(points: readonly Measurement[]): Promise<void> {
    for (let offset = 0; offset < points.length; offset += this.options.maxBatchPoints) {
      const part = points.length <= this.options.maxBatchPoints ? points : points.slice(offset, offset + this.options.maxBatchPoints);
      const body = this.encoder.encode(part);
      await withRetry(`InfluxDB write of ${part.length} points to ${this.http.url}`, () => this.http.write(body), this.options.retry, this.clock);
    }
  }

  private async read(what: string, statement: string, chunkRows?: number) {
    this.refuseIfClosed(what);
    const policy = { ...this.options.retry, maxAttempts: this.options.readAttempts };
    // A refused or reset connection (a restarted server, a stale keep-alive
    // socket) is worth one more try; a query that timed out would only time out again.
    const body = await withRetry(
      `InfluxDB ${what} at ${this.http.url}`,
      () => this.http.query(statement, chunkRows),
      policy,
      this.clock,
      (error) => !isTimeout(error),
    );
    return parseQueryResponse(body);
  }

  private refuseIfClosed(what: string): void {
    if (this.closed) throw new StoreError('LW_STORE_CLOSED', `the store is closed; cannot ${what}`);
  }
}
