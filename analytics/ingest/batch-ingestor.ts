import { salvageBatchName, type AcceptedPoint, type MeasurementBatchDecoder } from '../../protocol/measurement-batch.js';
import type { Measurement, TimeSeriesStore } from '../../store/port.js';
import type { AlertEvent } from '../../monitor/alert.js';
import type { EpisodeBook } from '../../monitor/episode-book.js';
import type { SeriesRegistry } from '../../core/series/series-registry.js';
import type { SeriesState } from '../../core/series/series-state.js';
import { observeSample } from '../../core/series/observe-sample.js';
import type { ProductSpec } from '../../core/catalog/series-catalog.js';
import type { ProductChange } from '../../protocol/event-log/product-records.js';
import type { AcceptedReelMark } from '../../protocol/batch-reel-marks.js';
import { encodeReelMark } from '../../protocol/event-log/reel-records.js';
import { HandedRanges } from './handed-ranges.js';
import { StoredSeqs } from './stored-seqs.js';
import { feedReels, type ReelFeed } from '../reels/reel-feed.js';

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
       * Points whose key (series, ts) was already held with the same value:
       * by the store (a redelivery of a batch (gateway, epoch, seq)) or by an earlier point of the batch. Not
       * new readings, not written again, not charted. stored + duplicates +
       * rejected = the points of the batch.
       */
      readonly duplicates: number;
      /** Points refused, with why: invalid, unknown series, or a timestamp conflict (another value holds their key). */
      readonly rejected: readonly DeadPoint[];
      readonly alertEvents: readonly AlertEvent[];
      /** The lines that began another product with this batch, one per line and changeover (empty when `onChangeovers` took them). */
      readonly changeovers: readonly ProductChange[];
      /**
       * The batch's reel marks that were taken, in the batch's order: stored
       * in the event log before the batch's readings, so before the ack. A
       * redelivery stores and returns them again (storing is idempotent).
       */
      readonly reels: readonly AcceptedReelMark[];
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
  /** Writes, and the look-up of stored values behind the conflict check; the service times the writes (metrics). */
  readonly store: Pick<TimeSeriesStore, 'writeMeasurements' | 'storedValues' | 'appendEvents'>;
  /**
   * Takes a batch's alert events as soon as it is charted, before the store
   * write: an alert reaches people without waiting for the disk (under load
   * a write takes a good part of the latency budget). Charting happens once
   * per batch whatever the store does (chartedNotStored), so an event is
   * never raised twice. Without it the events come in the outcome.
   */
  readonly onAlerts?: (events: readonly AlertEvent[]) => void;
  /**
   * Takes a batch's changeovers as soon as it is charted, for the same
   * reason: a batch whose write fails is not charted again when it is sent
   * again, so its changeovers would otherwise be lost with the outcome.
   * Without it they come in the outcome.
   */
  readonly onChangeovers?: (changes: readonly ProductChange[]) => void;
  /**
   * The reels' tracker (trace/reels/reel-tracker.ts): fed each stored
   * batch's reel marks, then every reading the batch newly stored (charted or
   * historical; never a duplicate of a resent batch), once the write succeeded.
   */
  readonly reels?: ReelFeed;
}

