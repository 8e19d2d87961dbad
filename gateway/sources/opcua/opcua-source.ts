import type { ClientMonitoredItemGroup, ClientSubscription, DataValue, OPCUAClient } from 'node-opcua-client';
import type { GatewaySource, SourceDeps, SourceSink } from '../gateway-source.js';
import type { SourceEvent } from '../source-event.js';
import type { SourceKind } from '../source-kinds.js';
import { checkOpcuaSource, OpcuaSourceSchema, opcuaOptionsOf, type OpcuaOptions, type OpcuaSourceConfig } from './opcua-config.js';
import { closeQuietly, loadOpcua, openSession, resolveIdentity, type OpcuaModule, type ResolvedIdentity } from './opcua-connect.js';
import { NotificationMapper, type NodeNotification } from './notification-mapper.js';

/** Keep-alives the server sends per silent subscription; a watchdog allows three of them to go missing. */
const MAX_KEEP_ALIVE_COUNT = 10;

/**
 * Reads an OPC UA server (a line PLC, an extruder, a gauge's own server)
 * through one subscription of monitored items. Each connection is built
 * from scratch (client, session, subscription, items) and torn down whole
 * when it fails: on a lost socket, a closed session, a terminated
 * subscription, or a subscription silent for three keep-alive periods. Then
 * it waits `reconnect.minMs` doubling to `reconnect.maxMs` and starts again,
 * whether the server was down at start or restarted since. Readings keep
 * their source timestamps; a value re-sent by a new subscription is counted
 * `repeated`, not read twice (notification-mapper.ts).
 */
export class OpcuaSource implements GatewaySource {
  readonly kind = 'opcua';
  private readonly mapper: NotificationMapper;
  private readonly clock: () => number;
  private sink: SourceSink | null = null;
  private running = false;
  private loop: Promise<void> = Promise.resolve();
  /** Wakes the current wait (a connection's life, or a back-off delay) early: stop() uses it. */
  private wake: () => void = () => {};
  private pending: SourceEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private up = false;
  /** The source file's settings with their defaults, resolved once. */
  private readonly options: OpcuaOptions;

  constructor(
    private readonly config: OpcuaSourceConfig,
    private readonly identity: ResolvedIdentity,
    private readonly deps: SourceDeps,
  ) {
    this.mapper = new NotificationMapper(config.items);
    this.clock = deps.clock ?? Date.now;
    this.options = opcuaOptionsOf(config);
  }

  async start(sink: SourceSink): Promise<void> {
    if (this.running) return;
    this.sink = sink;
    this.running = true;
    const ua = await loadOpcua();
    this.loop = this.run(ua, sink);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loop;
    await this.flushing;
  }

  private async run(ua: OpcuaModule, sink: SourceSink): Promise<void> {
    const min = this.options.reconnectMinMs;
    const max = this.options.reconnectMaxMs;
    let delay = min;
    while (this.running) {
      try {
        const subscribed = await this.connectOnce(ua, sink);
        if (subscribed) delay = min;
      } catch (err) {
        // Never out of the loop: a refused connection, a bad node id, a rejected user are all "try again later".
        this.deps.log.warn({ source: this.kind, endpoint: this.config.endpointUrl, err: firstLine(err), retryInMs: delay }, 'OPC UA connection failed');
      }
      this.setConnected(sink, false);
      if (!this.running) break;
      await this.sleep(delay);
      delay = Math.min(delay * 2, max);
    }
  }

  /** One connection's life: resolves once it is over (lost, or the source stopped). True when it got as far as subscribing. */
  private async connectOnce(ua: OpcuaModule, sink: SourceSink): Promise<boolean> {
    const { client, session } = await openSession(ua, this.config, this.identity);
    let subscribed = false;
    try {
      const ended = endOf(client);
      const subscription = ua.ClientSubscription.create(session, {
        requestedPublishingInterval: this.options.publishingIntervalMs,
        requestedMaxKeepAliveCount: MAX_KEEP_ALIVE_COUNT,
        requestedLifetimeCount: MAX_KEEP_ALIVE_COUNT * 6,
        publishingEnabled: true,
      });
      // An EventEmitter 'error' without a listener would throw out of node-opcua: it ends this connection instead.
      const failed = new Promise<string>((resolve) => {
        subscription.on('error', (err: Error) => resolve(`subscription error: ${firstLine(err)}`));
        subscription.on('internal_error', (err: Error) => resolve(`subscription error: ${firstLine(err)}`));
      });
      let heard = this.clock();
      const hear = () => (heard = this.clock());
      subscription.on('keepalive', hear);
      subscription.on('received_notifications', hear);
      const group = await this.monitor(ua, subscription);
      group.on('changed', (_item, dataValue: DataValue, index: number) => this.onChange(ua, index, dataValue));
      group.on('err', (message: string) => sink.bad('read-error', `monitored items: ${message}`));
      subscribed = true;
      this.reportItemStatus(group, sink);
      this.setConnected(sink, true);
      this.deps.log.info({ source: this.kind, endpoint: this.config.endpointUrl, items: this.config.items.length }, 'OPC UA subscribed');
      const silentMs = 3 * MAX_KEEP_ALIVE_COUNT * subscription.publishingInterval + 1000;
      const reason = await this.until(Promise.race([ended, failed]), subscription, () => this.clock() - heard > silentMs);
      if (this.running) this.deps.log.warn({ source: this.kind, endpoint: this.config.endpointUrl, reason }, 'OPC UA connection lost; reconnecting');
    } finally {
      await closeQuietly(client);
    }
    return subscribed;
  }

