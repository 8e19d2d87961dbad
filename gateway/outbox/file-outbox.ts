/**
 * The durable outbox: append-only segment files in one directory (README.md,
 * "On-disk format"; recovery in recovery.ts).
 *
 * Group commit: an append is encoded at once (header and CRC; the payload is
 * not copied) and queued. A commit round writes every queued record with one
 * writev and makes them durable with one fdatasync, then resolves them all.
 * A round starts `commitDelayMs` after the first record queued (0: on the
 * next turn of the event loop), at once when `commitBytes` are queued, and
 * right after the previous round for records that queued during it. Per
 * append the work is O(1) besides the CRC.
 *
 * Acks are kept in memory, written to the segment's ack file within
 * `ackFlushMs` (or with the next commit) without an fsync of their own: a
 * kill -9 keeps what was written (the page cache survives), a power cut may
 * lose the newest acks, which only means re-sending batches the analytics
 * service deduplicates by (gateway, epoch, seq). Acks are fdatasync'd on close.
 *
 * Every change to the files (commit rounds, ack writes, segment deletion)
 * runs in one loop, `pump`, one step at a time, so they never interleave.
 *
 * A full disk (ENOSPC, EDQUOT, or EIO; disk-full.ts) does not stop the
 * outbox: the failed write is rolled back to the last durable record (the
 * segment truncated, a half-created segment removed, a torn ack record cut
 * off), its records go back to the head of the queue, and the gate holds new
 * appends ('block') or refuses them (other policies) until a retry succeeds:
 * after a backoff, or at once when an ack lets a segment be deleted.
 */
import { realpath } from 'node:fs/promises';
import { resolve as resolvePath } from 'node:path';
import { batchBytes } from './batch-bytes.js';
import { CapacityGate } from './capacity-gate.js';
import { lockDirectory } from './directory-lock.js';
import { appendAckRecords } from './ack-records.js';
import { diskStallCode, FIRST_RETRY_MS } from './disk-full.js';
import { DiskFullStall } from './disk-full-stall.js';
import { closedError, OutboxError, tooLargeError } from './errors.js';
import { readOrCreateEpoch } from './epoch-file.js';
import { datasync, fsyncDirectory, type SyncCounter } from './fsync.js';
import type { FileOutboxOptions, WriteFault } from './file-outbox-options.js';
import { resolveFileOutboxOptions, type ResolvedFileOutboxOptions } from './options.js';
import type { AckOutcome, AppendOptions, AppendResult, BatchBody, Outbox, OutboxEntry, OutboxStats, UnacknowledgedOptions } from './outbox.js';
import { readBackRecords } from './read-back.js';
import { encodeRecordHeader, RECORD_HEADER_BYTES, SEGMENT_HEADER_BYTES } from './record-format.js';
import { ensureDirectory, recoverOutbox, type DamageReport, type RecordLocation, type RecoveryReport } from './recovery.js';
import { createSegment, deleteSegments, Segment, unlinkIfPresent } from './segment.js';
import { SegmentChain } from './segment-chain.js';
import type { SeqWindow } from './seq-window.js';

export type { FileOutboxOptions, WriteFault } from './file-outbox-options.js';

interface PendingRecord {
  readonly seq: number;
  readonly header: Buffer;
  readonly payload: Buffer;
  /**
   * Decided at admission, so the bytes reserved include the new segment's
   * header; cleared once that segment exists (a retry after a full disk
   * writes into it).
   */
  startsSegment: boolean;
  readonly resolve: (r: AppendResult) => void;
  readonly reject: (e: Error) => void;
}

export class FileOutbox implements Outbox {
  /** Opens (creating or recovering) the outbox in `options.dir`. */
  static async open(options: FileOutboxOptions): Promise<FileOutbox> {
    const { dir, log, writeFault, ...rest } = options;
    if (typeof dir !== 'string' || dir === '') {
      throw new OutboxError('LW_OUTBOX_OPTIONS', 'outbox option dir must be a directory path');
    }
    const resolved = resolveFileOutboxOptions(rest);
    const sync: SyncCounter = { fsyncs: 0 };
    await ensureDirectory(resolvePath(dir), sync);
    // One name per directory, so the lock sees through symbolic links.
    const path = await realpath(dir);
    const unlock = await lockDirectory(path);
    try {
      const { epoch } = await readOrCreateEpoch(path, sync);
      const state = await recoverOutbox(path, resolved, sync);
      return new FileOutbox(path, resolved, sync, unlock, { ...state, epoch }, { log, writeFault });
    } catch (e) {
      await unlock();
      throw e;
    }
  }