const NO_CHANGEOVERS: readonly ProductChange[] = Object.freeze([]);
const NO_MARKS: readonly AcceptedReelMark[] = Object.freeze([]);

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
 * alerts that look live. Recorded data replayed in order is charted.
 *
 * One value per (enterprise, line, characteristic, ts): the store would let
 * a second write replace the first, so the ingestor decides first. A repeat
 * of a held key with the same value is a duplicate (not stored again, not a
 * new reading); with another value it is refused with a "timestamp conflict"
 * reason for the dead letter, never stored over the first. Inside a batch a
 * repeat can only be behind the newest point of its series, and only then is
 * a map of the batch's points built. Across batches a point can only collide
 * if its ts falls in a stretch of time its series has handed to the store
 * (handed-ranges.ts; after a restart everything up to the watermark the
 * recovery replayed), or if its batch is a redelivery (StoredSeqs): only
 * those points are looked up in the store, after the writes of
 * the enterprise's earlier batches still under way, so two batches in flight
 * cannot both store one key. Live points after the watermark cost no read, nor does a backlog filling the
 * gap an outage left.
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
  /**
   * Per series, the stretches of time this ingestor has handed to the store
   * (handed-ranges.ts): a reading outside them cannot collide with a stored
   * one. A series first seen after a restart starts with everything up to
   * its watermark (the recovery replayed the store into it).
   */
  private readonly handed = new Map<SeriesState, HandedRanges>();
  /** Batches under way per enterprise, so a conflict check waits for the writes that came before it. */
  private readonly underWay = new Map<string, Set<Promise<void>>>();
  /**
   * The product each line ("enterprise/line") was last reported to begin: all
   * characteristics of a line switch together, each series on its own first
   * reading of the new product, and the line's changeover is recorded once.
   */
  private readonly lineProducts = new Map<string, string>();

  constructor(private readonly deps: BatchIngestorDeps) {}

  /** The enterprise's series are charted elsewhere now (a cluster hand-over) or rebuilt (a take-over): its lines' products are learnt again. */
  forgetEnterprise(enterprise: string): void {
    const prefix = `${enterprise}/`;
    for (const key of this.lineProducts.keys()) if (key.startsWith(prefix)) this.lineProducts.delete(key);
  }

  async ingest(batch: IncomingBatch): Promise<IngestOutcome> {
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    let underWay = this.underWay.get(batch.enterprise);
    if (!underWay) this.underWay.set(batch.enterprise, (underWay = new Set()));
    // Earlier batches of the enterprise, taken before this one joins (nothing awaits in between).
    const earlier = underWay;
    const snapshotEarlier = (): Promise<void>[] => [...earlier].filter((p) => p !== mine);
    underWay.add(mine);
    try {
      return await this.ingestBatch(batch, snapshotEarlier);
    } finally {
      underWay.delete(mine);
      if (underWay.size === 0 && this.underWay.get(batch.enterprise) === underWay) this.underWay.delete(batch.enterprise);
      done();
    }
  }

  private async ingestBatch(batch: IncomingBatch, earlierBatches: () => Promise<void>[]): Promise<IngestOutcome> {
    const decoded = this.deps.decode(batch.payload, batch.receivedAt);
    if (!decoded.ok) return { kind: 'refused', ...salvageBatchName(batch.payload), reason: decoded.reason, payload: batch.payload };

    const rejected: DeadPoint[] = [...decoded.rejected];
    const marks = decoded.reels.length === 0 ? NO_MARKS : this.takeMarks(batch.enterprise, decoded.reels, rejected);
    // Points to store, unless the store already holds their key; parallel arrays, no object per point.
    const keptPoints: AcceptedPoint[] = [];
    const keptSeries: SeriesState[] = [];
    const lookUpAt: number[] = []; // ascending indexes into keptPoints of the points the store may hold
    const alertEvents: AlertEvent[] = [];
    let changeovers: ProductChange[] | null = null; // allocated only when a line changes product
    // A seq names a batch within its outbox only: a new outbox (new epoch) starts at seq 1 again with new data.
    const redelivery = this.storedSeqs.has(batch.enterprise, batch.gateway, decoded.epoch, decoded.seq);
    const batchKey = `${batch.enterprise}/${batch.gateway}/${decoded.epoch}/${decoded.seq}`;
    const chartedBefore = this.chartedNotStored.get(batchKey);
    const gatewayKey = `${batch.enterprise}/${batch.gateway}`;
    if (!this.liveGateways.has(gatewayKey) && decoded.points.some((p) => !p.historical)) this.liveGateways.add(gatewayKey);
    // Old readings are a backlog only from a gateway that streams live readings; a replay of recorded data is charted.
    const backlogGateway = this.liveGateways.has(gatewayKey);
    const inBatch = new Map<SeriesState, BatchSeries>();
    let current: BatchSeries | undefined;
    let duplicates = 0;
    let historical = 0;
    let charted = 0;
    for (const p of decoded.points) {
      const series = this.deps.registry.stateOf(batch.enterprise, p.line, p.characteristic);
      if (typeof series === 'string') {
        rejected.push({ index: p.index, point: { line: p.line, characteristic: p.characteristic, ts: p.ts, value: p.value }, reason: series });
        continue;
      }
      // A point of another product than its series' current one: that product must be configured for the characteristic.
      let changeover: ProductSpec | null = null;
      if (p.product !== undefined && p.product !== series.product) {
        const spec = this.deps.registry.productSpec(p.product, p.characteristic);
        if (typeof spec === 'string') {
          rejected.push({ index: p.index, point: { line: p.line, characteristic: p.characteristic, ts: p.ts, value: p.value, product: p.product }, reason: `points[${p.index}].product: ${spec}` });
          continue;
        }
        changeover = spec;
      }
      if (current?.series !== series) {
        current = inBatch.get(series);
        if (!current) {
          let ranges = this.handed.get(series);
          if (!ranges) this.handed.set(series, (ranges = new HandedRanges(series.lastTs)));
          inBatch.set(series, (current = { series, ranges, oldest: Infinity, newest: -Infinity, held: null }));
        }
      }
      // A batch's points of a series come in time order: a repeated key is possible only behind the newest one.
      if (p.ts <= current.newest || current.held !== null) {
        const held = current.held ?? (current.held = heldInBatch(keptPoints, keptSeries, series));
        const earlier = held.get(p.ts);
        if (earlier !== undefined) {
          if (earlier.value === p.value) duplicates += 1;
          else rejected.push(conflict(p, earlier.value, `point ${earlier.index} of this batch`));
          continue;
        }
        held.set(p.ts, { index: p.index, value: p.value });
      }
      // Only a resend, or a point in a stretch already handed to the store, needs a look.
      const mayBeStored = redelivery || chartedBefore !== undefined || current.ranges.covers(p.ts);
      if (p.ts > current.newest) current.newest = p.ts;
      if (p.ts < current.oldest) current.oldest = p.ts;
      if (mayBeStored) lookUpAt.push(keptPoints.length);
      keptPoints.push(p);
      keptSeries.push(series);
      if (mayBeStored) continue; // counted once the store has answered
      if (p.flaggedLate || (p.historical && backlogGateway)) {
        historical += 1;
        continue;
      }
      // A changeover takes effect with its first reading charted in order, never with a late one.
      if (changeover !== null && p.ts > series.lastTs) {
        const from = series.product;
        series.useProduct(changeover);
        const lineKey = `${batch.enterprise}/${p.line}`;
        if (this.lineProducts.get(lineKey) !== changeover.product) {
          this.lineProducts.set(lineKey, changeover.product);
          (changeovers ??= []).push({ enterprise: batch.enterprise, line: p.line, at: p.ts, from, to: changeover.product });
        }
      }
      if (observeSample(series, p.ts, p.value, this.deps.alerts, batch.receivedAt, alertEvents, p.positionM ?? Number.NaN)) charted += 1;
      else historical += 1; // behind an earlier point of this batch: new to the store, too late for the chart
    }
    // Before the write: a batch arriving meanwhile must see these points as on their way to the store.
    for (const s of inBatch.values()) if (s.newest >= s.oldest) s.ranges.add(s.oldest, s.newest);
    if (chartedBefore === undefined && !redelivery) {
      this.chartedNotStored.set(batchKey, { charted, historical });
      if (this.chartedNotStored.size > MAX_CHARTED_NOT_STORED) this.chartedNotStored.delete(this.chartedNotStored.keys().next().value!);
    }

    const early = this.deps.onAlerts !== undefined && alertEvents.length > 0;
    if (early) this.deps.onAlerts!(alertEvents);
    const changeoversEarly = this.deps.onChangeovers !== undefined && changeovers !== null;
    if (changeoversEarly) this.deps.onChangeovers!(changeovers!);
    const toStore: Measurement[] = [];
    const batchIndexOf: number[] = []; // toStore[i] came from the batch's point batchIndexOf[i]
    const positionOf: number[] = []; // toStore[i]'s position on the line, NaN when it had none
    const stored = lookUpAt.length === 0 ? null : await this.storedValuesOf(batch.enterprise, keptPoints, lookUpAt, earlierBatches());
    // A resend of a batch whose first write reported failure: what the store holds of it
    // landed all the same (a write that timed out and went through). No ack counted it, so
    // it is counted stored now, once; unless another delivery of the batch was acknowledged
    // while this one waited, which makes this one a plain redelivery.
    const landedBefore = chartedBefore !== undefined && !this.storedSeqs.has(batch.enterprise, batch.gateway, decoded.epoch, decoded.seq);
    let landed = 0;
    let landedPoints: Measurement[] | null = null;
    const landedPositions: number[] = [];
    let l = 0;
    for (let i = 0; i < keptPoints.length; i++) {
      const p = keptPoints[i];
      if (lookUpAt[l] === i) {
        const held = stored![l++];
        if (held === p.value) {
          if (landedBefore) {
            landed += 1;
            // Stored by the first delivery, whose failure kept it from the reels: counted in now.
            (landedPoints ??= []).push({ enterprise: batch.enterprise, line: p.line, characteristic: p.characteristic, ts: p.ts, value: p.value });
            landedPositions.push(p.positionM ?? Number.NaN);
          } else duplicates += 1;
          continue;
        }
        if (held !== null) {
          rejected.push(conflict(p, held, 'the store'));
          continue;
        }
        historical += 1; // new to the store, at or behind what its series has charted: backlog
      }
      toStore.push({ enterprise: batch.enterprise, line: p.line, characteristic: p.characteristic, ts: p.ts, value: p.value });
      batchIndexOf.push(p.index);
      positionOf.push(p.positionM ?? Number.NaN);
    }
    // Marks first: a batch whose readings are stored is acknowledged as a whole, so its marks must be durable by then.
    if (marks.length > 0) await this.deps.store.appendEvents(marks.map((m) => encodeReelMark(batch.enterprise, m)));
    const written = toStore.length === 0 ? { written: 0, rejected: [] } : await this.deps.store.writeMeasurements(toStore);
    for (const r of written.rejected) {
      const m = toStore[r.index];
      rejected.push({ index: batchIndexOf[r.index], point: { line: m.line, characteristic: m.characteristic, ts: m.ts, value: m.value }, reason: r.reason });
    }
    if (this.deps.reels !== undefined)
      feedReels(
        this.deps.reels,
        batch.enterprise,
        marks,
        landedPoints === null ? toStore : [...toStore, ...landedPoints],
        landedPoints === null ? positionOf : [...positionOf, ...landedPositions],
        new Set(written.rejected.map((r) => r.index)),
        (line) => this.productOfLine(batch.enterprise, line),
        batch.receivedAt,
      );
    // Only now is the batch durable: a redelivery from here on is a duplicate.
    this.chartedNotStored.delete(batchKey);
    this.storedSeqs.add(batch.enterprise, batch.gateway, decoded.epoch, decoded.seq);
    // Each stored point is counted charted or historical once; a point the store refused is neither.
    const storedNow = written.written + landed;
    if (chartedBefore !== undefined) charted = landedBefore ? chartedBefore.charted : 0;
    charted = Math.min(charted, storedNow);
    historical = storedNow - charted;
    rejected.sort((a, b) => a.index - b.index);
    return {
      kind: 'stored',
      epoch: decoded.epoch,
      seq: decoded.seq,
      stored: storedNow,
      historical,
      charted,
      duplicates,
      rejected,
      alertEvents: early ? [] : alertEvents,
      changeovers: changeoversEarly || changeovers === null ? NO_CHANGEOVERS : changeovers,
      reels: marks,
    };
  }

  /** The product a line makes now: the one it last reported, else its series' current one; null when it is not known here. */
  private productOfLine(enterprise: string, line: string): string | null {
    const reported = this.lineProducts.get(`${enterprise}/${line}`);
    if (reported !== undefined) return reported;
    for (const s of this.deps.registry.ofEnterprise(enterprise)) if (s.line === line && s.product !== null) return s.product;
    return null;
  }

  /** The marks of a configured line (and a configured product, when they name one); the others refused with why. */
  private takeMarks(enterprise: string, marks: readonly AcceptedReelMark[], rejected: DeadPoint[]): readonly AcceptedReelMark[] {
    const taken: AcceptedReelMark[] = [];
    for (const m of marks) {
      const problem = this.deps.registry.reelMarkProblem(enterprise, m.line, m.product);
      if (problem === null) taken.push(m);
      else rejected.push({ index: m.index, point: m, reason: `points[${m.index}].${problem}` });
    }
    return taken;
  }

  /**
   * What the store holds under the keys of the points marked `lookUp`, in
   * their order. First waits for the enterprise's batches that came before
   * this one, so a key they are writing is seen rather than raced.
   */
  private async storedValuesOf(enterprise: string, points: readonly AcceptedPoint[], at: readonly number[], earlier: Promise<void>[]): Promise<(number | null)[]> {
    if (earlier.length > 0) await Promise.all(earlier);
    return this.deps.store.storedValues(at.map((i) => ({ enterprise, line: points[i].line, characteristic: points[i].characteristic, ts: points[i].ts })));
  }
}