  /** The sink hears of changes only: a server down for an hour is one `false`, not one per attempt. */
  private setConnected(sink: SourceSink, up: boolean): void {
    if (up === this.up) return;
    this.up = up;
    sink.connected(up);
  }

  private monitor(ua: OpcuaModule, subscription: ClientSubscription): Promise<ClientMonitoredItemGroup> {
    const items = this.config.items.map((item) => ({ nodeId: item.nodeId, attributeId: ua.AttributeIds.Value }));
    const parameters = {
      samplingInterval: this.options.samplingIntervalMs,
      queueSize: this.options.queueSize,
      discardOldest: true,
      // The default trigger (StatusValue) drops a reading equal to the last one: a steady gauge's
      // 0.70, 0.70, 0.70 would chart as one. A new source timestamp is a new reading (OPC 10000-4 §7.22.2).
      filter: new ua.DataChangeFilter({ trigger: ua.DataChangeTrigger.StatusValueTimestamp, deadbandType: ua.DeadbandType.None }),
    };
    return subscription.monitorItems(items, parameters, ua.TimestampsToReturn.Both);
  }

  /** A node the server refused (unknown id, no read access) is reported once per connection, not silently missing. */
  private reportItemStatus(group: ClientMonitoredItemGroup, sink: SourceSink): void {
    group.monitoredItems.forEach((item, i) => {
      if (item.statusCode !== undefined && !item.statusCode.isGood()) sink.bad('read-error', `${this.config.items[i].nodeId}: cannot monitor: ${item.statusCode.name}`);
    });
  }

  /** Waits for the end of the connection, the source's stop, or the watchdog. */
  private until(ended: Promise<string>, subscription: ClientSubscription, silent: () => boolean): Promise<string> {
    return new Promise<string>((resolve) => {
      const timer = setInterval(() => {
        if (silent()) done('the subscription went silent (no keep-alive)');
      }, 1000);
      const done = (reason: string) => {
        clearInterval(timer);
        resolve(reason);
      };
      this.wake = () => done('stopped');
      void ended.then(done);
      subscription.once('terminated', () => done('the subscription was terminated'));
      subscription.on('status_changed', (status: { name: string }) => done(`the subscription's status changed to ${status.name}`));
      if (!this.running) done('stopped');
    });
  }

  private onChange(ua: OpcuaModule, index: number, dataValue: DataValue): void {
    const sink = this.sink;
    if (sink === null || index < 0 || index >= this.config.items.length) return;
    try {
      const mapped = this.mapper.map(index, notificationOf(ua, dataValue), this.clock());
      if ('bad' in mapped) sink.bad(mapped.bad, mapped.detail);
      else this.enqueue(mapped.event);
    } catch (err) {
      // A value node-opcua decoded in a way nothing here expects: counted, never thrown into node-opcua's emitter.
      sink.bad('unparsable', `${this.config.items[index].nodeId}: ${(err as Error).message}`);
    }
  }

  /**
   * node-opcua emits one 'changed' per item of a publish response, one after
   * the other; they go to the sink as one take, in order, after the previous
   * take has resolved (the outbox's backpressure).
   */
  private enqueue(event: SourceEvent): void {
    this.pending.push(event);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.flushing = this.flushing.then(async () => {
      this.flushScheduled = false;
      const events = this.pending;
      this.pending = [];
      if (events.length > 0 && this.sink) await this.sink.take(events);
    });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Resolves with a reason when the client's connection ends (lost, or closed). */
function endOf(client: OPCUAClient): Promise<string> {
  return new Promise((resolve) => {
    client.once('connection_lost', () => resolve('the connection to the server was lost'));
    client.once('close', () => resolve('the connection was closed'));
  });
}

export function notificationOf(ua: OpcuaModule, dv: DataValue): NodeNotification {
  const status = dv.statusCode ?? ua.StatusCodes.Good;
  return {
    good: status.isGood(),
    statusName: status.name,
    value: dv.value?.value ?? null,
    ...(dv.sourceTimestamp ? { sourceTs: dv.sourceTimestamp.getTime() } : {}),
    ...(dv.serverTimestamp ? { serverTs: dv.serverTimestamp.getTime() } : {}),
  };
}

export const OPCUA_SOURCE: SourceKind<OpcuaSourceConfig> = {
  kind: 'opcua',
  summary: 'an OPC UA server: monitored items of line PLCs, extruders and gauges (node-opcua)',
  schema: OpcuaSourceSchema,
  check: checkOpcuaSource,
  create(config, deps) {
    return new OpcuaSource(config, resolveIdentity(config.auth, `the OPC UA source of ${config.endpointUrl}`), deps);
  },
};

/** node-opcua's connection errors run over several lines of advice; the log keeps the first. */
function firstLine(err: unknown): string {
  return String((err as Error)?.message ?? err).split('\n')[0];
}
