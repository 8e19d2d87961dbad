/**
 * What the stand-alone dashboard's remote directories (alerts, risk,
 * findings) share: follow some topics on the bus, read the store once the
 * subscription stands, and read it again after a reconnect that may have
 * lost messages — at once, and once more `resyncDelayMs` later, because the
 * analytics service stores some events only after it published them.
 *
 * Subscribing before the first read means an event published in between is
 * in the read, on the bus, or both: the directories keep the newest state of
 * each thing, so both is harmless.
 */
import type { BusClient, BusConnack } from '../protocol/bus-client.js';

export interface BusFollowerSpec {
  /** Topic filters followed (subscribed at QoS 1). */
  readonly filters: readonly string[];
  readonly onMessage: (topic: string, payload: Buffer) => void;
  /** Reads the store at start; its result is what start() returns. */
  readonly load: () => Promise<unknown>;
  /** Reads again after a reconnect; must not throw (it runs unattended: log and go on). */
  readonly reload: () => Promise<void>;
  /** Whether a reconnect may have lost messages; without it, every reconnect counts. */
  readonly mayHaveLost?: (connack: BusConnack) => boolean;
  /** Called once per reconnect that reloads, before the reload (to log it). */
  readonly onReconnect?: () => void;
  /** The second read after a reconnect comes this much later. ms */
  readonly resyncDelayMs: number;
}

export class BusFollower {
  private resyncTimer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly client: BusClient,
    private readonly spec: BusFollowerSpec,
  ) {}

  /** Subscribes, then reads the store; rejects if either fails. */
  async start(): Promise<unknown> {
    this.client.on('message', this.spec.onMessage);
    await this.client.subscribeAsync([...this.spec.filters], { qos: 1 });
    const loaded = await this.spec.load();
    this.client.on('connect', this.onConnect);
    return loaded;
  }

  /** Stops following; the client stays the caller's to end. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.off('message', this.spec.onMessage);
    this.client.off('connect', this.onConnect);
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    if (this.client.connected) await this.client.unsubscribeAsync([...this.spec.filters]).catch(() => {});
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private readonly onConnect = (connack: BusConnack): void => {
    if (this.closed || (this.spec.mayHaveLost && !this.spec.mayHaveLost(connack))) return;
    this.spec.onReconnect?.();
    void this.spec.reload();
    if (this.resyncTimer) clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => void this.spec.reload(), this.spec.resyncDelayMs);
    this.resyncTimer.unref();
  };
}
