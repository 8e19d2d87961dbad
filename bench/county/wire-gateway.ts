/**
 * One simulated gateway on a raw MQTT connection: readings fall due on the
 * county clock, are closed into batches of `readingsPerBatch`, and are
 * published QoS 1 while fewer than `window` batches wait for the analytics
 * service's end-to-end acknowledgement, as the real gateway does (its disk
 * outbox and resends are left out: nothing is lost on loopback without a
 * fault, and the outbox has its own benchmark). Readings that cannot go out
 * yet wait as timestamps, so a stack that falls behind costs this process
 * nothing but a growing queue of numbers.
 */
import net from 'node:net';
import { ackTopic, measurementsTopic } from '../../protocol/topics.js';
import type { BatchPayloads, ReadingOverride } from './batch-payloads.js';
import { connectFrame, FrameReader, PACKET, pubackFrame, publishFrame, readPublish, subscribeFrame, type Frame } from './mqtt-frames.js';

export interface WireGatewayOptions {
  readonly host: string;
  readonly port: number;
  readonly enterprise: string;
  readonly gateway: string;
  readonly password: string;
  readonly payloads: BatchPayloads;
  readonly readingsPerBatch: number;
  /**
   * Readings the first batch is short by (0 to readingsPerBatch - 1): real
   * gateways close their batches on timers of their own, so a county's
   * batches are spread over the second rather than all closed on the same
   * reading; the fleet gives each gateway its own phase.
   */
  readonly phase?: number;
  readonly window: number;
  /** Step shifts (the probe's gateways). */
  readonly override?: ReadingOverride;
  /** Told, right after the write, of every batch published: its timestamps. */
  readonly onPublished?: (timestamps: readonly number[], at: number) => void;
}

/** What a gateway has done; the load and probe processes add them up. */
export interface GatewayTally {
  sentBatches: number;
  sentPoints: number;
  ackedBatches: number;
  /** Points the acknowledgements account for: stored + duplicates + rejected. */
  ackedPoints: number;
  stored: number;
  duplicates: number;
  rejected: number;
  /** Readings due and not yet published (waiting for room in the window). */
  waitingReadings: number;
  /** Batches published and not yet acknowledged. */
  inFlight: number;
  disconnects: number;
}

export function emptyTally(): GatewayTally {
  return { sentBatches: 0, sentPoints: 0, ackedBatches: 0, ackedPoints: 0, stored: 0, duplicates: 0, rejected: 0, waitingReadings: 0, inFlight: 0, disconnects: 0 };
}

export function addTally(into: GatewayTally, t: GatewayTally): GatewayTally {
  for (const k of Object.keys(into) as Array<keyof GatewayTally>) into[k] += t[k];
  return into;
}

export class WireGateway {
  private socket: net.Socket | null = null;
  private readonly reader = new FrameReader();
  private readonly topic: Buffer;
  private readonly due: number[] = [];
  private dueHead = 0;
  /** seq -> points, for batches published and not yet acknowledged. */
  private readonly inFlight = new Map<number, number>();
  private seq = 0;
  private packetId = 0;
  private connected = false;
  /** After `finish`: a last partial batch may go too. */
  private finishing = false;
  /** Readings the next batch is short by: the gateway's phase, for its first batch only. */
  private shortBy: number;
  private readonly counts = emptyTally();

  constructor(private readonly options: WireGatewayOptions) {
    this.topic = Buffer.from(measurementsTopic(options.enterprise, options.gateway), 'utf8');
    this.shortBy = Math.max(0, Math.min(options.readingsPerBatch - 1, Math.floor(options.phase ?? 0)));
  }