/** One series within one batch. */
interface BatchSeries {
  readonly series: SeriesState;
  /** What the series has handed to the store so far. */
  readonly ranges: HandedRanges;
  /** Oldest ts of the series so far in this batch. */
  oldest: number;
  /** Newest ts of the series so far in this batch. */
  newest: number;
  /** Its points so far by ts, built only once a point is not after the newest one. */
  held: Map<number, { readonly index: number; readonly value: number }> | null;
}

/** The points of `series` kept so far in a batch, by ts. */
function heldInBatch(points: readonly AcceptedPoint[], seriesOf: readonly SeriesState[], series: SeriesState): Map<number, { readonly index: number; readonly value: number }> {
  const held = new Map<number, { readonly index: number; readonly value: number }>();
  for (let i = 0; i < points.length; i++) if (seriesOf[i] === series) held.set(points[i].ts, { index: points[i].index, value: points[i].value });
  return held;
}

/** A reading refused because another value already holds its key. */
function conflict(p: AcceptedPoint, held: number, where: string): DeadPoint {
  const at = new Date(p.ts).toISOString();
  return {
    index: p.index,
    point: { line: p.line, characteristic: p.characteristic, ts: p.ts, value: p.value },
    reason:
      `points[${p.index}].ts: timestamp conflict: ${p.line}/${p.characteristic} at ${at} (ts ${p.ts}) already holds ${held} (${where}); ` +
      `this reading is ${p.value}. One value per series and timestamp: refused, nothing replaced`,
  };
}

interface ChartedCounts {
  readonly charted: number;
  readonly historical: number;
}

/** Batches remembered as charted but not stored: a store outage at full load holds about this many. */
const MAX_CHARTED_NOT_STORED = 100_000;
