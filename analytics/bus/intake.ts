import type { BusClient } from '../../protocol/bus-client.js';

/** One received message as MQTT.js hands it to `handleMessage` (its IPublishPacket satisfies this). */
export interface BusPacket {
  readonly topic: string;
  readonly payload: Buffer | string;
}

/**
 * A bus client whose intake can be held back. MQTT.js calls `handleMessage`
 * for every message it receives and reads the next packet (and sends the
 * QoS 1 puback) only once `done` is called; its MqttClient satisfies this as
 * it is. The adapter sets `handleMessage` before the connection opens: with a
 * persistent session the broker delivers what it queued at once.
 */
export interface PacedBusClient extends BusClient {
  handleMessage(packet: BusPacket, done: (error?: Error) => void): void;
}

/**
 * Backpressure: calls `done` (take the next message) at once while fewer
 * than `maxInFlight` messages are being worked on, else when one finishes.
 * Holding `done` back is what keeps a slow store from filling memory.
 */
export class Intake {
  private inFlight = 0;
  private resume: (() => void) | null = null;

  constructor(private readonly maxInFlight: number) {}

  /** Messages being worked on now. */
  get busy(): number {
    return this.inFlight;
  }

  take(work: Promise<void>, done: () => void): void {
    this.inFlight += 1;
    void work.finally(() => {
      this.inFlight -= 1;
      if (this.resume && this.inFlight < this.maxInFlight) {
        const resume = this.resume;
        this.resume = null;
        resume();
      }
    });
    if (this.inFlight < this.maxInFlight) done();
    else this.resume = done;
  }
}
