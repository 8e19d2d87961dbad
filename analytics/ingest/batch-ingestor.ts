import type { MeasurementBatchDecoder } from '../../protocol/measurement-batch.js';
import type { Measurement, TimeSeriesStore } from '../../store/port.js';
import type { AlertEvent } from '../../monitor/alert.js';
import type { EpisodeBook } from '../../monitor/episode-book.js';
import type { SeriesRegistry } from '../monitoring/series-registry.js';
import { observeSample } from '../monitoring/observe-sample.js';
import { isValidEpoch } from '../../protocol/outbox-epoch.js';
import { StoredSeqs } from './stored-seqs.js';

/** One batch as it came off the bus, with who sent it (from the topic the broker authorised). */
export interface IncomingBatch {
  readonly enterprise: string;
  readonly gateway: string;
  readonly payload: Uint8Array | string;
  /** Receiver clock, ms UTC. */
  readonly receivedAt: number;
}

/** A point that did not get in, for the dead-letter topic. */
export interface DeadPoint {
  readonly index: number;
  readonly point: unknown;
  readonly reason: string;
}

export type IngestOutcome =
  | {
      readonly kind: 'stored';
      /** The batch's outbox epoch ('' when it had none), echoed in the ack. */
      readonly epoch: string;
      readonly seq: number;
      /** Points newly stored. */
      readonly stored: number;
      /**
       * Of `stored`, the points that are historical: stamped more than the
       * decoder's `historicalAfterMs` before they were received, or older than
       * the newest sample their series has charted (backlog arriving behind
       * live data). Stored, never charted live, so no alert comes from them.
       */
      readonly historical: number;
      /**
       * Points charted by the live monitor on this delivery. Every stored
       * point is charted or counted as historical; a stored point that is
       * neither is "uncharted", which the fault suites hold at 0.
       */
      readonly charted: number;
      /**
       * Points of a batch (gateway, epoch, seq) already stored: a redelivery. They
       * were written again (the store keeps each key once) but not charted.
       */
      readonly duplicates: number;
      readonly rejected: readonly DeadPoint[];
      readonly alertEvents: readonly AlertEvent[];
    }
  | {
      /** The message as a whole was unusable; `seq` is set when it could still be read. */
      readonly kind: 'refused';
      /** The outbox epoch when it could still be read, else '' (echoed in the ack, so the right outbox lets it go). */
      readonly epoch: string;
      readonly seq: number | null;
      readonly reason: string;
      readonly payload: Uint8Array | string;
    };

export interface BatchIngestorDeps {
  readonly decode: MeasurementBatchDecoder;
  readonly registry: SeriesRegistry;
  readonly alerts: EpisodeBook;
  /** Only writes: the service passes a timed view of its store (metrics). */
  readonly store: Pick<TimeSeriesStore, 'writeMeasurements'>;
  /**
   * Takes a batch's alert events as soon as it is charted, before the store
   * write: an alert reaches people without waiting for the disk (under load
   * a write takes a good part of the latency budget). Charting happens once
   * per batch whatever the store does (chartedNotStored), so an event is
   * never raised twice. Without it the events come in the outcome.
   */
  readonly onAlerts?: (events: readonly AlertEvent[]) => void;
}

/**
 * The ingest flow, in its order: decode, resolve each point's series,
 * monitor, store. Monitoring runs synchronously on arrival so each series is
 * charted in the order its samples arrive, whatever order concurrent store
 * writes complete in; the caller acknowledges only after `ingest` resolves,
 * that is after the store made the points durable. A store failure rejects,
 * so the batch is not acknowledged and the gateway sends it again; the
 * series' time watermark then keeps the charts from seeing it twice.
 *
 * Live charts see live points only. A historical point (decoder) from a
 * gateway that streams live data, or a point older than its series' newest
 * sample, is stored and counted as historical, never charted: charting an
 * hour of backlog after the live data would either be out of order or raise
 * alerts that look live. Recorded data replayed in order is charted. A batch whose seq is
 * already stored (StoredSeqs) is a redelivery: its points are duplicates.
 * After a restart the seqs are forgotten, so a redelivery of points the
 * series has already charted counts as historical; the store still keeps one.
 */
export class BatchIngestor {
  private readonly storedSeqs = new StoredSeqs();
  /**
   * Batches charted on arrival whose store write then failed ("enterprise/gateway/epoch/seq"),
   * so their resend is stored and counted without being charted a second time
   * or passing for backlog; what the first delivery charted is counted when
   * the resend is stored. Bounded: the oldest are forgotten first.
   */
  private readonly chartedNotStored = new Map<string, ChartedCounts>();
  /**
   * Gateways ("enterprise/gateway") that have sent a reading stamped within
   * the decoder's `historicalAfterMs` of its arrival: they stream live data,
   * so their old readings are a backlog. A gateway replaying recorded data
   * (`linewatch replay` of last month's CSV) never gets here, and its
   * readings are charted in order like any others.
   */
  private readonly liveGateways = new Set<string>();

