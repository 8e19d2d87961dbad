import type { BusClient } from '../../protocol/bus-client.js';
import type { Logger } from '../../ops/logger.js';
import { gatewayChannelFilter, memberTopic, serviceChannelFilter } from '../../protocol/topics.js';
import { decodePresence, encodePresence } from '../../protocol/presence.js';
import { shareChange, shareOf } from './shares.js';

/** What the keeper asks of the analytics service as enterprises move. */
export interface ShareHost {
  /** Rebuilds an enterprise's state from the store before its batches are taken here. */
  takeOver(enterprises: readonly string[]): Promise<void>;
  /** Lets go of an enterprise's state: another worker owns it now. */
  handOver(enterprises: readonly string[]): void;
}

export interface ShareKeeperOptions {
  /** This worker's name: unique among the workers, an id (letters, digits, '_', '-'). */
  readonly worker: string;
  /** Every enterprise of the configuration: what the workers share. */
  readonly enterprises: readonly string[];
  /**
   * How long a worker waits before taking over an enterprise, ms: the time
   * the previous owner has to notice, stop taking its batches and finish
   * those in flight, so that no batch of a series is processed on two
   * workers at once. Batches published meanwhile reach nobody and the
   * gateway sends them again (nothing is acknowledged that is not stored).
   */
  readonly handoverDelayMs: number;
  /** Membership changes closer together than this are handled as one, ms. */
  readonly settleMs: number;
}

export const DEFAULT_SHARE_KEEPER_OPTIONS: Pick<ShareKeeperOptions, 'handoverDelayMs' | 'settleMs'> = Object.freeze({ handoverDelayMs: 2000, settleMs: 300 });

/**
 * Keeps this worker's fixed share of the enterprises: announces the worker on
 * `members/<worker>` (retained; its last will clears it), follows who else is
 * up, and subscribes to exactly the enterprises rendezvous hashing gives it.
 * A series therefore always reaches one worker, and when a worker stops (or
 * dies) the others take over its share.
 */
export class ShareKeeper {
  private readonly members = new Set<string>();
  /** Enterprises whose batches this worker takes now (subscribed, state rebuilt). */
  private readonly held = new Set<string>();
  private rebalanceTimer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly since = Date.now();

  constructor(
    private readonly client: BusClient,
    private readonly options: ShareKeeperOptions,
    private readonly host: ShareHost,
    private readonly log: Logger,
  ) {}

  /** The last will to connect with: an empty retained presence, so the others learn at once that this worker died. */
  static will(worker: string) {
    return { topic: memberTopic(worker), payload: Buffer.alloc(0), qos: 1 as const, retain: true };
  }

  /** What the keeper subscribes to: every worker's presence (the adapter routes `members` messages to handle). */
  static readonly filter = serviceChannelFilter('members');

  /** Whether this worker takes the batches of `enterprise` now. */
  owns(enterprise: string): boolean {
    return this.held.has(enterprise);
  }

  get share(): ReadonlySet<string> {
    return this.held;
  }

  get workers(): readonly string[] {
    return [...this.members].sort();
  }

  /** Announces this worker and follows the others; the first share is taken after `settleMs`. */
  async start(): Promise<void> {
    this.members.add(this.options.worker);
    await this.client.subscribeAsync(ShareKeeper.filter, { qos: 1 });
    await this.client.publishAsync(memberTopic(this.options.worker), encodePresence({ worker: this.options.worker, since: this.since }), { qos: 1, retain: true });
    this.scheduleRebalance();
  }

  /** A message on `members/<worker>` (the bus adapter's topic table routes it here). */
  handle(worker: string, payload: Uint8Array | string): void {
    if (worker === this.options.worker) {
      // Our own presence, or a stale will of an earlier run of this worker: we are up, say so again.
      if (payload.length === 0 && !this.stopped) void this.announce();
      return;
    }
    const up = decodePresence(worker, payload);
    if (typeof up === 'string') {
      this.log.warn({ worker, reason: up }, 'presence ignored');
      return;
    }
    const changed = up ? !this.members.has(worker) : this.members.has(worker);
    if (!changed) return;
    if (up) this.members.add(worker);
    else this.members.delete(worker);
    this.log.info({ worker, up, workers: this.workers }, 'analytics workers changed');
    this.scheduleRebalance();
  }

  /**
   * Leaves the cluster: clears this worker's presence so the others start
   * taking its share, and stops taking batches. The caller then finishes
   * what is in flight before the others' handover delay runs out.
   */
  async leave(): Promise<void> {
    this.stopped = true;
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    await this.chain;
    const release = [...this.held];
    this.held.clear();
    await this.client.publishAsync(memberTopic(this.options.worker), Buffer.alloc(0), { qos: 1, retain: true }).catch(() => {});
    if (release.length > 0) await this.client.unsubscribeAsync(release.map((e) => gatewayChannelFilter('measurements', e))).catch(() => {});
  }

  private announce(): Promise<unknown> {
    return this.client.publishAsync(memberTopic(this.options.worker), encodePresence({ worker: this.options.worker, since: this.since }), { qos: 1, retain: true }).catch(() => {});
  }

  private scheduleRebalance(): void {
    if (this.stopped) return;
    if (this.rebalanceTimer) clearTimeout(this.rebalanceTimer);
    this.rebalanceTimer = setTimeout(() => {
      this.rebalanceTimer = null;
      this.chain = this.chain.then(() => this.rebalance()).catch((err: Error) => this.log.error({ err: err.message }, 'share not rebalanced'));
    }, this.options.settleMs);
  }

  /** Hands over at once what is no longer ours; takes over what is, after the handover delay. */
  private async rebalance(): Promise<void> {
    const target = () => shareOf(this.options.worker, this.workers, this.options.enterprises);
    const { release } = shareChange(this.held, target());
    if (release.length > 0) {
      for (const e of release) this.held.delete(e);
      await this.client.unsubscribeAsync(release.map((e) => gatewayChannelFilter('measurements', e)));
      this.host.handOver(release);
      this.log.info({ enterprises: release.length, share: this.held.size }, 'enterprises handed over');
    }
    if (shareChange(this.held, target()).take.length === 0) return;
    await new Promise((resolve) => setTimeout(resolve, this.options.handoverDelayMs));
    if (this.stopped) return;
    // Membership may have moved during the wait: take only what is still ours (a later round handles the rest).
    const { take } = shareChange(this.held, target());
    if (take.length === 0) return;
    await this.host.takeOver(take);
    if (this.stopped) return;
    for (const e of take) this.held.add(e);
    await this.client.subscribeAsync(
      take.map((e) => gatewayChannelFilter('measurements', e)),
      { qos: 1 },
    );
    this.log.info({ enterprises: take.length, share: this.held.size, workers: this.workers }, 'enterprises taken over');
  }
}
