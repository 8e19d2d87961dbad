/**
 * The gateway's outbox: every batch read from the source is kept here until
 * the analytics service acknowledges that it is durably stored (docs/design.md,
 * "Principles": nothing is lost silently). The gateway talks to this
 * interface only; `MemoryOutbox` and `FileOutbox` implement it and pass the
 * same contract suite
 * (test/contract/outbox.contract.ts). README.md in this folder describes the
 * full policies and the file format.
 *
 * Sequence numbers: the outbox assigns each batch a per-outbox sequence
 * number `seq`, increasing in the order `append` was called. The analytics
 * side deduplicates by (gateway, epoch, seq), so a seq is never reused, not even
 * after a crash or once everything has been acknowledged (a durable outbox
 * keeps its newest segment for that reason).
 *
 * Identity: a seq is unique only within one outbox. A new outbox (a replaced
 * disk, a deleted directory, a second replay with a fresh `--outbox`) starts
 * again at `firstSeq`, so every outbox has an `epoch`, a random id made when
 * it is created (kept in the directory by the file outbox) that the gateway
 * sends with every batch: the analytics side deduplicates by
 * (gateway, epoch, seq), and the gateway ignores acks for another epoch.
 */

/** A batch body: bytes as they will be published, or text sent as UTF-8. */
export type BatchBody = Uint8Array | string;

/**
 * What `append` does when the outbox is at `maxBatches` or `maxBytes`:
 * - 'block': the append waits, in order, until acknowledgements make room
 *   (backpressure: the gateway stops reading its source). The default.
 * - 'reject': the append rejects at once with `OutboxFullError`
 *   (`LW_OUTBOX_FULL`); the caller decides whether to retry or shed.
 * - 'drop-oldest': the oldest unacknowledged batches are dropped to make
 *   room, and counted in `stats().dropped`. Never a default: it loses data.
 */
export type FullPolicy = 'block' | 'reject' | 'drop-oldest';

export interface AppendOptions {
  /** Gives up waiting for room (policy 'block'); rejects with `LW_OUTBOX_ABORTED`. */
  readonly signal?: AbortSignal;
}

export interface AppendResult {
  /** The batch's sequence number; the batch is durable once this is known. */
  readonly seq: number;
}

export interface OutboxEntry {
  readonly seq: number;
  /** The bytes as appended. Owned by the caller once yielded. */
  readonly payload: Uint8Array;
}

export interface UnacknowledgedOptions {
  /** Start after this seq, e.g. to continue a resend that was interrupted. */
  readonly afterSeq?: number;
}

/**
 * What an acknowledgement did. Acks are idempotent and may arrive in any
 * order; nothing an ack carries can make `acknowledge` throw.
 * - 'acknowledged': the batch was held and is now released.
 * - 'duplicate': the seq was issued but is no longer held (acknowledged or
 *   dropped before, possibly before a restart).
 * - 'unknown': the seq was never issued as durable (too new, not a whole
 *   number, or the outbox is closed).
 */
export type AckOutcome = 'acknowledged' | 'duplicate' | 'unknown';

export interface OutboxStats {
  /** Unacknowledged batches held (durable, not yet acknowledged). */
  readonly batches: number;
  /** Payload bytes of those batches. */
  readonly bytes: number;
  /**
   * Bytes counted against `maxBytes`. In memory: the payload bytes. On disk:
   * the segment files, framing included, and acknowledged batches that share
   * a segment with an unacknowledged one (space is freed a segment at a time).
   */
  readonly storedBytes: number;
  /** Oldest unacknowledged seq, or null when nothing is held. */
  readonly oldestSeq: number | null;
  /**
   * Newest seq made durable, ever (survives restarts); null before the first.
   * Never null while a batch is held: a sender takes it as the end of its
   * backlog. A file outbox reopened before its first append reports the seq
   * below its first (its firstSeq is not on disk).
   */
  readonly newestSeq: number | null;
  /** Appends accepted but not durable yet (waiting for their fsync). */
  readonly pending: number;
  /** Appends waiting for room now (policy 'block'). */
  readonly waiting: number;
  /** Appends resolved since open. */
  readonly appended: number;
  /** Batches released by an acknowledgement since open. */
  readonly acknowledged: number;
  /** Acks for a seq no longer held, since open. */
  readonly duplicateAcks: number;
  /** Acks for a seq never issued, since open. */
  readonly unknownAcks: number;
  /** Appends refused because the outbox was full (policy 'reject'), since open. */
  readonly refused: number;
  /** Appends that had to wait for room (policy 'block'), since open. */
  readonly blocked: number;
  /** Batches dropped unacknowledged to make room (policy 'drop-oldest'), since open. */
  readonly dropped: number;
  /** Payload bytes of the dropped batches. */
  readonly droppedBytes: number;
  /**
   * True while writes fail because the disk is full (ENOSPC, EDQUOT) or with
   * EIO: the outbox retries them, holds new appends back under 'block' and
   * refuses them under the other policies. Always false in memory.
   */
  readonly diskFull: boolean;
  /** Times writes started failing that way since open (each one logged). */
  readonly diskFullStalls: number;
  /** fsync and fdatasync calls since open (files and directories); 0 in memory. */
  readonly fsyncs: number;
}

export interface Outbox {
  /**
   * This outbox's identity (protocol/outbox-epoch.ts syntax): the same for
   * the life of its data (across restarts of a file outbox), different for
   * every new outbox.
   */
  readonly epoch: string;

  /**
   * Stores a batch and resolves with its seq once it is durable (for a file
   * outbox: written and fdatasync'd, sharing one fsync with concurrent
   * appends). Order of seqs = order of calls. Rejects with an `OutboxError`:
   * `LW_OUTBOX_FULL` (policy 'reject'), `LW_OUTBOX_TOO_LARGE`,
   * `LW_OUTBOX_ABORTED`, `LW_OUTBOX_CLOSED` or `LW_OUTBOX_IO`.
   * The bytes must not change until the promise settles (they are not copied).
   */
  append(body: BatchBody, options?: AppendOptions): Promise<AppendResult>;

  /**
   * The unacknowledged batches in seq order, for a resend after a reconnect or
   * restart. Lazy: batches acknowledged while iterating are skipped; batches
   * made durable after the call are not included (the caller publishes those
   * itself once their append resolves), so a resend always ends.
   */
  unacknowledged(options?: UnacknowledgedOptions): AsyncIterable<OutboxEntry>;

  /** Releases a batch once the analytics service confirmed it is stored. */
  acknowledge(seq: number): AckOutcome;

  stats(): OutboxStats;

  /**
   * Finishes the appends already accepted, rejects those still waiting for
   * room (`LW_OUTBOX_CLOSED`), records pending acks, releases resources.
   * Idempotent.
   */
  close(): Promise<void>;
}
