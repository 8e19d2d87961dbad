import { decodeAck } from '../protocol/ack.js';
import type { BusClient } from '../protocol/bus-client.js';
import { encodeBatchEnvelope } from '../protocol/measurement-batch.js';
import { encodeGatewayStatus } from '../protocol/status.js';
import { ackTopic, measurementsTopic, statusTopic } from '../protocol/topics.js';
import type { Logger } from '../ops/logger.js';
import { withDefaults } from '../domain/with-defaults.js';
import { BatchBuilder } from './batch-builder.js';
import { LiveQueue } from './live-queue.js';
import { DEFAULT_GATEWAY_OPTIONS, type GatewayOptions } from './options.js';
import type { Outbox } from './outbox/outbox.js';
import { SendLanes, type Lane } from './send-lanes.js';
import type { GatewayStats } from './gateway-stats.js';
import type { GatewayEntry } from './sources/source-point.js';

export type { GatewayStats } from './gateway-stats.js';

export interface GatewayDeps {
  readonly outbox: Outbox;
  /**
   * The bus, connecting or connected (from-config.ts makes one with
   * MQTT.js; a unit test gives an in-process one). The gateway owns it from
   * now on: it listens from `start()` and ends it in `stop()`.
   */
  readonly client: BusClient;
  readonly log: Logger;
  readonly clock?: () => number;
}

/** The sending settings; how to reach the broker is from-config.ts's business. */
export type GatewaySettings = Partial<Omit<GatewayOptions, 'mqttUrl' | 'password' | 'username' | 'rejectUnauthorized' | 'reconnectMinMs' | 'reconnectMaxMs'>> &
  Pick<GatewayOptions, 'enterprise' | 'gateway'>;

/** The gateway's options less the connection's, which the injected bus client holds. */
type ServiceOptions = Omit<GatewayOptions, 'mqttUrl' | 'password'>;

/**
 * A factory gateway: takes points from a source, closes them into batches,
 * makes each batch durable in the outbox before anything else, publishes it
 * QoS 1 (from memory, as it was made: live-queue.ts), and deletes it only when the analytics service acknowledges that it
 * is stored. Sending is go-back-N over the outbox: at most `window` batches
 * are out at once; a reconnect or an ack timeout sends again from the oldest
 * unacknowledged batch (analytics stores each point once, so a second copy is
 * harmless). What was held when that round began is a backlog, sent oldest
 * first within `backlogWindow` beside the live batches (send-lanes.ts), so a
 * gateway catching up after an outage keeps its live data flowing. The
 * backlog, and a resend, are read back from the outbox. The outbox is the
 * only buffer that matters: a crash loses nothing it holds.
 */
export class GatewayService {
  readonly options: Omit<GatewayOptions, 'mqttUrl' | 'password'>;
  private readonly clock: () => number;
  private client: BusClient | null = null;
  private connected = false;
  private builder = new BatchBuilder();
  private batchTimer: NodeJS.Timeout | null = null;
  private appendChain: Promise<void> = Promise.resolve();
  private readonly lanes: SendLanes;
  private readonly live: LiveQueue;
  private pumping = false;
  private pumpAgain = false;
  /**
   * A round's backlog waits until a live batch of the round is out, or
   * `liveFirstMs()` has passed: the analytics service then knows this gateway
   * streams live data and takes its old readings for the backlog they are
   * (stored, not charted). Null once the backlog may go.
   */
  private backlogHeldSince: number | null = null;
  private backlogTimer: NodeJS.Timeout | null = null;
  private timeoutTimer: NodeJS.Timeout | null = null;
  private readonly counters = { accepted: 0, published: 0, resent: 0, acknowledged: 0, refusedBatches: 0, refusedPoints: 0, foreignAcks: 0, readBack: 0, sentFromMemory: 0 };
  private readonly everSent = new Set<number>();

  constructor(
    settings: GatewaySettings,
    private readonly deps: GatewayDeps,
  ) {
    this.options = withDefaults<ServiceOptions>({ ...DEFAULT_GATEWAY_OPTIONS, enterprise: '', gateway: '' }, settings);
    this.clock = deps.clock ?? Date.now;
    this.lanes = new SendLanes(this.options.window, this.options.backlogWindow);
    this.live = new LiveQueue(this.options.liveMemoryBytes);
  }

