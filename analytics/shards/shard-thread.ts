import { Worker, type TransferListItem } from 'node:worker_threads';
import type { FromShard, ShardWorkerData, ToShard } from './shard-messages.js';

/**
 * The main thread's handle on one shard's worker thread: starts it, asks it
 * questions (each answered with its id), tells it to stop, and reports once
 * if it ends while it should be running (a crash, an uncaught error, an
 * unexpected exit) through `onFailure`.
 */
export class ShardThread {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  private stopping = false;
  private ended: string | null = null;
  /** Resolves when the shard runs (restored, connected, subscribed); rejects with why it did not. */
  readonly started: Promise<void>;
  /** Resolves when the thread has ended, with its exit code. */
  readonly exited: Promise<number>;
  private stopped!: () => void;
  private readonly stoppedSaid = new Promise<void>((resolve) => (this.stopped = resolve));

  constructor(
    readonly name: string,
    entry: URL,
    data: ShardWorkerData,
    transfer: readonly TransferListItem[],
    private readonly onFailure: (shard: string, reason: string) => void,
  ) {
    this.worker = new Worker(entry, { workerData: data, transferList: [...transfer], name });
    let startedOk: () => void;
    let startFailed: (err: Error) => void;
    this.started = new Promise<void>((resolve, reject) => {
      startedOk = resolve;
      startFailed = reject;
    });
    let running = false;
    this.worker.on('message', (message: FromShard) => {
      if (message.type === 'started') {
        running = true;
        startedOk();
      } else if (message.type === 'failed') startFailed(new Error(`${name}: ${message.message}`));
      else if (message.type === 'answer') this.answer(message.id, message.value);
      else this.stopped();
    });
    let error: Error | null = null;
    this.worker.on('error', (err) => {
      error = err;
    });
    this.exited = new Promise<number>((resolve) => {
      this.worker.once('exit', (code) => {
        const reason = error ? `uncaught error: ${error.message}` : `its thread exited with code ${code}`;
        this.ended = reason;
        for (const w of this.waiting.values()) w.reject(new Error(`${name} is not running: ${reason}`));
        this.waiting.clear();
        startFailed(new Error(`${name} ended before it started: ${reason}`));
        if (running && !this.stopping) this.onFailure(name, reason);
        this.stopped();
        resolve(code);
      });
    });
    // A start that failed is reported by whoever awaits `started`; nobody may be waiting yet.
    this.started.catch(() => {});
  }

  /** Asks the shard its readiness or its metrics (as JSON). Rejects when the shard is not running. */
  ask(type: 'ready' | 'metrics'): Promise<unknown> {
    if (this.ended !== null) return Promise.reject(new Error(`${this.name} is not running: ${this.ended}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ type, id });
    });
  }

  /** Tells the shard to finish its batches in flight, flush and checkpoint; resolves once its thread has ended. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.ended === null) this.post({ type: 'stop' });
    await this.stoppedSaid;
    await this.exited;
  }

  /** Ends the thread at once (after a failed start of another shard, nothing of it to save). */
  async terminate(): Promise<void> {
    this.stopping = true;
    await this.worker.terminate();
  }

  private post(message: ToShard): void {
    this.worker.postMessage(message);
  }

  private answer(id: number, value: unknown): void {
    const w = this.waiting.get(id);
    this.waiting.delete(id);
    w?.resolve(value);
  }
}