  readonly dir: string;
  /** The directory's identity, kept in its `EPOCH` file (epoch-file.ts). */
  readonly epoch: string;
  readonly options: ResolvedFileOutboxOptions;
  /** What opening the directory found. */
  readonly recovery: RecoveryReport;
  /** Damage found since open: at recovery, or when reading a batch back for a resend. */
  readonly damage: DamageReport[];

  private readonly sync: SyncCounter;
  private readonly unlock: () => Promise<void>;
  private readonly gate: CapacityGate;
  /** @internal read-back.ts */
  readonly window: SeqWindow<RecordLocation>;
  private readonly chain: SegmentChain;
  private nextSeq: number;
  /** Newest seq written and fdatasync'd. */
  private durableSeq: number;
  /** Below this no seq was issued (recovery.ts): `newestSeq` is null until durableSeq reaches it. */
  private readonly lowestSeq: number;
  private heldBytes: number;

  private pending: PendingRecord[] = [];
  private pendingBytes = 0;
  /** Appends granted and not yet settled (queued or in a commit round). */
  private inFlight = 0;
  /** The tail segment as planned at admission, ahead of the commit rounds. */
  private plan: { bytes: number; records: number; retired: boolean };

  private pumping: Promise<void> | undefined;
  private commitDue = false;
  private acksDue = false;
  private roundInProgress = false;
  private commitTimer: { cancel(): void } | undefined;
  private ackTimerSet = false;
  private readonly ackDirty = new Set<Segment>();
  private failure: OutboxError | undefined;
  private closing: Promise<void> | undefined;
  private readonly diskStall: DiskFullStall;
  /** The last ack write failed for lack of space (its runs wait in memory). */
  private acksFailing = false;

  private appended = 0;
  private acknowledged = 0;
  private duplicateAcks = 0;
  private unknownAcks = 0;
  private dropped = 0;
  private droppedBytes = 0;

  private constructor(
    dir: string,
    options: ResolvedFileOutboxOptions,
    sync: SyncCounter,
    unlock: () => Promise<void>,
    state: Awaited<ReturnType<typeof recoverOutbox>> & { readonly epoch: string },
    hooks: { log: FileOutboxOptions['log']; writeFault: (() => WriteFault | undefined) | undefined },
  ) {
    this.dir = dir;
    this.epoch = state.epoch;
    this.options = options;
    this.sync = sync;
    this.unlock = unlock;
    this.recovery = state.report;
    this.damage = [...state.report.damaged];
    this.chain = new SegmentChain(dir, sync, state.segments, hooks.writeFault);
    this.window = state.window;
    this.heldBytes = state.heldBytes;
    this.nextSeq = state.nextSeq;
    this.durableSeq = state.nextSeq - 1;
    this.lowestSeq = state.lowestSeq;
    const active = this.active;
    this.plan = { bytes: active.size, records: active.records, retired: false };
    this.gate = new CapacityGate(options, { reclaim: () => this.reclaim(), dropOldest: () => this.dropOldest() });
    this.diskStall = new DiskFullStall(dir, options.fullPolicy, this.gate, () => this.retryNow(), hooks.log);
    this.gate.reserve(this.window.live, this.chain.storedBytes(true));
  }

