/**
 * The embedded adapter: a DuckDB file under the data directory, no server.
 * One writer connection (group commits, event appends) and one reader
 * connection, each used one statement at a time; every commit is fsynced to
 * DuckDB's WAL before the write resolves, so a killed process loses nothing
 * it acknowledged.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { bucketWidth, checkEventFilter, checkEvents, checkRange, checkSeriesKey, checkSummaryFilter, compareSeriesKeys } from '../arguments.js';
import { WriteBatcher } from '../batcher.js';
import { StoreError } from '../errors.js';
import { checkEventQuery, EMPTY_PAGE, matchesNothing } from '../event-query.js';
import type { StoreOptions } from '../options.js';
import type {
  StoredEvent,
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
import { SerialExecutor } from '../serial.js';
import { lookUpStoredValues } from '../stored-values.js';
import { partitionBatch } from '../validate.js';
import { insertEvents, scanEventPage, selectEvents } from './events.js';
import { commitMeasurements } from './measurement-writer.js';
import { readBuckets, readRaw, readSummaries, readValuesAt } from './reads.js';
import { ensureSchema } from './schema.js';
import { SeriesIdTable } from './series-id-table.js';
import { SeriesWatermarks } from './series-watermarks.js';

/** The database file inside the data directory (DuckDB adds `.wal` beside it). */
export const DATABASE_FILE = 'linewatch.duckdb';

export async function openDuckDbStore(dataDir: string, options: StoreOptions): Promise<TimeSeriesStore> {
  const path = join(resolve(dataDir), DATABASE_FILE);
  let instance: DuckDBInstance | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    instance = await DuckDBInstance.create(path, {
      threads: String(options.duckdb.threads),
      memory_limit: options.duckdb.memoryLimit,
      checkpoint_threshold: options.duckdb.checkpointThreshold,
    });
    const writer = await instance.connect();
    await ensureSchema(writer);
    const registry = await SeriesIdTable.load(writer);
    const reader = await instance.connect();
    return new DuckDbStore(path, instance, writer, reader, registry, options);
  } catch (error) {
    instance?.closeSync();
    throw new StoreError('LW_STORE_FAILED', `cannot open the embedded database ${path}: ${message(error)}`, { cause: error });
  }
}

class DuckDbStore implements TimeSeriesStore {
  readonly adapter = 'embedded' as const;
  private readonly writes = new SerialExecutor();
  private readonly reads = new SerialExecutor();
  private readonly batcher: WriteBatcher<Measurement>;
  private readonly watermarks = new SeriesWatermarks();
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    private readonly registry: SeriesIdTable,
    private readonly options: StoreOptions,
  ) {
    // Commits run even while closing: close() waits for the queue to drain.
    const commit = (points: readonly Measurement[]) => commitMeasurements(writer, registry, this.watermarks, points);
    this.batcher = new WriteBatcher<Measurement>((points) => this.guard('write measurements', () => this.writes.run(() => commit(points)), true), {
      maxBatchPoints: options.maxBatchPoints,
      maxQueuedPoints: options.maxQueuedPoints,
      // DuckDB has one writer per database; parallel commits would only conflict.
      maxInFlight: 1,
    });
    // In the background: until it is read (or if reading it fails), every commit keeps one row per key with the anti-join: slower, never wrong.
    this.onReader('read the newest timestamp of each series', () => this.watermarks.load(reader)).catch(() => undefined);
  }

  async writeMeasurements(batch: readonly Measurement[]): Promise<WriteResult> {
    const { valid, rejected } = partitionBatch(batch);
    await this.batcher.submit(valid);
    return { written: valid.length, rejected };
  }

  async storedValues(keys: readonly PointKey[]): Promise<(number | null)[]> {
    return lookUpStoredValues(keys, async (key, ts) => {
      const id = this.registry.lookup(key);
      if (id === undefined) return new Map();
      return this.onReader('look up stored values', () => readValuesAt(this.reader, id, ts));
    });
  }

  async readSeries(key: SeriesKey, range: TimeRange): Promise<RawSeries> {
    checkSeriesKey(key);
    checkRange(range);
    const id = this.registry.lookup(key);
    if (id === undefined) return { key, ts: new Float64Array(0), value: new Float64Array(0) };
    const { ts, value } = await this.onReader('read series', () => readRaw(this.reader, id, range, this.options.maxRawPoints));
    return { key, ts, value };
  }

  async readDownsampled(key: SeriesKey, range: TimeRange, buckets: number): Promise<DownsampledSeries> {
    checkSeriesKey(key);
    const bucketMs = bucketWidth(range, buckets, this.options.maxBuckets);
    const id = this.registry.lookup(key);
    if (id === undefined) return { key, bucketMs, buckets: [] };
    return { key, bucketMs, buckets: await this.onReader('read downsampled series', () => readBuckets(this.reader, id, range, bucketMs)) };
  }

  async summarize(filter: SummaryFilter): Promise<SeriesSummary[]> {
    checkSummaryFilter(filter);
    const unfiltered = filter.enterprise === undefined && filter.line === undefined && filter.characteristic === undefined;
    const ids = unfiltered ? 'all' : this.registry.matching(filter);
    const summaries = await this.onReader('summarize series', () => readSummaries(this.reader, this.registry, filter, ids));
    return summaries.sort((a, b) => compareSeriesKeys(a.key, b.key));
  }

  async appendEvents(events: readonly StoredEvent[]): Promise<void> {
    checkEvents(events);
    if (events.length === 0) return;
    await this.onWriter('append events', () => insertEvents(this.writer, events));
  }

  async readEvents(filter: EventFilter): Promise<StoredEvent[]> {
    const limit = checkEventFilter(filter, this.options.maxEvents);
    return this.onReader('read events', () => selectEvents(this.reader, filter, limit));
  }

  async readEventPage(query: EventQuery): Promise<EventPage> {
    const q = checkEventQuery(query, this.options.maxEvents);
    if (matchesNothing(q)) return EMPTY_PAGE;
    return this.onReader('read a page of events', () => scanEventPage(this.reader, q));
  }

  async health(): Promise<StoreHealth> {
    const started = performance.now();
    try {
      const version = await this.onReader('health check', async () => (await this.reader.runAndReadAll('SELECT version()')).getRows()[0][0]);
      return { ok: true, adapter: this.adapter, detail: `DuckDB ${String(version)} at ${this.path}, ${this.registry.size} series`, latencyMs: performance.now() - started };
    } catch (error) {
      const code = error instanceof StoreError ? error.code : 'LW_STORE_FAILED';
      return { ok: false, adapter: this.adapter, detail: message(error), latencyMs: performance.now() - started, code };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.batcher.close();
    // Let statements already queued finish before the connections go.
    await Promise.all([this.writes.run(async () => undefined), this.reads.run(async () => undefined)]);
    this.reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }

  private onWriter<T>(what: string, task: () => Promise<T>): Promise<T> {
    return this.guard(what, () => this.writes.run(task), false);
  }

  private onReader<T>(what: string, task: () => Promise<T>): Promise<T> {
    return this.guard(what, () => this.reads.run(task), false);
  }

  /** Refuses calls after close (unless draining) and turns DuckDB's errors into StoreErrors. */
  private async guard<T>(what: string, task: () => Promise<T>, draining: boolean): Promise<T> {
    if (this.closed && !draining) throw new StoreError('LW_STORE_CLOSED', `the store is closed; cannot ${what}`);
    try {
      return await task();
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError('LW_STORE_FAILED', `embedded database failed to ${what} (${this.path}): ${message(error)}`, { cause: error });
    }
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
