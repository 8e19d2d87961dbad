/**
 * Options of the outboxes. All defaults live in the frozen objects below, with
 * units; options are validated once, at construction, then frozen.
 */
import { OutboxError } from './errors.js';
import type { FullPolicy } from './outbox.js';
import { withDefaults } from '../../domain/with-defaults.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

export interface OutboxOptions {
  /** Most unacknowledged batches held, plus appends accepted but not yet durable. */
  readonly maxBatches: number;
  /** Most bytes held (see `OutboxStats.storedBytes` for what counts). */
  readonly maxBytes: number;
  /** Largest single batch payload; larger ones reject with `LW_OUTBOX_TOO_LARGE`. */
  readonly maxBatchBytes: number;
  /** What `append` does when full (see `FullPolicy`). */
  readonly fullPolicy: FullPolicy;
  /**
   * Most appends waiting for room ('block', or 'drop-oldest' while what it
   * could drop is still being written); one more is refused with
   * `LW_OUTBOX_FULL`: a source that keeps calling without waiting for the
   * last append is not applying backpressure.
   */
  readonly maxWaiting: number;
  /**
   * Seq of the first batch of a new outbox; ignored when the outbox already
   * has state. A gateway that may lose its disk can pass a clock-derived value
   * (e.g. `Date.now() * 1000`) so a fresh directory never reissues old seqs.
   */
  readonly firstSeq: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = Object.freeze({
  // An hour offline at 10 batches/s is 36,000 batches (issue 5's fault test).
  maxBatches: 100_000, // batches
  // A factory gateway of 200 points/s at ~80 B/point writes ~58 MB an hour.
  maxBytes: 1 * GiB, // bytes
  maxBatchBytes: 16 * MiB, // bytes; 500 points of JSON are ~40 KiB
  fullPolicy: 'block' as FullPolicy, // never lose data by default
  maxWaiting: 1024, // appends; each holds its batch in memory while it waits
  firstSeq: 1,
});

/** Tuning of the file outbox only. */
export interface FileOutboxTuning {
  /**
   * A new segment file starts once the current one would exceed this. Space
   * is freed a whole segment at a time, so when not given it is capped at
   * maxBytes / 16; an explicit value must be at most maxBytes / 4.
   */
  readonly segmentBytes: number;
  /** Longest an append waits for others to share its fsync (group commit); 0: the next event-loop turn. */
  readonly commitDelayMs: number;
  /** Pending bytes that start a commit at once, without waiting for the delay. */
  readonly commitBytes: number;
  /** Acks are written to the ack files at most this long after they arrive. */
  readonly ackFlushMs: number;
}

export const DEFAULT_FILE_OUTBOX_OPTIONS: FileOutboxTuning = Object.freeze({
  segmentBytes: 8 * MiB, // bytes
  // ms. 0: appends made in the same event-loop turn, and all those made while
  // an fsync runs, share the next fsync; no added latency (PostgreSQL
  // commit_delay and MySQL binlog_group_commit_sync_delay also default to 0).
  // A few ms saves fsyncs only when many independent sources append at high
  // rates, at the cost of that much latency (bench/suites/outbox.ts).
  commitDelayMs: 0,
  commitBytes: 1 * MiB, // bytes
  ackFlushMs: 100, // ms; a kill -9 may lose this much of acks: those batches are re-sent
});

/** Limits of the formats (the record length field is 32 bits). */
const MAX_BATCH_BYTES = 1 * GiB;
const MAX_SEGMENT_BYTES = 1 * GiB;

export function resolveOutboxOptions(overrides: Partial<OutboxOptions> = {}): OutboxOptions {
  const o: OutboxOptions = withDefaults(DEFAULT_OUTBOX_OPTIONS, overrides);
  requireInteger('maxBatches', o.maxBatches, 1, Number.MAX_SAFE_INTEGER);
  requireInteger('maxBytes', o.maxBytes, 1, Number.MAX_SAFE_INTEGER);
  requireInteger('maxBatchBytes', o.maxBatchBytes, 0, MAX_BATCH_BYTES);
  requireInteger('maxWaiting', o.maxWaiting, 0, Number.MAX_SAFE_INTEGER);
  // Leave 2^32 below the largest safe integer so a u64 on disk always reads back exactly.
  requireInteger('firstSeq', o.firstSeq, 1, Number.MAX_SAFE_INTEGER - 2 ** 32);
  if (o.fullPolicy !== 'block' && o.fullPolicy !== 'reject' && o.fullPolicy !== 'drop-oldest') {
    throw optionError('fullPolicy', o.fullPolicy, "'block', 'reject' or 'drop-oldest'");
  }
  return Object.freeze(o);
}

export type ResolvedFileOutboxOptions = OutboxOptions & FileOutboxTuning;

export function resolveFileOutboxOptions(overrides: Partial<OutboxOptions & FileOutboxTuning> = {}): ResolvedFileOutboxOptions {
  const base = resolveOutboxOptions(overrides);
  const given = defined(overrides);
  const segmentBytes = given.segmentBytes ?? Math.max(1, Math.min(DEFAULT_FILE_OUTBOX_OPTIONS.segmentBytes, Math.floor(base.maxBytes / 16)));
  const o: ResolvedFileOutboxOptions = { ...base, ...withDefaults(DEFAULT_FILE_OUTBOX_OPTIONS, { ...given, segmentBytes }) };
  requireInteger('segmentBytes', o.segmentBytes, 1, Math.min(MAX_SEGMENT_BYTES, Math.max(1, Math.floor(o.maxBytes / 4))));
  requireNumber('commitDelayMs', o.commitDelayMs, 0, 1000);
  requireInteger('commitBytes', o.commitBytes, 1, Number.MAX_SAFE_INTEGER);
  requireNumber('ackFlushMs', o.ackFlushMs, 0, 60_000);
  return Object.freeze(o);
}

function requireInteger(name: string, v: unknown, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    throw optionError(name, v, `a whole number from ${min} to ${max}`);
  }
}

function requireNumber(name: string, v: unknown, min: number, max: number): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw optionError(name, v, `a number from ${min} to ${max}`);
  }
}

function optionError(name: string, value: unknown, requirement: string): OutboxError {
  return new OutboxError('LW_OUTBOX_OPTIONS', `outbox option ${name} must be ${requirement}, got ${String(value)}`);
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
