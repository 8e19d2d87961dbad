/**
 * The sharded analytics gives exactly the alerts and risk of the unsharded
 * one on the same input. The same recorded batches go through one
 * unrestricted AnalyticsCore and through two cores, each restricted to its
 * share of the shard plan (shard-plan.ts) and reaching one store through a
 * store proxy over a MessagePort, as a shard does; risk is assessed at the
 * same points of the stream on both sides. Everything each side sends out,
 * the alert episodes it holds, the alert events it stored and the risk
 * summaries and classes must be identical.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AnalyticsCore } from '../../../../analytics/service/analytics-core.js';
import type { AnalyticsOutputs } from '../../../../analytics/service/analytics-outputs.js';
import { shardPlan } from '../../../../analytics/shards/shard-plan.js';
import { StoreProxy } from '../../../../analytics/shards/store-proxy.js';
import { serveStore } from '../../../../analytics/shards/store-server.js';
import { parseConfig } from '../../../../config/load.js';
import type { LinewatchConfig } from '../../../../config/resolve.js';
import { catalogFromConfig, enterpriseProfiles } from '../../../../core/catalog/config-catalog.js';
import type { EnterpriseRiskSummary } from '../../../../core/enterprise-risk/risk-views.js';
import type { FindingEvent } from '../../../../core/findings/finding.js';
import type { AlertEvent } from '../../../../monitor/alert.js';
import type { Ack } from '../../../../protocol/ack.js';
import { createMeasurementBatchDecoder } from '../../../../protocol/measurement-batch.js';
import { openStore } from '../../../../store/open-store.js';
import type { TimeSeriesStore } from '../../../../store/port.js';
import { recordedBatches, SHARD_ENTERPRISES, shardConfigFile, type RecordedBatch } from '../../../support/shard-input.js';

const SHARDS = 2;

/** What one side sent out, kept per enterprise in the order sent (each enterprise is on one core, so its order is meaningful). */
class Sent implements AnalyticsOutputs {
  readonly alerts = new Map<string, AlertEvent[]>();
  readonly acks = new Map<string, Ack[]>();
  readonly risks = new Map<string, EnterpriseRiskSummary[]>();
  readonly findings = new Map<string, FindingEvent[]>();
  deadLetters = 0;
  ack(enterprise: string, _gateway: string, ack: Ack): void {
    push(this.acks, enterprise, ack);
  }
  deadLetter(): void {
    this.deadLetters += 1;
  }
  alert(event: AlertEvent): void {
    push(this.alerts, event.alert.enterprise, structuredClone(event));
  }
  finding(event: FindingEvent): void {
    push(this.findings, event.finding.enterprise, structuredClone(event));
  }
  risk(summary: EnterpriseRiskSummary): void {
    push(this.risks, summary.id, structuredClone(summary));
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A side: its cores (one, or one per shard), what they sent, and the store they wrote. */
interface Side {
  readonly cores: AnalyticsCore[];
  readonly sent: Sent;
  readonly store: TimeSeriesStore;
  /** The core that owns an enterprise. */
  coreOf(enterprise: string): AnalyticsCore;
  close(): Promise<void>;
}

let dir: string;
let config: LinewatchConfig;
let batches: RecordedBatch[];
let single: Side;
let sharded: Side;
/** The clock at the end of the stream, for cores opened afterwards. */
let finalClock: number;
const plan = shardPlan(SHARD_ENTERPRISES, SHARDS);

function newCore(store: TimeSeriesStore, sent: Sent, clock: () => number, share: readonly string[] | null, checkpointPath: string | null = null): AnalyticsCore {
  return new AnalyticsCore(
    { live: config.live, risk: config.risk, checkpointPath, share },
    { store, catalog: catalogFromConfig(config), enterprises: enterpriseProfiles(config), decodeBatch: createMeasurementBatchDecoder(), outputs: sent, log: pino({ level: 'silent' }), clock },
  );
}

/**
 * Feeds every batch to its enterprise's core, a second of sample time at a
 * time (that second's batches at once); the alert journals flush after each
 * second and risk is assessed every 30 s of it, at the same points on both
 * sides. (In service both run on wall-clock timers, which would make even
 * two unsharded runs differ in how counter updates coalesce.)
 */
async function run(side: Side, clockAt: { now: number }): Promise<void> {
  for (const core of side.cores) await core.open();
  for (let i = 0; i < batches.length; i += SHARD_ENTERPRISES.length) {
    const second = batches.slice(i, i + SHARD_ENTERPRISES.length);
    // Received 100 ms after its newest reading.
    clockAt.now = second[0].ts + 100;
    await Promise.all(second.map((b) => side.coreOf(b.enterprise).ingest(b.enterprise, b.gateway, b.payload)));
    for (const core of side.cores) await core.drain();
    if ((i / SHARD_ENTERPRISES.length) % 30 === 29) for (const core of side.cores) await core.assessRisk(true);
  }
  for (const core of side.cores) await core.drain();
  for (const core of side.cores) await core.assessRisk(true);
}

beforeAll(async () => {
  // The journals' flush timers never fire on their own: run() flushes them at fixed points of the stream.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  dir = mkdtempSync(join(tmpdir(), 'linewatch-shard-equivalence-'));
  config = parseConfig(JSON.stringify(await shardConfigFile({ dataDir: join(dir, 'unused') })), 'shard-equivalence.json', dir);
  batches = recordedBatches();

  const singleClock = { now: 0 };
  const singleStore = await openStore({ kind: 'embedded', dataDir: join(dir, 'single') });
  const singleSent = new Sent();
  const one = newCore(singleStore, singleSent, () => singleClock.now, null, join(dir, 'spc-checkpoint.json'));
  single = { cores: [one], sent: singleSent, store: singleStore, coreOf: () => one, close: async () => {} };

  // One store for all the shards, each behind its own proxy and port, as the main thread serves it.
  const shardClock = { now: 0 };
  const shardStore = await openStore({ kind: 'embedded', dataDir: join(dir, 'sharded') });
  const shardSent = new Sent();
  const stops: Array<() => void> = [];
  const owner = new Map<string, AnalyticsCore>();
  const cores = [...plan.values()].map((share) => {
    const channel = new MessageChannel();
    stops.push(serveStore(shardStore, channel.port1));
    const core = newCore(new StoreProxy(channel.port2, 'embedded'), shardSent, () => shardClock.now, share);
    for (const e of share) owner.set(e, core);
    return core;
  });
  sharded = {
    cores,
    sent: shardSent,
    store: shardStore,
    coreOf: (e) => owner.get(e)!,
    close: async () => {
      for (const stop of stops) stop();
    },
  };

  await run(single, singleClock);
  await run(sharded, shardClock);
  finalClock = singleClock.now;
}, 120_000);

afterAll(async () => {
  for (const side of [single, sharded]) {
    if (!side) continue;
    for (const core of side.cores) await core.stop();
    await side.close();
    await side.store.close();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  vi.useRealTimers();
});

describe('sharded analytics against the unsharded one, on the same batches', () => {
  it('spreads the enterprises over every shard, and each core keeps to its share', () => {
    for (const share of plan.values()) expect(share.length).toBeGreaterThan(0);
    expect([...plan.values()].flat().sort()).toEqual([...SHARD_ENTERPRISES].sort());
    sharded.cores.forEach((core, i) => {
      const share = [...plan.values()][i];
      expect(core.ownedEnterprises()).toEqual(share);
      // Assessed only its own enterprises: another shard's risk would overwrite that shard's retained one.
      expect(
        core.risk
          .list()
          .map((r) => r.id)
          .sort(),
      ).toEqual(share);
      expect(core.counters.notOwnedBatches).toBe(0);
    });
  });

  it('locks Phase I limits on every series, so the live charts run', () => {
    for (const side of [single, sharded])
      for (const enterprise of SHARD_ENTERPRISES)
        for (const characteristic of ['conductor_resistance', 'insulation_thickness'] as const) {
          const state = side.coreOf(enterprise).registry.stateOf(enterprise, 'L1', characteristic);
          expect(typeof state === 'string' ? state : state.watch.limits, `${enterprise} ${characteristic}`).not.toBeNull();
        }
  });

  it('raises exactly the same alert events, enterprise by enterprise, with alerts on several shards', () => {
    const raisedOn = new Set([...single.sent.alerts.keys()].map((e) => [...plan].find(([, share]) => share.includes(e))![0]));
    // The shifted and out-of-spec enterprises alert; the steady ones may not. Alerts come from more than one shard.
    expect(single.sent.alerts.size).toBeGreaterThanOrEqual(4);
    expect(raisedOn.size).toBeGreaterThan(1);
    expect([...single.sent.alerts.values()].flat().some((e) => e.alert.rule === 'outOfSpec')).toBe(true);
    expect([...single.sent.alerts.values()].flat().some((e) => e.alert.rule !== 'outOfSpec')).toBe(true);
    expect(sorted(sharded.sent.alerts)).toEqual(sorted(single.sent.alerts));
  });

  it('holds the same episodes in the alert books, and stored the same alert events', async () => {
    const episodes = (side: Side) => side.cores.flatMap((c) => c.alerts.list()).sort((a, b) => a.id.localeCompare(b.id));
    expect(episodes(single).length).toBeGreaterThan(0);
    expect(episodes(sharded)).toEqual(episodes(single));
    const stored = async (store: TimeSeriesStore) => (await store.readEvents({})).filter((e) => !e.kind.includes('.'));
    const singleEvents = await stored(single.store);
    expect(singleEvents.length).toBeGreaterThan(0);
    expect(await stored(sharded.store)).toEqual(singleEvents);
  });

  it('acknowledges every batch alike, and stored the same readings', async () => {
    expect(sorted(sharded.sent.acks)).toEqual(sorted(single.sent.acks));
    expect([...single.sent.acks.values()].flat()).toHaveLength(batches.length);
    expect(single.sent.deadLetters + sharded.sent.deadLetters).toBe(0);
    for (const enterprise of SHARD_ENTERPRISES) {
      const key = { enterprise, line: 'L1', characteristic: 'conductor_resistance' } as const;
      const range = { from: 0, to: Date.UTC(2027, 0, 1) };
      const [a, b] = await Promise.all([single.store.readSeries(key, range), sharded.store.readSeries(key, range)]);
      expect(b.ts.length).toBe(a.ts.length);
      expect([...b.value]).toEqual([...a.value]);
    }
  });

  it('assesses the same risk: every summary sent, the latest ones, the classes and the findings', () => {
    expect(sorted(sharded.sent.risks)).toEqual(sorted(single.sent.risks));
    const latest = (side: Side) => side.cores.flatMap((c) => c.risk.list()).sort((a, b) => a.id.localeCompare(b.id));
    expect(latest(single)).toHaveLength(SHARD_ENTERPRISES.length);
    expect(latest(sharded)).toEqual(latest(single));
    // The shifted enterprises score above the steady ones: the comparison is about risk that moved.
    const score = new Map(latest(single).map((r) => [r.id, r.score]));
    expect(score.get('alder')!).toBeGreaterThan(score.get('dogwood')!);
    for (const enterprise of SHARD_ENTERPRISES) expect(sharded.coreOf(enterprise).risk.classState(enterprise)).toEqual(single.coreOf(enterprise).risk.classState(enterprise));
    expect(latest(single).some((r) => r.level === 'high')).toBe(true);
    expect(single.sent.findings.size).toBeGreaterThan(0);
    expect(sorted(sharded.sent.findings)).toEqual(sorted(single.sent.findings));
  });

  it('restarts a shard from the unsharded checkpoint (another shard count) into what the unsharded service restarts into, for its share', async () => {
    const checkpoint = join(dir, 'spc-checkpoint.json');
    await single.cores[0].checkpoint();
    // The unsharded service restarted on the same checkpoint and store (as after a crash: counter updates not yet stored stay behind).
    const restarted = newCore(single.store, new Sent(), () => finalClock, null, checkpoint);
    await restarted.open();
    const bySeries = (a: { enterprise: string; line: string; characteristic: string }, b: typeof a) =>
      `${a.enterprise}/${a.line}/${a.characteristic}`.localeCompare(`${b.enterprise}/${b.line}/${b.characteristic}`);
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    try {
      expect(restarted.registry.snapshot().sort(bySeries)).toEqual(single.cores[0].registry.snapshot().sort(bySeries));
      for (const share of plan.values()) {
        const channel = new MessageChannel();
        const stop = serveStore(sharded.store, channel.port1);
        const shard = newCore(new StoreProxy(channel.port2, 'embedded'), new Sent(), () => finalClock, share, checkpoint);
        await shard.open();
        try {
          const held = shard.registry.snapshot().sort(bySeries);
          // Its share's series only, two per enterprise, as the unsharded service holds them.
          expect(held.map((s) => s.enterprise)).toEqual(share.flatMap((e) => [e, e]));
          expect(held).toEqual(
            restarted.registry
              .snapshot()
              .filter((s) => share.includes(s.enterprise))
              .sort(bySeries),
          );
          const alerts = shard.alerts.list().sort(byId);
          expect(alerts.length).toBeGreaterThan(0);
          expect(alerts).toEqual(
            restarted.alerts
              .list()
              .filter((a) => share.includes(a.enterprise))
              .sort(byId),
          );
        } finally {
          // Not stop: it would checkpoint its share over the unsharded checkpoint the next share opens from.
          await shard.abandon();
          stop();
        }
      }
    } finally {
      await restarted.abandon();
    }
  });
});

function sorted<T>(map: Map<string, T[]>): Array<[string, T[]]> {
  return [...map].sort(([a], [b]) => a.localeCompare(b));
}
