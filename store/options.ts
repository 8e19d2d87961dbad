/**
 * Tunables of both store adapters: defaults in one frozen object, validated
 * once when a store is opened, frozen afterwards.
 */
import { StoreError } from './errors.js';
import { withDefaults } from '../domain/with-defaults.js';

export interface RetryOptions {
  /** Attempts in total, the first one included. count */
  readonly maxAttempts: number;
  /** Delay before the first retry; doubles with each further retry. ms */
  readonly minDelayMs: number;
  /** Ceiling of one delay. ms */
  readonly maxDelayMs: number;
  /** No new attempt starts once this much time has passed since the first. ms */
  readonly maxElapsedMs: number;
  /** Each delay is stretched by a random fraction up to this, so many writers do not retry in step. 0..1 */
  readonly jitter: number;
}

export interface DuckDbOptions {
  /** DuckDB's memory_limit (buffer pool), e.g. '1GB'. The analytics service shares the machine. */
  readonly memoryLimit: string;
  /** DuckDB worker threads. count */
  readonly threads: number;
  /** WAL size that triggers a checkpoint into the database file, e.g. '16MB'. Bigger: fewer checkpoints, longer replay after a crash. */
  readonly checkpointThreshold: string;
}

export interface StoreOptions {
  /** Most points one commit carries (a DuckDB transaction, an InfluxDB request). points */
  readonly maxBatchPoints: number;
  /**
   * Most points accepted but not yet durable. A write that would exceed it is
   * refused at once with LW_STORE_OVERLOADED (retryable); nothing queued is dropped. points
   */
  readonly maxQueuedPoints: number;
  /** Commits in flight at once (InfluxDB; the embedded store has a single writer). requests */
  readonly maxInFlightBatches: number;
  /** Largest raw read; a larger one fails with LW_STORE_TOO_LARGE. points */
  readonly maxRawPoints: number;
  /** Most buckets a downsampled read may ask for. count */
  readonly maxBuckets: number;
  /** Most events one read returns (and the default limit). count */
  readonly maxEvents: number;
  /** One HTTP request to InfluxDB, from sending to the last byte. ms */
  readonly requestTimeoutMs: number;
  /** Backoff for writes that fail in a retryable way (server down, slow, 5xx, 429). */
  readonly retry: RetryOptions;
  /** Attempts for reads, with the same backoff (reads are interactive: fail fast). count */
  readonly readAttempts: number;
  readonly duckdb: DuckDbOptions;
}

export const DEFAULT_STORE_OPTIONS: StoreOptions = Object.freeze({
  // Four 5,000-point pipeline batches per commit: InfluxDB 1.6 ingests about
  // twice as fast with 20,000-line requests as with 5,000-line ones (bench).
  maxBatchPoints: 20_000,
  // About 4 s of a whole county (126,000 points/s); ~40 MB of queued objects.
  maxQueuedPoints: 500_000,
  maxInFlightBatches: 3,
  // 2 Float64Arrays of 2M points = 32 MB: two days of one 10 Hz series.
  maxRawPoints: 2_000_000,
  maxBuckets: 10_000,
  maxEvents: 10_000,
  requestTimeoutMs: 10_000,
  retry: Object.freeze({ maxAttempts: 6, minDelayMs: 250, maxDelayMs: 4_000, maxElapsedMs: 20_000, jitter: 0.2 }),
  readAttempts: 2,
  duckdb: Object.freeze({ memoryLimit: '1GB', threads: 2, checkpointThreshold: '16MB' }),
});

/** What callers may pass: any subset, nested objects included. */
export type StoreOptionsInput = Partial<Omit<StoreOptions, 'retry' | 'duckdb'>> & {
  readonly retry?: Partial<RetryOptions>;
  readonly duckdb?: Partial<DuckDbOptions>;
};

export function resolveStoreOptions(input: StoreOptionsInput = {}): StoreOptions {
  const options: StoreOptions = withDefaults(DEFAULT_STORE_OPTIONS, {
    ...input,
    retry: withDefaults(DEFAULT_STORE_OPTIONS.retry, input.retry ?? {}),
    duckdb: withDefaults(DEFAULT_STORE_OPTIONS.duckdb, input.duckdb ?? {}),
  });
  for (const name of ['maxBatchPoints', 'maxQueuedPoints', 'maxInFlightBatches', 'maxRawPoints', 'maxBuckets', 'maxEvents', 'requestTimeoutMs', 'readAttempts'] as const) {
    positiveInteger(name, options[name]);
  }
  positiveInteger('retry.maxAttempts', options.retry.maxAttempts);
  for (const name of ['minDelayMs', 'maxDelayMs', 'maxElapsedMs'] as const) nonNegative(`retry.${name}`, options.retry[name]);
  if (!(options.retry.jitter >= 0 && options.retry.jitter <= 1)) fail('retry.jitter', options.retry.jitter, 'a fraction in [0, 1]');
  if (options.retry.maxDelayMs < options.retry.minDelayMs) fail('retry.maxDelayMs', options.retry.maxDelayMs, 'at least retry.minDelayMs');
  if (options.maxQueuedPoints < options.maxBatchPoints) fail('maxQueuedPoints', options.maxQueuedPoints, 'at least maxBatchPoints');
  positiveInteger('duckdb.threads', options.duckdb.threads);
  for (const name of ['memoryLimit', 'checkpointThreshold'] as const) {
    if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(options.duckdb[name])) fail(`duckdb.${name}`, options.duckdb[name], "a size such as '512MB'");
  }
  return Object.freeze({ ...options, retry: Object.freeze(options.retry), duckdb: Object.freeze(options.duckdb) });
}

function positiveInteger(name: string, value: unknown): void {
  if (!(typeof value === 'number' && Number.isSafeInteger(value) && value > 0)) fail(name, value, 'a positive integer');
}

function nonNegative(name: string, value: unknown): void {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) fail(name, value, 'a non-negative number');
}

function fail(name: string, value: unknown, expected: string): never {
  throw new StoreError('LW_STORE_CONFIG', `store option ${name} must be ${expected}, got ${JSON.stringify(value)}`);
}