  constructor(private readonly deps: BatchIngestorDeps) {}

  async ingest(batch: IncomingBatch): Promise<IngestOutcome> {
    const decoded = this.deps.decode(batch.payload, batch.receivedAt);
    if (!decoded.ok) return { kind: 'refused', ...salvageBatchName(batch.payload), reason: decoded.reason, payload: batch.payload };

    const rejected: DeadPoint[] = [...decoded.rejected];
    const toStore: Measurement[] = [];
    const batchIndexOf: number[] = []; // toStore[i] came from the batch's point batchIndexOf[i]
    const alertEvents: AlertEvent[] = [];
    // A seq names a batch within its outbox only: a new outbox (new epoch) starts at seq 1 again with new data.
    const redelivery = this.storedSeqs.has(batch.enterprise, batch.gateway, decoded.epoch, decoded.seq);
    const batchKey = `${batch.enterprise}/${batch.gateway}/${decoded.epoch}/${decoded.seq}`;
    const chartedBefore = this.chartedNotStored.get(batchKey);
    const gatewayKey = `${batch.enterprise}/${batch.gateway}`;
    if (!this.liveGateways.has(gatewayKey) && decoded.points.some((p) => !p.historical)) this.liveGateways.add(gatewayKey);
    // Old readings are a backlog only from a gateway that streams live readings; a replay of recorded data is charted.
    const backlogGateway = this.liveGateways.has(gatewayKey);
    let duplicates = 0;
    let historical = 0;
    let charted = 0;
    for (const p of decoded.points) {
      const series = this.deps.registry.resolve(batch.enterprise, p.line, p.characteristic);
      if (typeof series === 'string') {
        rejected.push({ index: p.index, point: { line: p.line, characteristic: p.characteristic, ts: p.ts, value: p.value }, reason: series });
        continue;
      }
      toStore.push({ enterprise: batch.enterprise, line: p.line, characteristic: p.characteristic, ts: p.ts, value: p.value });
      batchIndexOf.push(p.index);
      if (redelivery) duplicates += 1;
      else if (p.historical && backlogGateway) historical += 1;
      else if (chartedBefore !== undefined) continue;
      else if (observeSample(series, p.ts, p.value, this.deps.alerts, batch.receivedAt, alertEvents)) charted += 1;
      else historical += 1;
    }
    if (chartedBefore !== undefined) {
      charted = chartedBefore.charted;
      historical = chartedBefore.historical;
    } else if (!redelivery) {
      this.chartedNotStored.set(batchKey, { charted, historical });
      if (this.chartedNotStored.size > MAX_CHARTED_NOT_STORED) this.chartedNotStored.delete(this.chartedNotStored.keys().next().value!);
    }

    const early = this.deps.onAlerts !== undefined && alertEvents.length > 0;
    if (early) this.deps.onAlerts!(alertEvents);
    const written = toStore.length === 0 ? { written: 0, rejected: [] } : await this.deps.store.writeMeasurements(toStore);
    for (const r of written.rejected) {
      const m = toStore[r.index];
      rejected.push({ index: batchIndexOf[r.index], point: { line: m.line, characteristic: m.characteristic, ts: m.ts, value: m.value }, reason: r.reason });
    }
    // Only now is the batch durable: a redelivery from here on is a duplicate.
    this.chartedNotStored.delete(batchKey);
    this.storedSeqs.add(batch.enterprise, batch.gateway, decoded.epoch, decoded.seq);
    const stored = Math.max(0, written.written - duplicates);
    rejected.sort((a, b) => a.index - b.index);
    return { kind: 'stored', epoch: decoded.epoch, seq: decoded.seq, stored, historical: Math.min(historical, stored), charted, duplicates, rejected, alertEvents: early ? [] : alertEvents };
  }
}

interface ChartedCounts {
  readonly charted: number;
  readonly historical: number;
}

/** Batches remembered as charted but not stored: a store outage at full load holds about this many. */
const MAX_CHARTED_NOT_STORED = 100_000;

/** The seq (and epoch) of an unusable batch, if they can be read, so it can still be acknowledged as refused. */
function salvageBatchName(payload: Uint8Array | string): { seq: number | null; epoch: string } {
  try {
    const text = typeof payload === 'string' ? payload : Buffer.from(payload).toString('utf8');
    if (text.length > 16 * 1024 * 1024) return { seq: null, epoch: '' };
    const { seq, epoch } = JSON.parse(text) as { seq?: unknown; epoch?: unknown };
    return { seq: typeof seq === 'number' && Number.isSafeInteger(seq) && seq >= 0 ? seq : null, epoch: isValidEpoch(epoch) ? epoch : '' };
  } catch {
    return { seq: null, epoch: '' };
  }
}
