/**
 * An outbox in memory: for tests, and for a gateway that opts out of
 * durability (a crash loses everything held). Same bounds, policies, seqs and
 * stats as the file outbox; `bytes` and `storedBytes` are both payload bytes.
 * Each instance is a new outbox with its own random epoch: it starts at
 * `firstSeq` again, so it must never pass for an earlier one.
 */
import { copyBatchBytes } from './batch-bytes.js';
import { CapacityGate } from './capacity-gate.js';
import { newEpoch } from './epoch-file.js';
import { closedError, tooLargeError } from './errors.js';
import { resolveOutboxOptions, type OutboxOptions } from './options.js';
import type { AckOutcome, AppendOptions, AppendResult, BatchBody, Outbox, OutboxEntry, OutboxStats, UnacknowledgedOptions } from './outbox.js';
import { SeqWindow } from './seq-window.js';

export class MemoryOutbox implements Outbox {
  readonly options: OutboxOptions;
  readonly epoch = newEpoch();
  private readonly window = new SeqWindow<Uint8Array>();
  private readonly gate: CapacityGate;
  private nextSeq: number;
  private closed = false;
  private heldBytes = 0;
  private appended = 0;
  private acknowledged = 0;
  private duplicateAcks = 0;
  private unknownAcks = 0;
  private dropped = 0;
  private droppedBytes = 0;

  constructor(options: Partial<OutboxOptions> = {}) {
    this.options = resolveOutboxOptions(options);
    this.nextSeq = this.options.firstSeq;
    this.gate = new CapacityGate(this.options, {
      reclaim: () => false,
      dropOldest: () => this.dropOldest(),
    });
  }

  append(body: BatchBody, options: AppendOptions = {}): Promise<AppendResult> {
    if (this.closed) return Promise.reject(closedError());
    // Copied: nothing but this outbox may change what it holds.
    const payload = copyBatchBytes(body);
    if (payload.byteLength > this.options.maxBatchBytes || payload.byteLength > this.options.maxBytes) {
      return Promise.reject(tooLargeError(payload.byteLength, this.options));
    }
    return new Promise((resolve, reject) => {
      this.gate.admit(
        payload.byteLength,
        () => {
          const seq = this.nextSeq++;
          this.window.push(seq, payload);
          this.heldBytes += payload.byteLength;
          this.appended++;
          resolve({ seq });
        },
        reject,
        options.signal,
      );
    });
  }

  unacknowledged(options: UnacknowledgedOptions = {}): AsyncIterable<OutboxEntry> {
    // The end is fixed now: batches appended during a resend are published by their own append.
    const upTo = this.nextSeq - 1;
    const from = (options.afterSeq ?? -Infinity) + 1;
    const window = this.window;
    return {
      async *[Symbol.asyncIterator]() {
        for (let seq = window.nextLive(from, upTo); seq !== undefined; seq = window.nextLive(seq + 1, upTo)) {
          const payload = window.get(seq);
          if (payload !== undefined) yield { seq, payload };
        }
      },
    };
  }

  acknowledge(seq: number): AckOutcome {
    if (this.closed || !Number.isSafeInteger(seq) || seq >= this.nextSeq || seq < this.options.firstSeq) {
      this.unknownAcks++;
      return 'unknown';
    }
    const payload = this.window.release(seq);
    if (payload === undefined) {
      this.duplicateAcks++;
      return 'duplicate';
    }
    this.heldBytes -= payload.byteLength;
    this.acknowledged++;
    this.gate.release(1, payload.byteLength);
    return 'acknowledged';
  }

  stats(): OutboxStats {
    const newest = this.nextSeq - 1;
    return {
      batches: this.window.live,
      bytes: this.heldBytes,
      storedBytes: this.heldBytes,
      oldestSeq: this.window.oldest() ?? null,
      newestSeq: newest >= this.options.firstSeq ? newest : null,
      pending: 0,
      waiting: this.gate.waiting,
      appended: this.appended,
      acknowledged: this.acknowledged,
      duplicateAcks: this.duplicateAcks,
      unknownAcks: this.unknownAcks,
      refused: this.gate.refused,
      blocked: this.gate.blocked,
      dropped: this.dropped,
      droppedBytes: this.droppedBytes,
      diskFull: false,
      diskFullStalls: 0,
      fsyncs: 0,
    };
  }

  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.gate.close(closedError());
    }
    return Promise.resolve();
  }

  private dropOldest(): boolean {
    const seq = this.window.oldest();
    if (seq === undefined) return false;
    const payload = this.window.release(seq)!;
    this.heldBytes -= payload.byteLength;
    this.dropped++;
    this.droppedBytes += payload.byteLength;
    this.gate.release(1, payload.byteLength);
    return true;
  }
}
