/**
 * The store stalling for a minute: influxd frozen with SIGSTOP for 60 s and
 * then let go with SIGCONT, while two gateways keep publishing (real broker,
 * analytics service, gateway and influxd processes). Writes time out, batches
 * go unacknowledged and stay in the gateways' outboxes, and everything is
 * stored once the store answers again: lost must be 0.
 */
import { describe, expect, it } from 'vitest';
import {
  faultSuite,
  chartedCounts,
  unchartedOf,
  countStored,
  drainAll,
  feedLive,
  makeFaultRig,
  metric,
  SentLedger,
  startAnalytics,
  startBroker,
  startStdinGateway,
  waitUntil,
} from '../support/fault-rig.js';

const suite = faultSuite('The store stalling for a minute');
const { summary, dirs, running } = suite;

const STALL_MS = 60_000;

describe('the store stalling for a minute', () => {
  it('influxd frozen (SIGSTOP) for 60 s under load: nothing lost, nothing doubled, every point stored afterwards', async () => {
    const server = await suite.influxd('stall');
    const rig = await makeFaultRig(['acme', 'borealis'], () => ({ kind: 'influxdb', url: server.url, database: server.database }));
    dirs.push(rig.dir);
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    const gateways = [await startStdinGateway(rig, 'acme'), await startStdinGateway(rig, 'borealis')];
    running.push(broker, analytics.proc, ...gateways.map((g) => g.proc));
    const sent = new SentLedger();
    const feed = feedLive(gateways, sent, { perTick: 2 }); // 2 gateways x 2 series x 40 readings/s
    await waitUntil('data flowing', async () => (await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'stored' })) > 200, 20_000);

    await server.pause();
    const stalledAt = Date.now();
    try {
      await new Promise((r) => setTimeout(r, STALL_MS));
    } finally {
      server.resume();
    }
    const heldAtResume = (await Promise.all(gateways.map((g) => metric(g.ops, 'linewatch_outbox_batches')))).reduce((a, b) => a + b, 0);
    const failures = await metric(analytics.ops, 'linewatch_store_failures_total');
    await new Promise((r) => setTimeout(r, 2000));
    feed.stop();
    await drainAll(analytics, gateways, sent.total, 120_000);
    const rejected = await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'rejected' });
    const charted = await chartedCounts(analytics);
    const counted = await countStored(rig, sent);
    const uncharted = unchartedOf(counted.stored, [charted]);
    summary.add({
      case: 'influxd SIGSTOP 60 s under load',
      sent: sent.total,
      stored: counted.stored,
      rejected,
      lost: counted.lost,
      uncharted,
      note: `${charted.historical} historical; stalled ${Math.round((Date.now() - stalledAt) / 1000)} s ago; ${failures} failed writes; ${heldAtResume} batches held in outboxes at SIGCONT`,
    });
    expect(failures, 'the stall was felt: writes failed and were not acknowledged').toBeGreaterThan(0);
    expect(heldAtResume, 'the gateways kept what was not acknowledged').toBeGreaterThan(0);
    expect(rejected).toBe(0);
    expect(counted.lost, 'points lost').toBe(0);
    expect(counted.doubled, 'points stored twice').toBe(0);
    expect(counted.stored).toBe(sent.total);
    // A minute's backlog: charted when it comes in order, counted historical when newer data overtook it; never neither.
    expect(uncharted, 'stored but neither charted nor counted historical').toBe(0);
  }, 240_000);
});
