import { withDefaults } from '../../domain/with-defaults.js';
import type { BusClient } from '../../protocol/bus-client.js';
import { gatewayChannelFilter, parseTopic } from '../../protocol/topics.js';
import type { Logger } from '../../ops/logger.js';
import { DEFAULT_SHARE_KEEPER_OPTIONS, ShareKeeper } from '../cluster/share-keeper.js';
import type { AnalyticsCore } from '../service/analytics-core.js';
import { AlertCommandHandler } from './alert-commands.js';
import { Intake, type BusPacket, type PacedBusClient } from './intake.js';
import type { OutputWindow } from './output-window.js';
import { handlerFor, type TopicTable } from './topic-table.js';

export interface AnalyticsBusOptions {
  /** Batches being processed at once before the adapter stops taking more from the broker. */
  readonly maxInFlight: number;
  /** This worker's name when several share the enterprises (analytics/cluster/); null takes them all. */
  readonly worker: string | null;
  /** How long a worker waits before taking over enterprises from another, ms (ShareKeeper). */
  readonly handoverDelayMs: number;
  /** A shard's fixed share of the enterprises (analytics/shards/): it subscribes to these only; null, to every enterprise. */
  readonly share?: readonly string[] | null;
}

/** Filters per SUBSCRIBE or UNSUBSCRIBE packet when a shard names its enterprises one by one. */
const FILTERS_PER_PACKET = 100;

export interface AnalyticsBusDeps {
  readonly log: Logger;
  /** ms UTC, for alert commands' expiry. */
  readonly clock?: () => number;
}

/**
 * The two connections of the service: `intake` takes the batches, the alert
 * commands and (a worker) the presence of the others, and carries the
 * worker's own presence and last will; `outputs` sends everything the
 * service produces and takes nothing, so no output waits behind a batch in
 * the broker or on the wire (output-window.ts).
 */
export interface AnalyticsBusClients {
  readonly intake: PacedBusClient;
  readonly outputs: OutputWindow;
}

/**
 * The analytics core on the bus. It reads the channels in its topic table
 * (measurements, alert commands and, for a cluster worker, presence), parses
 * each topic once and hands the message to the channel's handler; anything
 * else is refused and counted. Batches are paced (intake.ts): by the batches
 * in flight, and by the outputs still waiting to go out. What the core sends
 * goes out through bus-outputs.ts on the outputs connection, which the
 * caller gives the core; alert-command replies go out there too.
 *
 * The clients are injected: MQTT.js's MqttClient in service, an in-process
 * client in the unit test. The adapter never connects them; it waits for the
 * connections and then subscribes.
 */
export class AnalyticsBus {
  readonly table: TopicTable;
  /** The share of the enterprises this worker owns, when it is one of several (null: it takes them all). */
  private readonly shares: ShareKeeper | null;
  private readonly intake: Intake;

  private readonly client: PacedBusClient;
  private readonly outputs: OutputWindow;

  constructor(
    clients: AnalyticsBusClients,
    private readonly core: AnalyticsCore,
    private readonly options: AnalyticsBusOptions,
    private readonly deps: AnalyticsBusDeps,
  ) {
    const { log } = deps;
    const client = clients.intake;
    this.client = client;
    this.outputs = clients.outputs;
    this.intake = new Intake(options.maxInFlight, clients.outputs);
    const worker = options.worker;
    this.shares =
      worker === null
        ? null
        : new ShareKeeper(client, { ...withDefaults(DEFAULT_SHARE_KEEPER_OPTIONS, { handoverDelayMs: options.handoverDelayMs }), worker, enterprises: core.enterpriseIds() }, core, log);
    const shares = this.shares;
    if (shares) core.restrictTo((enterprise) => shares.owns(enterprise));
    // A dashboard on its own acts on alerts through commands (alert-commands.ts); the replies go out with the other outputs.
    const commands = new AlertCommandHandler({ actions: core, bus: clients.outputs, log, clock: deps.clock ?? Date.now });
    this.table = {
      measurements: (topic, payload) => core.ingest(topic.enterprise, topic.gateway, payload),
      commands: (topic, payload) => commands.handle(topic.service, payload),
      ...(shares ? { members: (topic, payload) => shares.handle(topic.service, payload) } : {}),
    } satisfies TopicTable;
    // In place before the connection opens: with a persistent session the broker delivers what it
    // queued for us at once, and nothing may reach MQTT.js's default handler.
    client.handleMessage = (packet, done) => this.route(packet, () => done());
  }

