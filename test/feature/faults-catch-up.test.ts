/**
 * A gateway offline for an hour of data, then catching up, beside another
 * gateway that never went away (real broker, analytics service, InfluxDB and
 * gateway processes). The hour is made quick: the gateway's source stamps it
 * an hour back while the gateway cannot reach any broker, so it all waits in
 * the disk outbox, in small batches as a real-time gauge would fill them.
 *
 * Promised: every point stored exactly once; the backlog stored and counted
 * as historical, never charted live (it holds readings out of spec, which
 * would raise alerts if it were); both gateways' live readings keep flowing
 * while the backlog drains at its bounded pace.
 */
import { describe, expect, it } from 'vitest';
import { openStore } from '../../store/open-store.js';
import {
  faultSuite,
  chartedCounts,
  countStored,
  drainAll,
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
import { freePort } from '../support/ports.js';

const suite = faultSuite('A gateway offline for an hour, then catching up');
const { summary, dirs, running } = suite;

const HOUR = 3_600_000;
const BACKLOG_HZ = 10; // per characteristic, as gauges measure
const BATCH_POINTS = 50; // small batches, as a real-time gauge fills them: 1,440 for the hour
const OUT_OF_SPEC = { from: 10_000, count: 200, value: 12.6 }; // resistance above its 12.1 maximum in the middle of the hour

describe('a gateway offline for an hour of data, then catching up', () => {
  it('stores the backlog as historical without false live alerts, while live data from both gateways keeps flowing', async () => {
    const server = await suite.influxd('catchup');
    const rig = await makeFaultRig(['acme', 'borealis'], () => ({ kind: 'influxdb', url: server.url, database: server.database }));
    dirs.push(rig.dir);
    const sent = new SentLedger();

    // The hour offline: acme's gateway can reach no broker; its gauges keep measuring.
    const nowhere = `mqtt://127.0.0.1:${await freePort()}`;
    const offline = await startStdinGateway(rig, 'acme', ['--max-batch-points', String(BATCH_POINTS)], nowhere);
    running.push(offline.proc);
    const hourStart = Date.now() - HOUR - 5 * 60_000; // ends 5 minutes ago: all of it older than the 2-minute threshold
    let backlog = 0;
    for (let i = 0; i < HOUR / (1000 / BACKLOG_HZ); i++) {
      const ts = hourStart + i * (1000 / BACKLOG_HZ);
      const bad = i >= OUT_OF_SPEC.from && i < OUT_OF_SPEC.from + OUT_OF_SPEC.count;
      const points = [
        { characteristic: 'conductor_resistance', ts, value: bad ? OUT_OF_SPEC.value : 11.7 + ((i * 7) % 11) / 200 },
        { characteristic: 'insulation_thickness', ts, value: 0.7 + ((i * 5) % 7) / 700 },
      ];
      for (const p of points) sent.record('acme', p.characteristic, p.ts);
      offline.write(points);
      backlog += points.length;
    }
    // Read and durable once the pipe is empty and the outbox stops growing (the batch timer may split a batch);
    // stopping the gateway then flushes whatever the open batch holds.
    let held = -1;
    await waitUntil(
      'the hour in the outbox',
      async () => {
        const now = await metric(offline.ops, 'linewatch_outbox_batches');
        const settled = offline.pendingBytes === 0 && now === held && now >= backlog / BATCH_POINTS;
        held = now;
        return settled;
      },
      120_000,
      500,
    );
    await offline.proc.terminate();

    // Back online, beside a gateway that never left.
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    running.push(broker, analytics.proc);
    const borealis = await startStdinGateway(rig, 'borealis');
    const back = await startStdinGateway(rig, 'acme', ['--max-batch-points', String(BATCH_POINTS), '--backlog-window', '8']);
    running.push(borealis.proc, back.proc);
    const gateways: StdinGateway[] = [borealis, back];
    const started = Date.now();
    const feed = feedLive(gateways, sent, { perTick: 1 }); // 20 readings/s per series

    // Live delay: how long after it was measured each live reading is in the store, watched from outside.
    const store = await openStore(rig.store);
    const maxDelay = { acme: 0, borealis: 0 };
    const seen = { acme: started, borealis: started };
    let catchUpMs = 0;
    let backlogInFlightSeen = 0;
    try {
      await waitUntil(
        'the backlog stored',
        async () => {
          const now = Date.now();
          for (const e of ['acme', 'borealis'] as const) {
            const s = await store.readSeries({ enterprise: e, line: 'L1', characteristic: 'conductor_resistance' }, { from: seen[e] + 1, to: now + 1000 });
            for (const ts of s.ts) maxDelay[e] = Math.max(maxDelay[e], now - ts);
            if (s.ts.length > 0) seen[e] = s.ts[s.ts.length - 1]!;
          }
          // Readings written but not stored yet count too: the newest one's age so far.
          backlogInFlightSeen = Math.max(backlogInFlightSeen, await metric(back.ops, 'linewatch_gateway_backlog_in_flight'));
          const historical = await metric(analytics.ops, 'linewatch_ingest_historical_points_total');
          if (historical < backlog) return false;
          catchUpMs = Date.now() - started;
          return true;
        },
        180_000,
        250,
      );
    } finally {
      await store.close();
    }
    feed.stop();
    await drainAll(analytics, gateways, sent.total, 60_000);
    const historical = await metric(analytics.ops, 'linewatch_ingest_historical_points_total');
    const rejected = await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'rejected' });
    const charted = await chartedCounts(analytics);
    const counted = await countStored(rig, sent);
    const uncharted = unchartedOf(counted.stored, [charted]);
    const check = await openStore(rig.store);
    const alertIds = new Set((await check.readEvents({})).filter((e) => e.kind === 'raised' || e.id.split('.').length >= 5).map((e) => e.id));
    await check.close();
    const firstSampleOf = (id: string) => Number(id.split('.').pop());
    const fromBacklog = [...alertIds].filter((id) => firstSampleOf(id) < started - 2 * 60_000);

    summary.add({
      case: 'gateway offline 1 h, then catching up',
      sent: sent.total,
      stored: counted.stored,
      rejected,
      lost: counted.lost,
      uncharted,
      note: `historical ${historical} of ${backlog} backlog, charted ${charted.charted}; catch-up ${(catchUpMs / 1000).toFixed(1)} s; live delay max acme ${maxDelay.acme} ms, borealis ${maxDelay.borealis} ms; alerts from backlog ${fromBacklog.length}`,
    });
    expect(counted.lost, 'points lost').toBe(0);
    expect(counted.doubled, 'points stored twice').toBe(0);
    expect(counted.stored).toBe(sent.total);
    expect(historical, 'the backlog, and only the backlog, counted as historical').toBe(backlog);
    // The live part is charted and the backlog counted historical: every stored point is one or the other.
    expect(uncharted, 'stored but neither charted nor counted historical').toBe(0);
    expect(fromBacklog, 'alerts raised from historical readings (the backlog is out of spec for a while)').toEqual([]);
    expect(backlogInFlightSeen, 'the backlog went at its bounded pace').toBeLessThanOrEqual(8);
    // The backlog took a while at that pace; live data did not wait for it. Oldest-first sending
    // would hold acme's live readings until the backlog was through, i.e. for the whole catch-up.
    expect(catchUpMs).toBeGreaterThan(3000);
    expect(maxDelay.acme, 'acme live readings waited for the backlog').toBeLessThan(catchUpMs / 3);
    expect(maxDelay.borealis, "the other gateway's live readings waited for the backlog").toBeLessThan(catchUpMs / 3);
  }, 300_000);
});
