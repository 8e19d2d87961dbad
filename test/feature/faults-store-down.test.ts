/**
 * Readiness follows the store: influxd stopped mid-stream makes every write
 * fail, and /readyz must say so (503, a JSON reason naming the store and the
 * last write error, no stack) until writes succeed again after a restart,
 * with nothing lost. Both places that serve /readyz over a store that takes
 * writes: the analytics service's operations port (its own process) and the
 * dashboard of the embedded stack (`linewatch start`, in process here).
 * Real broker, analytics, gateway and influxd processes.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  chartedCounts,
  countStored,
  drainAll,
  faultSuite,
  feedLive,
  makeFaultRig,
  metric,
  SentLedger,
  startAnalytics,
  startBroker,
  startStdinGateway,
  unchartedOf,
  waitUntil,
} from '../support/fault-rig.js';
import { startEmbeddedStack } from '../../stack/embedded-stack.js';
import { connectGateway } from '../../gateway/index.js';
import { MemoryOutbox } from '../../gateway/outbox/memory-outbox.js';
import { createLogger } from '../../ops/logger.js';
import { openStore } from '../../store/open-store.js';
import { pipelineTestConfig, TEST_PASSWORDS } from '../support/pipeline-config.js';

const suite = faultSuite('The store down: readiness');
const { summary, dirs, running } = suite;

interface Readyz {
  status: number;
  body: { status?: string; reason?: { code: string; message: string }; store?: { ok: boolean; writes?: { ok: boolean; consecutiveFailures: number } } } & Record<string, unknown>;
  text: string;
}

async function readyz(url: string): Promise<Readyz> {
  const res = await fetch(url);
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text) as Readyz['body'], text };
}

/** Polls /readyz until `want` holds, and returns that answer. */
async function readyzUntil(url: string, what: string, want: (r: Readyz) => boolean, timeoutMs: number): Promise<Readyz> {
  let last: Readyz | undefined;
  await waitUntil(what, async () => want((last = await readyz(url))), timeoutMs);
  return last!;
}

function expectNotReadyForWrites(r: Readyz, adapter: string): void {
  expect(r.status).toBe(503);
  expect(r.body.status).toBe('unavailable');
  expect(r.body.store?.writes?.ok).toBe(false);
  expect(r.body.store?.writes?.consecutiveFailures).toBeGreaterThanOrEqual(1);
  expect(r.body.reason?.code).toBe('LW_STORE_UNAVAILABLE');
  expect(r.body.reason?.message).toMatch(new RegExp(`^the ${adapter} store failed \\d+ write\\(s\\) in a row, the last with LW_STORE_UNAVAILABLE: `));
  expect(r.text).not.toMatch(/\n\s+at /);
}