  /**
   * Waits for both connections, the outputs' first so the first batch's ack
   * has its way out, then subscribes: to every enterprise's batches, or (a
   * worker) joins the cluster, which subscribes to its share.
   */
  async start(): Promise<void> {
    const { client } = this;
    const outputs = this.outputs.client;
    const { log } = this.deps;
    outputs.on('reconnect', () => log.info('outputs connection: reconnecting to the broker'));
    if (!outputs.connected) await connection(outputs);
    outputs.on('error', (err) => log.warn({ err: err.message }, 'MQTT error on the outputs connection'));
    client.on('reconnect', () => log.info('reconnecting to the broker'));
    if (!client.connected) await connection(client);
    client.on('error', (err) => log.warn({ err: err.message }, 'MQTT error'));
    const share = this.options.share ?? null;
    if (this.shares) await this.shares.start();
    else if (share !== null) await this.subscribeShare(share);
    else await client.subscribeAsync(gatewayChannelFilter('measurements'), { qos: 1 });
    // Without it only a standalone dashboard loses its actions (an external broker's ACL may predate the channel): say so, run on.
    await client.subscribeAsync(AlertCommandHandler.filter, { qos: 1 }).catch((err: Error) => log.warn({ err: err.message }, 'alert commands unavailable: the broker refused the subscription'));
  }

  /**
   * A shard subscribes to its own enterprises' batches, never the wildcard.
   * Its session is persistent, so it first drops what an earlier run with
   * another shard count may have left subscribed (unsubscribing a filter the
   * session lacks is a no-op): batches of enterprises another shard owns
   * would only be delivered here to be left unacknowledged.
   */
  private async subscribeShare(share: readonly string[]): Promise<void> {
    const own = new Set(share);
    const others = this.core.enterpriseIds().filter((e) => !own.has(e));
    for (const chunk of chunks(others, FILTERS_PER_PACKET)) await this.client.unsubscribeAsync(chunk.map((e) => gatewayChannelFilter('measurements', e)));
    for (const chunk of chunks(share, FILTERS_PER_PACKET))
      await this.client.subscribeAsync(
        chunk.map((e) => gatewayChannelFilter('measurements', e)),
        { qos: 1 },
      );
  }

  /** A worker leaves the cluster first, so the others start taking its share while this one finishes. */
  async leave(): Promise<void> {
    await this.shares?.leave();
  }

  /** Closes the intake, then the outputs once what they send has gone out (forced: without waiting, after a failed start). */
  async close(force = false): Promise<void> {
    await this.client.endAsync(force);
    await this.outputs.client.endAsync(force);
  }

  /** Both connections are up now (readiness). */
  get connected(): boolean {
    return this.client.connected && this.outputs.client.connected;
  }

  /** Outputs published and waiting for the broker's PUBACK now. */
  get outputsInFlight(): number {
    return this.outputs.inFlight;
  }

  /** Messages being processed now (the pacing's count). */
  get inFlight(): number {
    return this.intake.busy;
  }

  /** This worker's name, the workers it knows and the enterprises it owns (null when it runs alone). */
  get cluster(): { worker: string; workers: readonly string[]; owned: number } | null {
    const { shares } = this;
    return shares && this.options.worker ? { worker: this.options.worker, workers: shares.workers, owned: shares.share.size } : null;
  }

  private route(packet: BusPacket, done: () => void): void {
    const parsed = parseTopic(packet.topic);
    const handle = parsed.ok ? handlerFor(this.table, parsed.topic) : null;
    if (!handle) {
      this.core.counters.refusedMessage(parsed.ok ? `not a topic analytics reads (the ${parsed.topic.channel} channel)` : parsed.reason);
      done();
      return;
    }
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload, 'utf8') : packet.payload;
    let result: void | Promise<void>;
    try {
      result = handle(payload);
    } catch (err) {
      // A handler's bug must not stop the intake: said with the topic, and the message is let go.
      this.deps.log.error({ topic: packet.topic, err: (err as Error).message }, 'message handler failed');
      done();
      return;
    }
    if (result instanceof Promise)
      this.intake.take(
        result.catch((err: Error) => this.deps.log.error({ topic: packet.topic, err: err.message }, 'message handler failed')),
        done,
      );
    else done();
  }
}

/** Resolves on the client's next connect, rejects on an error before it. */
function connection(client: BusClient): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onConnect = () => {
      client.off('error', onError);
      resolve();
    };
    const onError = (err: Error) => {
      client.off('connect', onConnect);
      reject(err);
    };
    client.on('connect', onConnect);
    client.on('error', onError);
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
