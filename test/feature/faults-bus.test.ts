/**
 * Faults on the bus, under load from several gateways at once (real broker,
 * analytics service and gateways, each its own process, with disk outboxes):
 * the broker killed and restarted while they all publish, and a subscriber
 * that stops reading. Each case prints sent, stored, rejected and lost; lost
 * must be 0 (the gateways' outboxes keep everything until it is stored).
 */
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import {
  faultSuite,
  chartedCounts,
  countStored,
  drainAll,
  FAULT_PASSWORDS,
  feedLive,
  unchartedOf,
  makeFaultRig,
  metric,
  SentLedger,
  startAnalytics,
  startBroker,
  startStdinGateway,
  waitUntil,
  type StdinGateway,
} from '../support/fault-rig.js';

const { summary, dirs, running } = faultSuite('Faults on the bus (broker, subscribers)');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.sequential('the bus under faults, with several gateways publishing at once', () => {
  it('kill -9 of the broker while three gateways publish, then a restart: every point stored exactly once', async () => {
    const rig = await makeFaultRig(['acme', 'borealis', 'cobalt']);
    dirs.push(rig.dir);
    let broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    const gateways: StdinGateway[] = [];
    for (const e of rig.enterprises) gateways.push(await startStdinGateway(rig, e));
    running.push(broker, analytics.proc, ...gateways.map((g) => g.proc));
    const sent = new SentLedger();
    // 3 gateways x 2 series x 100 readings/s.
    const feed = feedLive(gateways, sent, { perTick: 5 });
    await waitUntil('every gateway stored something', async () => (await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'stored' })) > 600, 20_000);

    await broker.kill9();
    // While the broker is gone, every gateway keeps accepting into its outbox.
    await waitUntil(
      'every outbox holding batches while the broker is down',
      async () => {
        for (const g of gateways) if ((await metric(g.ops, 'linewatch_outbox_batches')) < 3) return false;
        return true;
      },
      10_000,
    );
    const sentDuringOutage = sent.total;
    broker = await startBroker(rig);
    running.push(broker);
    await sleep(2000);
    feed.stop();
    await drainAll(analytics, gateways, sent.total);
    const refused = (await Promise.all(gateways.map((g) => metric(g.ops, 'linewatch_gateway_refused_points_total')))).reduce((a, b) => a + b, 0);
    // Settled: drainAll waited for every batch's ack, and a batch is counted before its ack goes out.
    const charted = await chartedCounts(analytics);
    await analytics.proc.terminate();
    const counted = await countStored(rig, sent);
    const uncharted = unchartedOf(counted.stored, [charted]);
    summary.add({
      case: 'broker kill -9 + restart, 3 gateways',
      sent: sent.total,
      stored: counted.stored,
      rejected: refused,
      lost: counted.lost,
      uncharted,
      note: `${sentDuringOutage} sent before the restart; ${charted.historical} historical (backlog sent behind newer live batches)`,
    });
    expect(refused, 'no gateway refused anything').toBe(0);
    expect(counted.lost, 'points lost').toBe(0);
    expect(counted.doubled, 'points stored twice').toBe(0);
    expect(counted.unexpected, 'points stored that were never sent').toBe(0);
    expect(counted.stored).toBe(sent.total);
    // A few seconds' outage, resent in time order: charted live, or (a backlog batch overtaken by a live one) counted as historical.
    expect(uncharted, 'stored but neither charted nor counted historical').toBe(0);
  }, 120_000);

  it('a QoS 1 subscriber that stops reading does not hold up the pipeline, and gets every batch once it reads again', async () => {
    const rig = await makeFaultRig(['acme', 'borealis']);
    dirs.push(rig.dir);
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    const gateways: StdinGateway[] = [];
    for (const e of rig.enterprises) gateways.push(await startStdinGateway(rig, e));
    running.push(broker, analytics.proc, ...gateways.map((g) => g.proc));

    // A dashboard-role reader of every measurement and alert, whose socket then stops reading.
    const slow = await mqtt.connectAsync(`mqtt://127.0.0.1:${rig.mqttPort}`, {
      username: 'dashboard',
      password: FAULT_PASSWORDS.dashboard,
      clientId: 'dashboard:slow',
      clean: true,
      reconnectPeriod: 0,
    });
    const received = new Map<string, number>(); // topic + seq -> points
    slow.on('message', (topic, payload) => {
      if (!topic.endsWith('/measurements')) return;
      const batch = JSON.parse(payload.toString('utf8')) as { seq: number; points: unknown[] };
      received.set(`${topic}#${batch.seq}`, batch.points.length);
    });
    await slow.subscribeAsync(['linewatch/v1/+/+/measurements', 'linewatch/v1/alerts/+'], { qos: 1 });
    const socket = slow.stream as unknown as { pause(): void; resume(): void };
    socket.pause();

    const sent = new SentLedger();
    const feed = feedLive(gateways, sent, { perTick: 10 }); // 2 gateways x 2 series x 200 readings/s
    await sleep(6000);
    feed.stop();
    // Everything must be stored while the subscriber still reads nothing.
    await drainAll(analytics, gateways, sent.total, 60_000);
    const receivedWhilePaused = [...received.values()].reduce((a, b) => a + b, 0);
    const stored = await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'stored' });
    socket.resume();
    const published = (await Promise.all(gateways.map((g) => metric(g.ops, 'linewatch_gateway_published_total')))).reduce((a, b) => a + b, 0);
    await waitUntil('the slow subscriber catching up', () => received.size >= published, 30_000).catch(() => {});
    const receivedPoints = [...received.values()].reduce((a, b) => a + b, 0);
    await slow.endAsync(true);
    const charted = await chartedCounts(analytics);
    await analytics.proc.terminate();
    const counted = await countStored(rig, sent);
    const uncharted = unchartedOf(counted.stored, [charted]);
    summary.add({
      case: 'QoS 1 subscriber stops reading',
      sent: sent.total,
      stored: counted.stored,
      rejected: 0,
      lost: counted.lost,
      uncharted,
      note: `${charted.historical} historical; subscriber got ${receivedWhilePaused} points while paused, ${receivedPoints} after resuming`,
    });
    expect(stored, 'stored while the subscriber was paused').toBe(sent.total);
    expect(counted.lost).toBe(0);
    expect(counted.doubled).toBe(0);
    expect(counted.stored).toBe(sent.total);
    expect(receivedPoints, 'the slow subscriber missed nothing once it read again').toBe(sent.total);
    expect(uncharted, 'live data, charted live whatever a subscriber does').toBe(0);
    expect(charted.historical, 'nothing here is a backlog').toBe(0);
  }, 120_000);
});