describe('the store down: readiness follows the writes', () => {
  it('analytics /readyz: 503 naming the failing writes while influxd is stopped, 200 after writes succeed again, nothing lost', async () => {
    const server = await suite.influxd('down');
    const rig = await makeFaultRig(['acme'], () => ({ kind: 'influxdb', url: server.url, database: server.database }));
    dirs.push(rig.dir);
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    const gateway = await startStdinGateway(rig, 'acme');
    running.push(broker, analytics.proc, gateway.proc);
    const url = `${analytics.ops}/readyz`;
    const sent = new SentLedger();
    const feed = feedLive([gateway], sent, { perTick: 2 });
    await waitUntil('data flowing', async () => (await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'stored' })) > 200, 20_000);
    expect((await readyz(url)).status).toBe(200);

    await server.stop();
    const down = await readyzUntil(url, '/readyz 503 for failing writes', (r) => r.status === 503 && r.body.store?.writes?.ok === false, 60_000);
    expectNotReadyForWrites(down, 'influxdb');
    const failingWrites = await metric(analytics.ops, 'linewatch_store_writes_failing');
    expect(failingWrites).toBeGreaterThanOrEqual(1);

    await server.start();
    const up = await readyzUntil(url, '/readyz 200 once writes succeed', (r) => r.status === 200, 60_000);
    expect(up.body.store?.writes).toEqual({ ok: true, consecutiveFailures: 0, failingSince: null });
    expect(await metric(analytics.ops, 'linewatch_store_writes_failing')).toBe(0);

    feed.stop();
    await drainAll(analytics, [gateway], sent.total, 120_000);
    const counts = [await chartedCounts(analytics)];
    const counted = await countStored(rig, sent);
    const uncharted = unchartedOf(counted.stored, counts);
    summary.add({
      case: 'influxd stopped, analytics /readyz',
      sent: sent.total,
      stored: counted.stored,
      rejected: 0,
      lost: counted.lost,
      uncharted,
      note: `503 after ${down.body.store?.writes?.consecutiveFailures} failed write(s); ${counts[0]!.historical} historical`,
    });
    expect(counted.lost, 'points lost').toBe(0);
    expect(counted.doubled, 'points stored twice').toBe(0);
    expect(counted.stored).toBe(sent.total);
    expect(uncharted).toBe(0);
  }, 240_000);

  it('embedded stack (dashboard /readyz): 503 naming the failing writes while influxd is stopped, 200 after writes succeed again', async () => {
    const server = await suite.influxd('down-stack');
    const dir = mkdtempSync(join(tmpdir(), 'linewatch-readyz-'));
    dirs.push(dir);
    const config = await pipelineTestConfig({ dataDir: join(dir, 'data'), store: { kind: 'influxdb', url: server.url, database: server.database } });
    const log = createLogger('readyz-test', 'silent');
    const stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, log });
    const gateway = connectGateway(
      { mqttUrl: stack.mqttUrl, enterprise: 'northwind-cable', gateway: 'northwind-gw1', password: TEST_PASSWORDS.gateway, maxBatchPoints: 50, ackTimeoutMs: 2_000 },
      { outbox: new MemoryOutbox(), log },
    );
    const url = `${stack.httpUrl}/readyz`;
    let sent = 0;
    const t0 = Date.now();
    let lastTs = t0 - 1;
    // Live readings, 200 a second, each stamped with the clock (strictly increasing).
    const timer = setInterval(() => {
      const points = Array.from({ length: 10 }, () => {
        lastTs = Math.max(Date.now(), lastTs + 1);
        sent += 1;
        return { line: 'extruder-1', characteristic: 'conductor_resistance', ts: lastTs, value: 11.7 + (sent % 7) * 0.01 };
      });
      void gateway.accept(points);
    }, 50);
    try {
      gateway.start();
      await waitUntil('data flowing', () => stack.analytics.counters.stored > 100, 20_000);
      expect((await readyz(url)).status).toBe(200);

      await server.stop();
      const down = await readyzUntil(url, 'dashboard /readyz 503 for failing writes', (r) => r.status === 503 && r.body.store?.writes?.ok === false, 60_000);
      expectNotReadyForWrites(down, 'influxdb');
      expect(down.body.error).toMatchObject({ code: 'LW_HTTP_UNAVAILABLE', message: down.body.reason!.message });

      await server.start();
      const up = await readyzUntil(url, 'dashboard /readyz 200 once writes succeed', (r) => r.status === 200, 60_000);
      expect(up.body.store?.writes).toEqual({ ok: true, consecutiveFailures: 0, failingSince: null });

      clearInterval(timer);
      await gateway.flush();
      await waitUntil('every batch acknowledged', () => gateway.stats().outbox.batches === 0, 60_000);
      const store = await openStore({ kind: 'influxdb', url: server.url, database: server.database });
      try {
        const held = await store.readSeries({ enterprise: 'northwind-cable', line: 'extruder-1', characteristic: 'conductor_resistance' }, { from: t0, to: lastTs + 1 });
        expect(held.ts.length, 'every point sent is stored once').toBe(sent);
      } finally {
        await store.close();
      }
      const c = stack.analytics.counters;
      summary.add({
        case: 'influxd stopped, embedded stack /readyz',
        sent,
        stored: sent,
        rejected: 0,
        lost: 0,
        uncharted: Math.max(0, sent - c.charted - c.historical),
        note: `503 after ${down.body.store?.writes?.consecutiveFailures} failed write(s); ${c.historical} historical`,
      });
    } finally {
      clearInterval(timer);
      await gateway.stop(0).catch(() => {});
      await stack.stop();
    }
  }, 240_000);
});