  /** Listens to the bus (connecting in the background): points are accepted (into the outbox) whether the broker is up or not. */
  start(): void {
    const client = this.deps.client;
    client.on('connect', () => this.onConnect());
    client.on('close', () => this.onClose());
    client.on('error', (err) => this.deps.log.warn({ err: err.message }, 'MQTT error'));
    client.on('message', (_topic, payload) => this.onAck(payload));
    this.client = client;
    if (client.connected) this.onConnect();
    this.timeoutTimer = setInterval(() => this.checkAckTimeout(), Math.max(50, this.options.ackTimeoutMs / 4));
    this.timeoutTimer.unref();
  }

  /**
   * Takes points from the source. Resolves once they are in the open batch;
   * when that closes a full batch, resolves only after the batch is durable,
   * and while the outbox has appends waiting for room (full, policy 'block'),
   * only once they are in: so a source that awaits it is slowed to what the
   * outbox takes (backpressure) instead of queueing batches without bound.
   * Never rejects: a batch the outbox refuses is counted (`refusedPoints`).
   */
  async accept(points: readonly GatewayEntry[]): Promise<void> {
    for (const p of points) {
      this.builder.add(p);
      this.counters.accepted += 1;
      if (this.builder.size >= this.options.maxBatchPoints) await this.closeBatch();
    }
    // Batches closed by the timer are not awaited above; a full outbox must still hold the source.
    if (this.deps.outbox.stats().waiting > 0) await this.appendChain;
    if (this.builder.size > 0 && this.batchTimer === null) {
      this.batchTimer = setTimeout(() => void this.closeBatch().catch(() => {}), this.options.maxBatchDelayMs);
    }
  }

  /** Closes the open batch now and waits until every batch so far is durable. */
  async flush(): Promise<void> {
    await this.closeBatch();
    await this.appendChain;
  }

