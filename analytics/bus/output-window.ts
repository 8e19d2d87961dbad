import type { BusClient, BusPublishOptions } from '../../protocol/bus-client.js';

/**
 * The analytics service's outputs (acks, dead letters, alerts, findings,
 * risk, alert-command replies) go out on a connection of their own, which
 * takes no batches: on the connection that carries the batches, an output
 * would wait behind every batch the broker is pushing to a service that has
 * fallen behind, and its PUBACK behind them again (analytics/README.md,
 * "Two connections").
 *
 * This wraps that connection and counts the publishes still waiting for the
 * broker's PUBACK. While `limit` of them wait, the window is full and the
 * intake takes no new batch (intake.ts): every batch makes outputs, so a
 * broker slower to take them than the store is to take points would
 * otherwise grow the client's queue without end. A publish is never refused:
 * the batches already being processed still send theirs, so the count may
 * pass the limit by what they send.
 */
export class OutputWindow {
  private waiting = 0;
  private readonly roomListeners: Array<() => void> = [];

  constructor(
    /** The connection the outputs go out on. */
    readonly client: BusClient,
    /** Publishes waiting for their PUBACK at which the intake stops taking batches. count */
    readonly limit: number,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`the output window must be a positive whole number of messages, got ${limit}`);
  }

  /** Publishes waiting for the broker's PUBACK now. */
  get inFlight(): number {
    return this.waiting;
  }

  /** Whether the intake should hold back the next batch until outputs have gone out. */
  get full(): boolean {
    return this.waiting >= this.limit;
  }

  /** Called, once, the next time the window has room after being full. */
  onRoom(listener: () => void): void {
    this.roomListeners.push(listener);
  }

  publishAsync(topic: string, payload: string | Buffer, options: BusPublishOptions): Promise<unknown> {
    this.waiting += 1;
    const sent = this.client.publishAsync(topic, payload, options);
    const settled = () => {
      this.waiting -= 1;
      if (this.roomListeners.length > 0 && !this.full) for (const listener of this.roomListeners.splice(0)) listener();
    };
    // The caller handles the rejection; this branch only counts.
    sent.then(settled, settled);
    return sent;
  }
}