  append(body: BatchBody, options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closing) return Promise.reject(closedError());
    if (this.failure) return Promise.reject(this.failure);
    let payload: Buffer;
    try {
      payload = batchBytes(body);
    } catch (e) {
      return Promise.reject(e as Error);
    }
    // Admitted at its largest cost (it may start a segment); enqueue gives back what it does not use.
    const cost = SEGMENT_HEADER_BYTES + RECORD_HEADER_BYTES + payload.length;
    // The newest segment's header is always on disk, so that much is never free.
    if (payload.length > this.options.maxBatchBytes || cost + SEGMENT_HEADER_BYTES > this.options.maxBytes) {
      return Promise.reject(tooLargeError(payload.length, this.options));
    }
    return new Promise((resolve, reject) => {
      this.gate.admit(cost, () => this.enqueue(payload, resolve, reject), reject, options.signal);
    });
  }

  unacknowledged(options: UnacknowledgedOptions = {}): AsyncIterable<OutboxEntry> {
    // The end is fixed now: batches made durable later are published by their own append.
    const upTo = this.durableSeq;
    const from = Math.max(1, (options.afterSeq ?? 0) + 1);
    return { [Symbol.asyncIterator]: () => readBackRecords(this, from, upTo) };
  }

  acknowledge(seq: number): AckOutcome {
    if (this.closing || !Number.isSafeInteger(seq) || seq < 1 || seq > this.durableSeq) {
      this.unknownAcks++;
      return 'unknown';
    }
    if (this.window.get(seq) === undefined) {
      this.duplicateAcks++;
      return 'duplicate';
    }
    this.release(seq);
    this.acknowledged++;
    return 'acknowledged';
  }

  stats(): OutboxStats {
    return {
      batches: this.window.live,
      bytes: this.heldBytes,
      storedBytes: this.chain.storedBytes(false),
      oldestSeq: this.window.oldest() ?? null,
      newestSeq: this.durableSeq >= this.lowestSeq ? this.durableSeq : null,
      pending: this.inFlight,
      waiting: this.gate.waiting,
      appended: this.appended,
      acknowledged: this.acknowledged,
      duplicateAcks: this.duplicateAcks,
      unknownAcks: this.unknownAcks,
      refused: this.gate.refused,
      blocked: this.gate.blocked,
      dropped: this.dropped,
      droppedBytes: this.droppedBytes,
      diskFull: this.diskStall.active,
      diskFullStalls: this.diskStall.stalls,
      fsyncs: this.sync.fsyncs,
    };
  }

  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private get active(): Segment {
    return this.chain.active;
  }

  // --- admission -----------------------------------------------------------

  /** Runs synchronously when the gate admits an append: seq order = admission order. */
  private enqueue(payload: Buffer, resolve: (r: AppendResult) => void, reject: (e: Error) => void): void {
    if (this.failure) {
      this.gate.release(1, SEGMENT_HEADER_BYTES + RECORD_HEADER_BYTES + payload.length);
      return reject(this.failure);
    }
    const size = RECORD_HEADER_BYTES + payload.length;
    // Same rule the commit round follows: a full (or retired) tail starts a new segment.
    const startsSegment = this.plan.retired || (this.plan.records > 0 && this.plan.bytes + size > this.options.segmentBytes);
    if (startsSegment) {
      this.plan = { bytes: SEGMENT_HEADER_BYTES + size, records: 1, retired: false };
    } else {
      this.plan.bytes += size;
      this.plan.records++;
      this.gate.release(0, SEGMENT_HEADER_BYTES);
    }
    const seq = this.nextSeq++;
    this.pending.push({ seq, header: encodeRecordHeader(seq, payload), payload, startsSegment, resolve, reject });
    this.pendingBytes += size;
    this.inFlight++;
    // While the disk is full, the retry timer (or a freed segment) starts the next round.
    if (this.diskStall.active) return;
    if (this.pendingBytes >= this.options.commitBytes || this.roundInProgress) {
      // Records queued during a round have waited one fsync already: they go next.
      this.commitDue = true;
      this.kick();
    } else if (!this.commitTimer) {
      const fire = (): void => {
        this.commitTimer = undefined;
        this.commitDue = true;
        this.kick();
      };
      // Not unref'd: a pending append must keep the process alive until it is durable.
      if (this.options.commitDelayMs === 0) {
        const t = setImmediate(fire);
        this.commitTimer = { cancel: () => clearImmediate(t) };
      } else {
        const t = setTimeout(fire, this.options.commitDelayMs);
        this.commitTimer = { cancel: () => clearTimeout(t) };
      }
    }
  }

  /**
   * Frees room without losing data: an active segment whose batches are all
   * released is retired, so the next record starts a new segment and the old
   * one is deleted. Only between rounds and with nothing queued, so no record
   * is planned into it.
   */
  private reclaim(): boolean {
    const a = this.active;
    if (a.freed || a.live > 0 || a.records === 0 || this.pending.length > 0 || this.roundInProgress) return false;
    a.freed = true;
    this.plan = { bytes: 0, records: 0, retired: true };
    this.gate.release(0, a.size);
    return true;
  }

  /** Policy 'drop-oldest': releases the oldest durable batch, counted as dropped. */
  private dropOldest(): boolean {
    const seq = this.window.oldest();
    if (seq === undefined || seq > this.durableSeq) return false;
    const loc = this.release(seq);
    this.dropped++;
    this.droppedBytes += loc.length;
    return true;
  }

  /** Releases a held seq (ack or drop): ack record queued, segment freed when empty. */
  private release(seq: number): RecordLocation {
    const loc = this.window.release(seq)!;
    const seg = this.segmentFor(seq)!;
    seg.live--;
    this.heldBytes -= loc.length;
    let freedBytes = 0;
    if (seg.live === 0 && seg !== this.active) {
      freedBytes = this.markDead(seg);
    } else {
      seg.noteRelease(seq);
      this.ackDirty.add(seg);
      this.scheduleAckFlush();
      // The full disk's segment is all released: the retry can delete it to make room.
      if (seg.live === 0 && this.diskStall.active && this.pending[0]?.startsSegment) this.retryNow();
    }
    this.gate.release(1, freedBytes);
    return loc;
  }

  /** A segment that is no longer active and holds nothing: queued for deletion. */
  private markDead(seg: Segment): number {
    // Already dead: an ack can empty a segment while a rotation is retiring it.
    if (!this.chain.remove(seg)) return 0;
    this.ackDirty.delete(seg);
    this.chain.queueDelete(seg);
    this.kick();
    if (seg.freed) return 0;
    seg.freed = true;
    return seg.size;
  }

  /** @internal read-back.ts */
  segmentFor(seq: number): Segment | undefined {
    return this.chain.segmentFor(seq);
  }

  private scheduleAckFlush(delayMs = this.options.ackFlushMs): void {
    if (this.ackTimerSet) return;
    this.ackTimerSet = true;
    const fire = (): void => {
      this.ackTimerSet = false;
      this.acksDue = true;
      this.kick();
    };
    // unref'd: unwritten acks only cause re-sends, and close() writes them anyway.
    setTimeout(fire, delayMs).unref();
  }

  // --- the file loop -------------------------------------------------------

  private kick(): void {
    if (this.pumping) return;
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (this.hasDueWork()) this.kick();
    });
  }

  private hasDueWork(): boolean {
    return this.chain.hasDead || (this.commitDue && this.pending.length > 0) || (this.acksDue && this.ackDirty.size > 0);
  }

  private async pump(): Promise<void> {
    for (;;) {
      try {
        if (this.failure) {
          this.rejectPending(this.failure);
          return;
        }
        // Deletions first, so the disk is within its bound before more is written.
        if (this.chain.hasDead) {
          await this.deleteDead();
          // A deleted segment gave space back: a full disk is retried now, not after the backoff.
          if (this.diskStall.active) this.retryNow();
        } else if (this.commitDue && this.pending.length > 0) {
          await this.commitRound();
        } else if (this.acksDue && this.ackDirty.size > 0) {
          await this.flushAckRecords();
        } else return;
      } catch (e) {
        const code = diskStallCode(e);
        if (code !== undefined && !this.failure) this.enterStall(code);
        else this.fail(e);
      }
    }
  }

  /**
   * Writes the queued records, a segment at a time: each group is written and
   * fdatasync'd, then its appends resolve. On a full disk the group that
   * failed is rolled back, it and the rest go back to the head of the queue,
   * and the error goes on to `pump`; groups made durable before stay so.
   */
  private async commitRound(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.commitDue = false;
    // This round takes everything queued; records queued later get a delay of their own.
    this.commitTimer?.cancel();
    this.commitTimer = undefined;
    this.roundInProgress = true;
    let done = 0;
    try {
      while (done < batch.length) done = await this.commitGroup(batch, done);
    } catch (e) {
      const rest = batch.slice(done);
      if (diskStallCode(e) !== undefined && !this.failure) {
        // A segment created before the failure stays: its first record is written into it next time.
        if (rest[0]?.startsSegment && this.active.baseSeq === rest[0].seq) rest[0].startsSegment = false;
        let bytes = 0;
        for (const r of rest) bytes += RECORD_HEADER_BYTES + r.payload.length;
        this.pending = rest.concat(this.pending);
        this.pendingBytes += bytes;
        throw e;
      }
      const err = this.fail(e);
      this.inFlight -= rest.length;
      for (const r of rest) r.reject(err);
      return;
    } finally {
      this.roundInProgress = false;
    }
    // Durable batches can now be dropped, and a retired segment reclaimed, for waiting appends.
    this.gate.poke();
  }

  /** Writes batch[from..] up to the next record that starts a segment; returns where it stopped. */
  private async commitGroup(batch: PendingRecord[], from: number): Promise<number> {
    const first = batch[from]!;
    if (first.startsSegment) {
      await this.rotate(first.seq);
      first.startsSegment = false;
    }
    let end = from + 1;
    while (end < batch.length && !batch[end]!.startsSegment) end++;
    const seg = this.active;
    const at = seg.size;
    const chunks: Buffer[] = [];
    for (let i = from; i < end; i++) chunks.push(batch[i]!.header, batch[i]!.payload);
    try {
      await this.chain.write(seg, chunks, at);
      // Ack writes ride along (no fsync of their own), before the round's last fsync.
      if (end === batch.length) await this.flushAcks();
      await datasync(seg.fh!, this.sync);
      seg.unsynced = false;
    } catch (e) {
      if (diskStallCode(e) !== undefined) await this.truncateSegment(seg, at);
      throw e;
    }
    for (let i = from; i < end; i++) {
      const r = batch[i]!;
      this.window.push(r.seq, { offset: seg.size, length: r.payload.length });
      seg.size += RECORD_HEADER_BYTES + r.payload.length;
      seg.records++;
      seg.live++;
      seg.lastSeq = r.seq;
      this.heldBytes += r.payload.length;
    }
    this.durableSeq = batch[end - 1]!.seq;
    // Records were written: the disk takes data again (before resolving, so a caller sees it resumed).
    if (this.diskStall.active) this.leaveStall();
    this.appended += end - from;
    this.inFlight -= end - from;
    for (let i = from; i < end; i++) batch[i]!.resolve({ seq: batch[i]!.seq });
    return end;
  }

  /**
   * Rolls a failed write back: the segment ends at its last durable record
   * again, so recovery and the next write see no torn tail. A failure here
   * stops the outbox (LW_OUTBOX_IO): the file's state is then unknown.
   */
  private async truncateSegment(seg: Segment, size: number): Promise<void> {
    try {
      await seg.fh!.truncate(size);
      await datasync(seg.fh!, this.sync);
      seg.unsynced = false;
    } catch (e) {
      throw this.fail(e);
    }
  }

  /**
   * Starts a new segment at `baseSeq`. The old one is made durable first, so
   * that only the newest segment can ever have a torn tail. A new segment the
   * full disk left half-created is removed, so a retry can create it again.
   */
  private async rotate(baseSeq: number): Promise<Segment> {
    const old = this.active;
    if (old.unsynced) {
      await datasync(old.fh!, this.sync);
      old.unsynced = false;
    }
    let seg: Segment;
    try {
      // On a full disk, a fully released active segment makes room for its successor's header.
      const makeRoom = this.diskStall.active && old.live === 0 && old.records > 0 ? () => this.retireBeforeHeader(old) : undefined;
      seg = await createSegment(this.dir, baseSeq, this.sync, makeRoom);
    } catch (e) {
      // The old segment is gone and its successor has no header: only reopening sorts that out
      // (recovery recreates a newest segment of at most a header's bytes at the same base).
      if (!this.chain.includes(old)) throw this.fail(e);
      if (diskStallCode(e) !== undefined) {
        try {
          await unlinkIfPresent(new Segment(this.dir, baseSeq).path);
          await fsyncDirectory(this.dir, this.sync);
        } catch (cleanup) {
          throw this.fail(cleanup);
        }
      }
      throw e;
    }
    this.chain.push(seg);
    const fh = old.fh;
    old.fh = undefined;
    await fh?.close().catch(() => undefined);
    if (old.live === 0) {
      const freed = this.markDead(old);
      if (freed > 0) this.gate.release(0, freed);
      // Deleted before this round writes, so the disk stays within maxBytes.
      await this.deleteDead();
    }
    return seg;
  }

  /** Deletes the old active segment (everything in it released) before its successor's header is written. */
  private async retireBeforeHeader(old: Segment): Promise<void> {
    this.chain.remove(old);
    old.ackRuns = [];
    this.ackDirty.delete(old);
    if (!old.freed) {
      old.freed = true;
      this.gate.release(0, old.size);
    }
    await deleteSegments(this.dir, [old], this.sync);
  }

  private async deleteDead(): Promise<void> {
    await this.chain.deleteDead();
  }

  /**
   * Appends the pending ack records. On a full disk a torn record is cut off
   * (a later record after it would be misaligned) and the runs wait for the
   * next try; losing them would only mean re-sending stored batches.
   */
  private async flushAcks(): Promise<void> {
    this.acksDue = false;
    const segs = [...this.ackDirty];
    this.ackDirty.clear();
    await appendAckRecords(segs, { isLive: (seg) => this.chain.includes(seg), putBack: (seg) => this.ackDirty.add(seg), fail: (e) => this.fail(e) });
  }

  /**
   * Ack records on their own. A full disk does not hold appends for them: a
   * lost ack only re-sends a stored batch, and the next record write finds
   * out whether the disk is full (and then ends the segment so it can go).
   */
  private async flushAckRecords(): Promise<void> {
    try {
      await this.flushAcks();
      this.acksFailing = false;
    } catch (e) {
      if (diskStallCode(e) === undefined || this.failure) throw e;
      this.acksFailing = true;
      // The retry of a stalled round writes them too; otherwise try again later.
      if (!this.diskStall.active && !this.closing) this.scheduleAckFlush(FIRST_RETRY_MS);
    }
  }

  /** Writes fail for lack of space: stop the rounds, end the active segment, hold the gate and retry after a backoff. */
  private enterStall(code: string): void {
    this.commitDue = false;
    this.acksDue = false;
    this.endActiveSegment();
    this.diskStall.enter(code, this.inFlight, this.closing !== undefined);
  }

  /**
   * A full disk ends the active segment: the next record starts a new one, so
   * the active segment's space comes back once its batches are acknowledged
   * (the newest segment is never deleted, and may hold the whole disk).
   */
  private endActiveSegment(): void {
    const next = this.pending[0];
    if (!next || next.startsSegment || this.active.records === 0) return;
    next.startsSegment = true;
    this.gate.reserve(0, SEGMENT_HEADER_BYTES);
    let bytes = SEGMENT_HEADER_BYTES;
    for (const r of this.pending) bytes += RECORD_HEADER_BYTES + r.payload.length;
    this.plan = { bytes, records: this.pending.length, retired: false };
  }

  private retryNow(): void {
    this.diskStall.cancelRetry();
    this.commitDue = true;
    this.acksDue = true;
    this.kick();
  }

  private leaveStall(): void {
    this.diskStall.leave();
    // Acks that waited for the disk are written with the next round or flush.
    if (this.ackDirty.size > 0) this.scheduleAckFlush();
  }

  private fail(e: unknown): OutboxError {
    this.failure ??=
      e instanceof OutboxError
        ? e
        : new OutboxError('LW_OUTBOX_IO', `outbox ${this.dir}: ${(e as Error).message}; close and reopen it to recover`, {
            cause: e,
          });
    this.gate.close(this.failure);
    return this.failure;
  }

  private rejectPending(err: Error): void {
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.inFlight -= batch.length;
    for (const r of batch) r.reject(err);
  }

  private async shutDown(): Promise<void> {
    this.gate.close(closedError());
    // Appends already accepted are finished, acks written, deletions done.
    while (this.pumping || this.pending.length > 0 || this.ackDirty.size > 0 || this.chain.hasDead) {
      this.commitDue = true;
      this.acksDue = true;
      this.kick();
      await this.pumping;
      if (this.failure) {
        this.rejectPending(this.failure);
        break;
      }
      if (this.diskStall.active || this.acksFailing) {
        // One last try failed: the disk is still full. What was not written is given back, not waited for;
        // unwritten acks only mean re-sending stored batches after the next open.
        this.diskStall.cancelRetry();
        this.rejectPending(new OutboxError('LW_OUTBOX_CLOSED', `the outbox closed while its disk was full (at ${this.dir}); the batch was not stored`));
        this.ackDirty.clear();
        break;
      }
    }
    try {
      if (!this.failure) await this.chain.syncAckFiles();
    } finally {
      await this.chain.closeAll();
      await this.unlock();
    }
  }

  /**
   * A batch that no longer reads back intact (the medium changed under it):
   * sending garbage is worse than not sending, and keeping it would stall
   * every resend, so it is released and reported in `damage`.
   */
  /** @internal read-back.ts */
  lose(seq: number, seg: Segment, loc: RecordLocation): void {
    const reason = `seq ${seq} failed its checksum when read back`;
    this.damage.push({ file: seg.path, offset: loc.offset, bytes: RECORD_HEADER_BYTES + loc.length, reason });
    this.release(seq);
  }
}
