import type { MessagePort } from 'node:worker_threads';
import { StoreError } from '../../store/errors.js';
import type {
  DownsampledSeries,
  EventFilter,
  EventPage,
  EventQuery,
  Measurement,
  PointKey,
  RawSeries,
  SeriesKey,
  SeriesSummary,
  StoreAdapterName,
  StoreHealth,
  StoredEvent,
  SummaryFilter,
  TimeRange,
  TimeSeriesStore,
  WriteResult,
} from '../../store/port.js';
import { columnBuffers, fromWireError, toColumns, type StoreMethod, type StoreReply, type StoreRequest } from './store-wire.js';

/**
 * The store as a shard sees it: every call of the port goes over a
 * MessagePort to the main thread, which holds the one open store
 * (store-server.ts), and comes back with the same value or the same error
 * (a StoreError keeps its code). Closing the proxy closes only the proxy:
 * the main thread closes the store once every shard has stopped.
 */
export class StoreProxy implements TimeSeriesStore {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  /** Calls sent and not answered yet, for close to wait for. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Why calls are refused now: closed here, or the main thread's end of the port went away; null while open. */
  private refusal: StoreError | null = null;

  constructor(
    private readonly port: MessagePort,
    readonly adapter: StoreAdapterName,
  ) {
    port.on('message', (reply: StoreReply) => this.settle(reply));
    // The main thread went away: nothing in flight will be answered.
    port.on('close', () => this.failPending(new StoreError('LW_STORE_UNAVAILABLE', 'the store server (the analytics main thread) closed its port')));
  }

  writeMeasurements(batch: readonly Measurement[]): Promise<WriteResult> {
    const columns = toColumns(batch);
    if (columns === null) return this.call('writeMeasurements', [batch]) as Promise<WriteResult>;
    return this.send((id) => ({ id, method: 'writeColumns', columns }), columnBuffers(columns)) as Promise<WriteResult>;
  }

  storedValues(keys: readonly PointKey[]): Promise<(number | null)[]> {
    return this.call('storedValues', [keys]) as Promise<(number | null)[]>;
  }

  readSeries(key: SeriesKey, range: TimeRange): Promise<RawSeries> {
    return this.call('readSeries', [key, range]) as Promise<RawSeries>;
  }

  readDownsampled(key: SeriesKey, range: TimeRange, buckets: number): Promise<DownsampledSeries> {
    return this.call('readDownsampled', [key, range, buckets]) as Promise<DownsampledSeries>;
  }

  summarize(filter: SummaryFilter): Promise<SeriesSummary[]> {
    return this.call('summarize', [filter]) as Promise<SeriesSummary[]>;
  }

  appendEvents(events: readonly StoredEvent[]): Promise<void> {
    return this.call('appendEvents', [events]) as Promise<void>;
  }

  readEvents(filter: EventFilter): Promise<StoredEvent[]> {
    return this.call('readEvents', [filter]) as Promise<StoredEvent[]>;
  }

  readEventPage(query: EventQuery): Promise<EventPage> {
    return this.call('readEventPage', [query]) as Promise<EventPage>;
  }

  async health(): Promise<StoreHealth> {
    const started = performance.now();
    try {
      return (await this.call('health', [])) as StoreHealth;
    } catch (err) {
      // The port's promise: health never throws.
      return { ok: false, adapter: this.adapter, detail: (err as Error).message, latencyMs: performance.now() - started, code: (err as StoreError).code ?? 'LW_STORE_UNAVAILABLE' };
    }
  }

  /** Refuses further calls at once, and resolves once what is in flight is answered; the store itself stays open (the main thread's). */
  async close(): Promise<void> {
    this.refusal ??= new StoreError('LW_STORE_CLOSED', 'the store is closed');
    await Promise.allSettled(this.inFlight);
  }

  private call(method: StoreMethod, args: readonly unknown[]): Promise<unknown> {
    return this.send((id) => ({ id, method, args }), []);
  }

  private send(request: (id: number) => StoreRequest, transfer: ArrayBuffer[]): Promise<unknown> {
    if (this.refusal) return Promise.reject(this.refusal);
    const id = this.nextId++;
    const answered = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.port.postMessage(request(id), transfer);
      } catch (err) {
        // Something in the call cannot be cloned (a function in an event's data): the caller's mistake, said as the store would.
        this.pending.delete(id);
        reject(new StoreError('LW_STORE_INVALID_ARGUMENT', `cannot pass the call to the store: ${(err as Error).message}`));
      }
    });
    this.inFlight.add(answered);
    const forget = () => this.inFlight.delete(answered);
    answered.then(forget, forget);
    return answered;
  }

  private settle(reply: StoreReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(fromWireError(reply.error));
    else waiting.resolve(reply.value);
  }

  private failPending(err: StoreError): void {
    this.refusal ??= err;
    for (const waiting of this.pending.values()) waiting.reject(err);
    this.pending.clear();
  }
}
