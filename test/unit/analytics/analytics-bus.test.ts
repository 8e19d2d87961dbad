/**
 * The analytics bus adapter's routing and encoding, with an in-process bus
 * client that records what is published and delivers messages as MQTT.js
 * does (handleMessage, with the next message taken only once `done` is
 * called), one for the batches and one for the outputs, as the service has
 * two connections. Behind it runs a real core on a real embedded store. The wire
 * itself (a real broker, its ACL, sessions) is proved by the feature tests:
 * pipeline-e2e, analytics-workers, dashboard-remote-alerts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnalyticsBus } from '../../../analytics/bus/analytics-bus.js';
import { busOutputs } from '../../../analytics/bus/bus-outputs.js';
import { OutputWindow } from '../../../analytics/bus/output-window.js';
import type { BusPacket, PacedBusClient } from '../../../analytics/bus/intake.js';
import { AnalyticsCore } from '../../../analytics/service/analytics-core.js';
import { catalogFromConfig, enterpriseProfiles } from '../../../core/catalog/config-catalog.js';
import { decodeAck } from '../../../protocol/ack.js';
import { decodeAlertReply, encodeAlertCommand } from '../../../protocol/alert-command.js';
import { decodeAlertEvent } from '../../../protocol/alert-event.js';
import type { BusMessage, BusPublishOptions, BusQos, BusConnack } from '../../../protocol/bus-client.js';
import { decodeDeadLetter } from '../../../protocol/dead-letter.js';
import { encodeMeasurementBatch } from '../../../protocol/measurement-batch.js';
import { createMeasurementBatchDecoder } from '../../../protocol/measurement-batch.js';
import { openStore } from '../../../store/open-store.js';
import type { TimeSeriesStore } from '../../../store/port.js';
import { pipelineTestConfig } from '../../support/pipeline-config.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const MEASUREMENTS = 'linewatch/v1/northwind-cable/northwind-gw1/measurements';

interface Published {
  readonly topic: string;
  readonly payload: string;
  readonly options: BusPublishOptions;
}

/** A bus client in this process: records publishes and subscriptions, delivers messages through handleMessage. */
class InProcessBus implements PacedBusClient {
  connected = false;
  readonly published: Published[] = [];
  readonly subscribed: string[] = [];
  /** Publishes not yet confirmed (the broker's PUBACK not yet in), while `holdConfirmations`. */
  private readonly unconfirmed: Array<() => void> = [];
  private holding = false;
  private readonly listeners = new Map<string, Set<(...args: never[]) => void>>();

  handleMessage(_packet: BusPacket, done: (error?: Error) => void): void {
    done();
  }

  async publishAsync(topic: string, payload: string | Buffer, options: BusPublishOptions): Promise<unknown> {
    this.published.push({ topic, payload: payload.toString(), options });
    if (this.holding) await new Promise<void>((resolve) => this.unconfirmed.push(resolve));
    return undefined;
  }

  /** From now on a publish resolves only when confirmed (a broker slow to send PUBACKs). */
  holdConfirmations(): void {
    this.holding = true;
  }

  /** Confirms every publish waiting, and confirms the next ones at once. */
  confirmAll(): void {
    this.holding = false;
    for (const confirm of this.unconfirmed.splice(0)) confirm();
  }

  async subscribeAsync(filters: string | string[], _options: { qos: BusQos }): Promise<unknown> {
    this.subscribed.push(...[filters].flat());
    return undefined;
  }

  async unsubscribeAsync(_filters: string | string[]): Promise<unknown> {
    return undefined;
  }

  async endAsync(): Promise<void> {
    this.connected = false;
  }

  on(event: 'message', listener: (topic: string, payload: Buffer, packet: BusMessage) => void): this;
  on(event: 'connect', listener: (connack: BusConnack) => void): this;
  on(event: 'close' | 'offline' | 'reconnect', listener: () => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: string, listener: (...args: never[]) => void): this {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }

  off(event: string, listener: (...args: never[]) => void): this {
    this.listeners.get(event)?.delete(listener);
    return this;
  }

  /** The connection opens. */
  open(): void {
    this.connected = true;
    for (const listener of this.listeners.get('connect') ?? []) (listener as () => void)();
  }

  /** Delivers one message; resolves when the adapter takes the next one (calls done). */
  deliver(topic: string, payload: string): Promise<void> {
    return new Promise((resolve) => this.handleMessage({ topic, payload: Buffer.from(payload) }, () => resolve()));
  }