  /**
   * Flushes, waits (up to `timeoutMs`) for the acknowledgements, says goodbye, and closes the outbox.
   * An outbox that holds the flush back (its disk full, or full under 'block' with nothing acknowledging)
   * is closed after `timeoutMs`: the batch it held is given back, logged and counted as refused.
   */
  async stop(timeoutMs = 5000): Promise<void> {
    const deadline = this.clock() + timeoutMs;
    await this.flushWithin(deadline).catch((err) => this.deps.log.warn({ err: (err as Error).message }, 'final batch not stored'));
    while (this.deps.outbox.stats().batches > 0 && this.connected && this.clock() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    if (this.timeoutTimer) clearInterval(this.timeoutTimer);
    if (this.backlogTimer) clearTimeout(this.backlogTimer);
    const client = this.client;
    this.client = null;
    if (client) {
      if (this.connected) {
        const { enterprise, gateway } = this.options;
        await client.publishAsync(statusTopic(enterprise, gateway), encodeGatewayStatus({ state: 'offline', at: this.clock() }), { qos: 1, retain: true }).catch(() => {});
      }
      await client.endAsync();
    }
    await this.deps.outbox.close();
  }

  private async flushWithin(deadline: number): Promise<void> {
    let settled = false;
    const flushed = this.flush().finally(() => (settled = true));
    flushed.catch(() => {});
    while (!settled) {
      const o = this.deps.outbox.stats();
      if ((o.diskFull || o.waiting > 0) && this.clock() >= deadline) {
        await this.deps.outbox.close();
        break;
      }
      await Promise.race([flushed.catch(() => {}), new Promise((r) => setTimeout(r, 50))]);
    }
    await flushed;
  }

  stats(): GatewayStats {
    return {
      ...this.counters,
      backlogInFlight: this.lanes.inLane('backlog'),
      catchingUp: this.lanes.hasBacklog,
      connected: this.connected,
      inFlight: this.lanes.inFlight,
      liveOverBudget: this.live.overBudget,
      outbox: this.deps.outbox.stats(),
    };
  }

  private closeBatch(): Promise<void> {
    if (this.batchTimer) {
      clearTimeout(this.batchTimer);
      this.batchTimer = null;
    }
    if (this.builder.size === 0) return this.appendChain;
    const points = this.builder.size;
    const body = this.builder.take();
    // The outbox admits appends in call order, so the newest append settles last: waiting for it waits for all.
    const appended = this.deps.outbox.append(body).then(
      ({ seq }) => this.onDurable(seq, body),
      (err: unknown) => {
        // Refused (full under 'reject', too large) or failed: these points are lost at the source, so say so.
        this.counters.refusedBatches += 1;
        this.counters.refusedPoints += points;
        const code = (err as { code?: unknown }).code;
        this.deps.log.error({ err: (err as Error).message, code, points, refusedPoints: this.counters.refusedPoints }, 'batch not stored in the outbox; its points are dropped and counted');
      },
    );
    this.appendChain = appended;
    return appended;
  }

  /**
   * A batch is durable: kept in memory for the live lane, and the pump sends it after any older ones still
   * unacknowledged. Offline it is not kept: the next connection starts a round that reads it back as backlog.
   */
  private onDurable(seq: number, pointsJson: string): void {
    if (this.connected) this.live.add(seq, pointsJson);
    this.pump();
  }

  private send(seq: number, pointsJson: string, lane: Lane): void {
    const client = this.client;
    if (!client) return;
    const { enterprise, gateway } = this.options;
    if (this.everSent.has(seq)) this.counters.resent += 1;
    else {
      this.everSent.add(seq);
      this.counters.published += 1;
    }
    this.lanes.sent(seq, lane, this.clock());
    if (lane === 'live') this.backlogHeldSince = null;
    // A failed publish is recovered by the ack timeout, like a lost one.
    client.publishAsync(measurementsTopic(enterprise, gateway), encodeBatchEnvelope(seq, pointsJson, this.deps.outbox.epoch), { qos: 1 }).catch(() => {});
  }

  /** Sends unacknowledged batches while the window has room: live ones first, then the backlog's share. */
  private pump(): void {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void (async () => {
      try {
        do {
          this.pumpAgain = false;
          this.lanes.settle(this.deps.outbox.stats().oldestSeq);
          await this.sendLive();
          if (this.backlogMayGo()) await this.sendBacklog();
        } while (this.pumpAgain);
      } catch (err) {
        this.deps.log.warn({ err: (err as Error).message }, 'resend from the outbox failed; retrying at the next ack timeout');
      } finally {
        this.pumping = false;
      }
    })();
  }

  private async sendBacklog(): Promise<void> {
    const from = this.lanes.start('backlog');
    if (from === null || !this.connected) return;
    await this.sendFromOutbox('backlog', from.afterSeq, from.upTo);
  }

  /**
   * How long a round's backlog waits for a live batch: the first live batch
   * closes only after `maxBatchDelayMs`, and a backlog that went before it
   * would reach a service that does not know this gateway streams live data
   * yet, which would chart the old readings instead of counting them backlog.
   */
  private liveFirstMs(): number {
    return this.options.maxBatchDelayMs + LIVE_FIRST_MARGIN_MS;
  }

  private backlogMayGo(): boolean {
    if (this.backlogHeldSince === null) return true;
    const waited = this.clock() - this.backlogHeldSince;
    const wait = this.liveFirstMs();
    if (waited >= wait) {
      this.backlogHeldSince = null;
      return true;
    }
    this.backlogTimer ??= setTimeout(() => {
      this.backlogTimer = null;
      this.pump();
    }, wait - waited);
    this.backlogTimer.unref();
    return false;
  }

  /**
   * The live lane: batches from memory as they were made durable, and from
   * the outbox only where memory does not have them (the start of an in-order
   * round, or after the live memory budget was exceeded).
   */
  private async sendLive(): Promise<void> {
    const round = this.lanes.round;
    while (this.connected && round === this.lanes.round) {
      const from = this.lanes.start('live');
      if (from === null) return;
      const next = this.live.next(from.afterSeq, this.deps.outbox.stats().oldestSeq);
      if (next === null) return;
      if (next !== 'outbox') {
        this.live.taken(next.seq);
        this.counters.sentFromMemory += 1;
        this.send(next.seq, next.pointsJson, 'live');
        continue;
      }
      if (!(await this.sendFromOutbox('live', from.afterSeq, undefined))) return;
    }
  }

  /**
   * Reads back and sends held batches after `afterSeq` (up to `upTo`) while the lane has room; the live lane
   * stops where memory takes over. Says whether it sent anything and the lane may go on.
   */
  private async sendFromOutbox(lane: Lane, afterSeq: number | undefined, upTo: number | undefined): Promise<boolean> {
    const round = this.lanes.round;
    const newestRead = this.deps.outbox.stats().newestSeq;
    let sent = 0;
    for await (const entry of this.deps.outbox.unacknowledged(afterSeq === undefined ? {} : { afterSeq })) {
      if (upTo !== undefined && entry.seq > upTo) return false;
      if (!this.connected || round !== this.lanes.round || !this.lanes.hasRoom(lane)) return false;
      this.counters.readBack += 1;
      this.send(entry.seq, utf8(entry.payload), lane);
      sent += 1;
      if (lane === 'live' && this.live.coversAfter(entry.seq)) return true;
      // Stop before the iterator reads a batch that could not be sent.
      if (!this.lanes.hasRoom(lane) || (upTo !== undefined && entry.seq >= upTo)) return false;
    }
    if (lane !== 'live' || round !== this.lanes.round) return false;
    // Read to its end: memory holds what is left, unless a batch was left out of it meanwhile.
    return this.live.outboxDrained(newestRead) || sent > 0;
  }

  private onConnect(): void {
    const { enterprise, gateway } = this.options;
    this.connected = true;
    this.deps.log.info({ enterprise, gateway, epoch: this.deps.outbox.epoch }, 'connected to the broker');
    const warn = (what: string) => (err: Error) => this.deps.log.warn({ err: err.message }, what);
    this.client?.subscribeAsync(ackTopic(enterprise, gateway), { qos: 1 }).catch(warn('subscribing to acknowledgements failed'));
    this.client
      ?.publishAsync(statusTopic(enterprise, gateway), encodeGatewayStatus({ state: 'online', at: this.clock() }), { qos: 1, retain: true })
      .catch(warn('publishing the online status failed'));
    this.restartRound();
  }

  private onClose(): void {
    if (this.connected) this.deps.log.warn('disconnected from the broker; batches stay in the outbox');
    this.connected = false;
  }

  private onAck(payload: Buffer): void {
    const ack = decodeAck(payload);
    if (!ack.ok) {
      this.deps.log.warn({ reason: ack.reason }, 'unreadable acknowledgement ignored');
      return;
    }
    // An ack without an epoch comes from an older analytics service, which cannot tell outboxes apart: taken as ours.
    if (ack.value.epoch !== undefined && ack.value.epoch !== this.deps.outbox.epoch) {
      this.counters.foreignAcks += 1;
      if (this.counters.foreignAcks === 1) {
        this.deps.log.warn(
          { epoch: ack.value.epoch, outboxEpoch: this.deps.outbox.epoch, seq: ack.value.seq },
          'acknowledgement for another outbox epoch ignored (a late ack for a replaced outbox); further ones are only counted',
        );
      }
      return;
    }
    const outcome = this.deps.outbox.acknowledge(ack.value.seq);
    if (outcome === 'acknowledged') this.counters.acknowledged += 1;
    this.lanes.acknowledged(ack.value.seq);
    this.everSent.delete(ack.value.seq);
    this.pump();
  }

  /** Go back to the oldest unacknowledged batch when one has waited too long for its ack. */
  private checkAckTimeout(): void {
    if (!this.connected || this.lanes.inFlight === 0) return;
    if (this.lanes.overdue(this.clock(), this.options.ackTimeoutMs)) {
      this.deps.log.info({ inFlight: this.lanes.inFlight }, 'acknowledgement overdue; sending again from the oldest unacknowledged batch');
      this.restartRound();
    }
  }

  /** Everything held now is sent again, as the backlog; what is appended from now on is live. */
  private restartRound(): void {
    // Every batch durable by now goes again from the outbox; memory serves those made durable from now on.
    this.live.restart(this.deps.outbox.stats().newestSeq);
    if (this.options.catchUp === 'in-order') {
      // No backlog lane: everything goes again in seq order, oldest first.
      this.lanes.restart(null, null);
    } else {
      const { oldestSeq, newestSeq } = this.deps.outbox.stats();
      this.lanes.restart(oldestSeq, newestSeq);
      this.backlogHeldSince = this.clock();
    }
    this.pump();
  }
}

/** How long past the batch delay a round's backlog waits for a live batch to go first, ms (a gateway with no live data, e.g. a replay, waits this once per round). */
const LIVE_FIRST_MARGIN_MS = 1000;

function utf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
