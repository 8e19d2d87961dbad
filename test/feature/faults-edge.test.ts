/**
 * Faults at the edges of the pipeline (real broker, analytics service and
 * gateway processes, embedded store): a disk outbox that fills up while the
 * broker is unreachable, and gateway clocks ahead of and behind the server.
 * Each case prints sent, stored, rejected and lost; what is not stored is
 * refused or rejected with a count and a reason, never silently lost.
 */
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { decodeDeadLetter, isPointsDeadLetter } from '../../protocol/dead-letter.js';
import {
  faultSuite,
  chartedCounts,
  countStored,
  drainAll,
  FAULT_PASSWORDS,
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

const { summary, dirs, running } = faultSuite('Faults at the edges (outbox, clocks)');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_BATCHES = 20;
const BATCH = 50;

describe.sequential('the edges of the pipeline under faults', () => {
  it('a full outbox under policy block holds the source back and loses nothing; it drains when the broker is back', async () => {
    const rig = await makeFaultRig(['acme']);
    dirs.push(rig.dir);
    const g = await startStdinGateway(rig, 'acme', ['--outbox-max-batches', String(MAX_BATCHES), '--max-batch-points', String(BATCH)]);
    running.push(g.proc);
    const sent = new SentLedger();
    const start = Date.now() - 60_000;
    // Ten times what the outbox holds, written at once: the gateway must take only what fits.
    for (let i = 0; i < MAX_BATCHES * BATCH * 10; i++) g.write([sent.next('acme', 'conductor_resistance', start + i)]);
    await waitUntil('the outbox full', async () => (await metric(g.ops, 'linewatch_outbox_batches')) === MAX_BATCHES, 20_000);
    await sleep(1000);
    const heldWhileFull = await metric(g.ops, 'linewatch_outbox_batches');
    const blocked = await metric(g.ops, 'linewatch_outbox_blocked_total');
    const pendingWhileFull = g.pendingBytes;
    const refusedWhileFull = await metric(g.ops, 'linewatch_gateway_refused_points_total');

    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    running.push(broker, analytics.proc);
    await drainAll(analytics, [g], sent.total, 60_000);
    const refused = await metric(g.ops, 'linewatch_gateway_refused_points_total');
    const charted = await chartedCounts(analytics);
    await analytics.proc.terminate();
    const counted = await countStored(rig, sent);
    const uncharted = unchartedOf(counted.stored, [charted]);
    summary.add({
      case: `outbox full (${MAX_BATCHES} batches), policy block`,
      sent: sent.total,
      stored: counted.stored,
      rejected: refused,
      lost: counted.lost,
      uncharted,
      note: `${charted.historical} historical; source held back: ${blocked} appends waited, ${pendingWhileFull} bytes unread while full`,
    });
    expect(heldWhileFull, 'the outbox stays within its bound').toBe(MAX_BATCHES);
    expect(blocked, 'appends waited for room').toBeGreaterThan(0);
    expect(refusedWhileFull + refused, 'policy block refuses nothing').toBe(0);
    // The held batches go in order; those a newer live batch overtook are counted historical. Never neither.
    expect(uncharted, 'stored but neither charted nor counted historical').toBe(0);
    expect(counted.lost).toBe(0);
    expect(counted.doubled).toBe(0);
    expect(counted.stored).toBe(sent.total);
  }, 120_000);

  it('a full outbox under policy reject refuses whole batches and counts every point it refused; the rest is stored', async () => {
    const rig = await makeFaultRig(['acme']);
    dirs.push(rig.dir);
    const g = await startStdinGateway(rig, 'acme', ['--outbox-max-batches', String(MAX_BATCHES), '--max-batch-points', String(BATCH), '--outbox-full-policy', 'reject']);
    running.push(g.proc);
    const sent = new SentLedger();
    const start = Date.now() - 60_000;
    const total = MAX_BATCHES * BATCH * 3;
    for (let i = 0; i < total; i++) g.write([sent.next('acme', 'conductor_resistance', start + i)]);
    await waitUntil(
      'every reading taken',
      async () => g.pendingBytes === 0 && (await metric(g.ops, 'linewatch_gateway_refused_points_total')) + (await metric(g.ops, 'linewatch_outbox_batches')) * BATCH >= total,
      20_000,
    );
    const refused = await metric(g.ops, 'linewatch_gateway_refused_points_total');
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    running.push(broker, analytics.proc);
    await drainAll(analytics, [g], total - refused, 60_000);
    const charted = await chartedCounts(analytics);
    await analytics.proc.terminate();
    const counted = await countStored(rig, sent);
    const unaccounted = sent.total - counted.stored - refused;
    const uncharted = unchartedOf(counted.stored, [charted]);
    summary.add({
      case: `outbox full (${MAX_BATCHES} batches), policy reject`,
      sent: sent.total,
      stored: counted.stored,
      rejected: refused,
      lost: unaccounted,
      uncharted,
      note: `${charted.historical} historical; rejected = refused by the outbox, counted in linewatch_gateway_refused_points_total`,
    });
    expect(refused, 'batches were refused').toBeGreaterThan(0);
    expect(refused % BATCH, 'whole batches are refused').toBe(0);
    expect(counted.stored, 'what the outbox took is stored').toBe(MAX_BATCHES * BATCH);
    expect(unaccounted, 'every point not stored is counted as refused').toBe(0);
    expect(uncharted, 'stored but neither charted nor counted historical').toBe(0);
    expect(counted.doubled).toBe(0);
  }, 120_000);

  it('gateway clocks off: behind or within the tolerance stored and charted, too far ahead rejected to the dead letter with the reason', async () => {
    const rig = await makeFaultRig(['ahead', 'far-ahead', 'behind', 'far-behind']);
    dirs.push(rig.dir);
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    running.push(broker, analytics.proc);
    const letters = await mqtt.connectAsync(`mqtt://127.0.0.1:${rig.mqttPort}`, { username: 'dashboard', password: FAULT_PASSWORDS.dashboard, clientId: 'dashboard:letters', reconnectPeriod: 0 });
    const deadPoints: string[] = [];
    letters.on('message', (_topic, payload) => {
      const letter = decodeDeadLetter(payload);
      if (letter.ok && isPointsDeadLetter(letter.value)) for (const r of letter.value.rejected) deadPoints.push(r.reason);
    });
    await letters.subscribeAsync('linewatch/v1/+/+/deadletter', { qos: 1 });
    const skews = { ahead: 60_000, 'far-ahead': 10 * 60_000, behind: -60_000, 'far-behind': -10 * 60_000 } as const;
    const gateways: StdinGateway[] = [];
    for (const e of rig.enterprises) gateways.push(await startStdinGateway(rig, e));
    running.push(...gateways.map((g) => g.proc));
    const sent = new SentLedger();
    const PER_GATEWAY = 400;
    for (let i = 0; i < PER_GATEWAY; i++) {
      for (const g of gateways) g.write([sent.next(g.enterprise, 'conductor_resistance', Date.now() + skews[g.enterprise as keyof typeof skews])]);
      if (i % 40 === 0) await sleep(50);
    }
    const expectedStored = 3 * PER_GATEWAY;
    for (const g of gateways) g.end();
    // Each gateway's last batch closed, so once its outbox is empty every batch is acknowledged and counted.
    for (const g of gateways) await g.proc.waitFor(/: input ended, \d+ points taken/, 30_000);
    await waitUntil(
      'every batch acknowledged',
      async () => {
        for (const g of gateways) if ((await metric(g.ops, 'linewatch_outbox_batches')) > 0 || (await metric(g.ops, 'linewatch_gateway_acknowledged_total')) === 0) return false;
        return (await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'stored' })) >= expectedStored;
      },
      60_000,
    );
    await waitUntil('the dead letters', () => deadPoints.length >= PER_GATEWAY, 10_000).catch(() => {});
    const rejected = await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'rejected' });
    const historical = await metric(analytics.ops, 'linewatch_ingest_historical_points_total');
    const charted = await chartedCounts(analytics);
    await letters.endAsync(true);
    await analytics.proc.terminate();
    const counted = await countStored(rig, sent);
    const unaccounted = counted.lost - rejected;
    const uncharted = unchartedOf(counted.stored, [charted]);
    summary.add({
      case: 'gateway clocks +-1 min, +-10 min',
      sent: sent.total,
      stored: counted.stored,
      rejected,
      lost: unaccounted,
      uncharted,
      note: `${historical} stored as historical; ${deadPoints.length} dead letters (10 min ahead)`,
    });
    expect(rejected, 'the gateway 10 minutes ahead: every point rejected').toBe(PER_GATEWAY);
    expect(deadPoints).toHaveLength(PER_GATEWAY);
    expect(
      deadPoints.every((r) => /ts: .* is more than 300 s ahead of the receiver's clock/.test(r)),
      deadPoints[0],
    ).toBe(true);
    expect(counted.stored).toBe(expectedStored);
    // Its readings come in order, only its clock is off: taking them for a backlog would leave its lines unwatched.
    expect(historical, 'the gateway 10 minutes behind: stored and charted, not taken for a backlog').toBe(0);
    expect(unaccounted, 'every point not stored was rejected with a reason').toBe(0);
    expect(uncharted, 'clocks off but in order: every stored point charted').toBe(0);
    expect(counted.doubled).toBe(0);
  }, 120_000);
});
