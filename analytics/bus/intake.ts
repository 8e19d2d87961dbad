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

/** Something besides the batches in flight that can hold the intake back: the outputs waiting for their PUBACK (output-window.ts). */
export interface IntakeGate {
  readonly full: boolean;
  /** Called once the next time the gate has room. */
  onRoom(listener: () => void): void;
}

/**
 * Backpressure: calls `done` (take the next message) at once while fewer
 * than `maxInFlight` messages are being worked on and the gate (the outputs
 * waiting to go out) has room, else when both hold again. Holding `done`
 * back is what keeps a slow store, or a slow way out, from filling memory.
 */
export class Intake {
  private inFlight = 0;
  private resume: (() => void) | null = null;
  /** Asked the gate to say when it has room (once is enough). */
  private waitingForRoom = false;

  constructor(
    private readonly maxInFlight: number,
    private readonly gate: IntakeGate | null = null,
  ) {}

  /** Messages being worked on now. */
  get busy(): number {
    return this.inFlight;
  }

  /** Whether the next message is being held back now. */
  get holding(): boolean {
    return this.resume !== null;
  }

  take(work: Promise<void>, done: () => void): void {
    this.inFlight += 1;
    void work.finally(() => {
      this.inFlight -= 1;
      this.tryResume();
    });
    this.resume = done;
    this.tryResume();
  }

  private tryResume(): void {
    const { resume, gate } = this;
    if (!resume || this.inFlight >= this.maxInFlight) return;
    if (gate?.full) {
      if (!this.waitingForRoom) {
        this.waitingForRoom = true;
        gate.onRoom(() => {
          this.waitingForRoom = false;
          this.tryResume();
        });
      }
      return;
    }
    this.resume = null;
    resume();
  }
}