  /** Logs in and subscribes to its own acknowledgements; resolves once both are granted. */
  connect(timeoutMs = 30_000): Promise<void> {
    const { host, port, gateway, password, enterprise } = this.options;
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port });
      socket.setNoDelay(true);
      this.socket = socket;
      const timer = setTimeout(() => fail(new Error(`${gateway}: not connected within ${timeoutMs} ms`)), timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      socket.once('error', fail);
      socket.on('data', (chunk: Buffer) => this.reader.push(chunk, (f) => this.onFrame(f, { resolve: () => (clearTimeout(timer), resolve()), fail })));
      socket.on('close', () => {
        if (this.connected) this.counts.disconnects += 1;
        this.connected = false;
      });
      socket.write(connectFrame(gateway, gateway, password));
      // Subscribed before anything is published, so no acknowledgement can miss us.
      socket.write(subscribeFrame(1, ackTopic(enterprise, gateway), 1));
    });
  }

  /** A reading of every series falls due at `ts` (ms UTC). */
  readingDue(ts: number): void {
    this.due.push(ts);
  }

  /** No more readings will fall due: what waits goes out, the last batch possibly short. */
  finish(): void {
    this.finishing = true;
    this.pump();
  }

  /** Publishes every full batch the window has room for (after `finish`, a partial one too). */
  pump(): void {
    const all = this.finishing;
    while (this.connected && this.inFlight.size < this.options.window) {
      const per = this.options.readingsPerBatch - this.shortBy;
      const waiting = this.due.length - this.dueHead;
      if (waiting === 0 || (waiting < per && !all)) break;
      this.shortBy = 0;
      const timestamps = this.due.slice(this.dueHead, this.dueHead + Math.min(per, waiting));
      this.dueHead += timestamps.length;
      this.publish(timestamps);
    }
    // Drop the consumed front now and then, so the queue does not grow for the whole run.
    if (this.dueHead > 1024) {
      this.due.splice(0, this.dueHead);
      this.dueHead = 0;
    }
  }

  tally(): GatewayTally {
    return { ...this.counts, waitingReadings: this.due.length - this.dueHead, inFlight: this.inFlight.size };
  }

  close(): void {
    this.connected = false;
    this.socket?.end();
    this.socket?.destroy();
  }

  private publish(timestamps: readonly number[]): void {
    const seq = ++this.seq;
    const points = timestamps.length * this.options.payloads.pointsPerReading;
    const payload = this.options.payloads.encode(seq, timestamps, this.options.override);
    this.packetId = (this.packetId % 65535) + 1;
    this.inFlight.set(seq, points);
    this.socket!.write(publishFrame(this.topic, this.packetId, payload));
    this.options.onPublished?.(timestamps, performance.now());
    this.counts.sentBatches += 1;
    this.counts.sentPoints += points;
  }

  private onFrame(f: Frame, start: { resolve: () => void; fail: (err: Error) => void }): void {
    switch (f.type) {
      case PACKET.CONNACK:
        if (f.body[1] !== 0) start.fail(new Error(`${this.options.gateway}: broker refused the login (CONNACK code ${f.body[1]})`));
        return;
      case PACKET.SUBACK:
        if (f.body[2] === 0x80) return start.fail(new Error(`${this.options.gateway}: broker refused the ack subscription`));
        this.connected = true;
        start.resolve();
        return;
      case PACKET.PUBLISH:
        return this.onAck(f);
      default:
        return; // PUBACKs of our publishes: the end-to-end acknowledgement is what counts
    }
  }

  private onAck(f: Frame): void {
    const { packetId, payload } = readPublish(f);
    if (packetId !== 0) this.socket?.write(pubackFrame(packetId));
    const ack = JSON.parse(payload.toString('utf8')) as { seq: number; stored: number; duplicates: number; rejected: number };
    // A redelivered acknowledgement (QoS 1 is at least once) is counted once.
    if (!this.inFlight.delete(ack.seq)) return;
    this.counts.ackedBatches += 1;
    this.counts.ackedPoints += ack.stored + ack.duplicates + ack.rejected;
    this.counts.stored += ack.stored;
    this.counts.duplicates += ack.duplicates;
    this.counts.rejected += ack.rejected;
    this.pump();
  }
}