  /** What was published on one topic, in order. */
  sentOn(topic: string): Published[] {
    return this.published.filter((p) => p.topic === topic);
  }
}

let dir: string;
let store: TimeSeriesStore;
let client: InProcessBus;
let out: InProcessBus;
let core: AnalyticsCore;
let bus: AnalyticsBus;

async function build(maxInFlight: number, worker: string | null = null, maxOutputsInFlight = 8192): Promise<void> {
  const config = await pipelineTestConfig({ dataDir: join(dir, 'data') });
  const log = pino({ level: 'silent' });
  client = new InProcessBus();
  out = new InProcessBus();
  const outputs = new OutputWindow(out, maxOutputsInFlight);
  core = new AnalyticsCore(
    { live: config.live, risk: config.risk, checkpointPath: null, worker },
    { store, catalog: catalogFromConfig(config), enterprises: enterpriseProfiles(config), decodeBatch: createMeasurementBatchDecoder(), outputs: busOutputs(outputs, log), log, clock: () => NOW },
  );
  bus = new AnalyticsBus({ intake: client, outputs }, core, { maxInFlight, worker, handoverDelayMs: 0 }, { log, clock: () => NOW });
  await core.open();
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-bus-'));
  store = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
  await build(256);
});

afterEach(async () => {
  await core.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const batch = (seq: number, values: number[]) =>
  encodeMeasurementBatch(
    seq,
    values.map((value, i) => ({ line: 'extruder-1', characteristic: 'conductor_resistance', ts: NOW - 1000 * (values.length - i), value })),
  );

describe('AnalyticsBus', () => {
  it('subscribes to every batch and every dashboard command once connected', async () => {
    const started = bus.start();
    out.open();
    client.open();
    await started;
    expect(client.subscribed).toEqual(['linewatch/v1/+/+/measurements', 'linewatch/v1/commands/+']);
    // The outputs connection takes nothing.
    expect(out.subscribed).toEqual([]);
    expect(bus.connected).toBe(true);
  });

  it('hands a measurements message to the ingest and publishes its ack, dead letter and alert with the protocol codecs', async () => {
    await client.deliver(MEASUREMENTS, batch(3, [11.7, Number.NaN, 12.6]));
    await core.drain();

    const [ack] = out.sentOn('linewatch/v1/northwind-cable/northwind-gw1/ack');
    expect(ack.options).toEqual({ qos: 1, retain: false });
    expect(decodeAck(ack.payload)).toEqual({ ok: true, value: { seq: 3, stored: 2, duplicates: 0, rejected: 1 } });

    const [dead] = out.sentOn('linewatch/v1/northwind-cable/northwind-gw1/deadletter');
    const letter = decodeDeadLetter(dead.payload);
    expect(letter.ok && letter.value).toMatchObject({ seq: 3, rejected: [{ index: 1 }] });

    const alerts = out.sentOn('linewatch/v1/alerts/northwind-cable');
    expect(alerts).toHaveLength(1);
    const event = decodeAlertEvent(alerts[0].payload);
    expect(event.ok && `${event.value.kind} ${event.value.alert.rule}`).toBe('raised outOfSpec');
    expect(core.counters.stored).toBe(2);
  });

  it('refuses and counts a message on a channel it has no handler for, or on no linewatch topic, and publishes nothing', async () => {
    await client.deliver('linewatch/v1/northwind-cable/northwind-gw1/ack', '{}');
    await client.deliver('linewatch/v1/replies/dash-1', '{}');
    await client.deliver('elsewhere/topic', batch(1, [11.7]));
    await client.deliver('linewatch/v1/members/w2', '{"worker":"w2","since":1}');
    expect(core.counters.refusedMessages).toBe(4);
    // Counted by closed codes (a sender's topic never becomes a metric label); presence is read only by a cluster worker.
    expect(Object.fromEntries(core.counters.rejectsByReason)).toEqual({ 'message: not-a-measurements-topic': 3, 'message: invalid': 1 });
    expect(client.published).toEqual([]);
    expect(out.published).toEqual([]);
    expect(core.counters.batches).toBe(0);
  });

  it('routes a command to the alert commands and answers on the replies topic of the dashboard that sent it', async () => {
    const command = encodeAlertCommand({ requestId: 'r1', action: 'acknowledge', alertId: 'northwind-cable.nope', by: 'qa', comment: 'checked' });
    await client.deliver('linewatch/v1/commands/dash-7', command);
    await new Promise((resolve) => setImmediate(resolve));
    const [reply] = out.sentOn('linewatch/v1/replies/dash-7');
    expect(reply.options).toEqual({ qos: 1, retain: false });
    expect(decodeAlertReply(reply.payload)).toMatchObject({ ok: true, value: { requestId: 'r1', ok: false, code: 'LW_ALERT_NOT_FOUND' } });
  });

  it('publishes each risk summary retained, as the risk channel is a state', async () => {
    await core.assessRisk(true);
    const risk = out.sentOn('linewatch/v1/risk/northwind-cable');
    expect(risk.length).toBeGreaterThan(0);
    expect(risk[0].options).toEqual({ qos: 1, retain: true });
    expect(JSON.parse(risk.at(-1)!.payload)).toEqual(core.riskDirectory.list().find((s) => s.id === 'northwind-cable'));
  });

  it('takes the next message at once while under maxInFlight', async () => {
    await client.deliver(MEASUREMENTS, batch(1, [11.7]));
    // Taken before the batch was stored: its ack is still to come.
    expect(out.sentOn('linewatch/v1/northwind-cable/northwind-gw1/ack')).toHaveLength(0);
    expect(bus.inFlight).toBe(1);
    await core.drain();
    expect(out.sentOn('linewatch/v1/northwind-cable/northwind-gw1/ack')).toHaveLength(1);
  });

  it('holds the next message back while maxInFlight batches are being processed (backpressure)', async () => {
    await core.stop();
    await build(1);
    await client.deliver(MEASUREMENTS, batch(1, [11.7]));
    // Let go only once the batch was processed: its ack is out already.
    expect(out.sentOn('linewatch/v1/northwind-cable/northwind-gw1/ack')).toHaveLength(1);
  });

  it('holds the next batch back while maxOutputsInFlight outputs wait for their PUBACK, and takes it once they have gone out', async () => {
    await core.stop();
    await build(256, null, 1);
    out.holdConfirmations();
    await client.deliver(MEASUREMENTS, batch(1, [11.7]));
    await core.drain();
    // Sent, not yet confirmed: the window (1) is full.
    expect(out.sentOn('linewatch/v1/northwind-cable/northwind-gw1/ack')).toHaveLength(1);
    expect(bus.outputsInFlight).toBe(1);
    let nextTaken = false;
    const second = client.deliver(MEASUREMENTS, batch(2, [11.8])).then(() => {
      nextTaken = true;
    });
    await core.drain();
    await new Promise((resolve) => setTimeout(resolve, 20));
    // The second batch is processed (it was delivered), but the one after it is not asked for; far under maxInFlight.
    expect(out.sentOn('linewatch/v1/northwind-cable/northwind-gw1/ack')).toHaveLength(2);
    expect(bus.inFlight).toBe(0);
    expect(nextTaken).toBe(false);
    out.confirmAll();
    await second;
    expect(nextTaken).toBe(true);
    expect(bus.outputsInFlight).toBe(0);
  });

  it('as a cluster worker, routes presence to its share keeper and subscribes to the enterprises it takes', async () => {
    await core.stop();
    await build(256, 'w1');
    const started = bus.start();
    out.open();
    client.open();
    await started;
    expect(client.subscribed).toContain('linewatch/v1/members/+');
    expect(client.sentOn('linewatch/v1/members/w1').map((p) => p.options)).toEqual([{ qos: 1, retain: true }]);
    // Alone, after the settle time, it takes every enterprise: state rebuilt, then their batches subscribed.
    await until(() => client.subscribed.includes('linewatch/v1/northwind-cable/+/measurements'));
    expect(bus.cluster).toEqual({ worker: 'w1', workers: ['w1'], owned: 2 });
    await client.deliver('linewatch/v1/members/w2', '{"worker":"w2","since":1}');
    expect(core.counters.refusedMessages).toBe(0);
    await until(() => bus.cluster?.workers.length === 2);
    await bus.leave();
    // Its goodbye: an empty retained presence, so the others take its share.
    expect(client.sentOn('linewatch/v1/members/w1').at(-1)).toEqual({ topic: 'linewatch/v1/members/w1', payload: '', options: { qos: 1, retain: true } });
  });
});

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
