/**
 * A gateway whose outbox is new (a replaced disk, a deleted `data/outbox`, a
 * replay with a fresh `--outbox`) starts again at seq 1. Its batches are new
 * data all the same: stored, charted, and able to raise alerts (issue 13,
 * defect 1). Real broker and analytics processes, `linewatch replay` runs as
 * a user would run them, embedded store. Each case prints sent, stored,
 * rejected, lost and uncharted.
 */
import mqtt from 'mqtt';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AlertEvent } from '../../monitor/alert.js';
import { FileOutbox } from '../../gateway/outbox/file-outbox.js';
import { decodeAlertEvent } from '../../protocol/alert-event.js';
import {
  chartedCounts,
  countStored,
  faultSuite,
  FAULT_PASSWORDS,
  gatewayOf,
  LINE,
  makeFaultRig,
  metric,
  SentLedger,
  startAnalytics,
  startBroker,
  unchartedOf,
  type ChartedCounts,
  type FaultRig,
  type MeasuredProcess,
} from '../support/fault-rig.js';
import { startLinewatch } from '../support/processes.js';
import { writeSeriesCsv } from '../support/series-csv.js';

const { summary, dirs, running } = faultSuite('Faults: a new gateway outbox (outbox identity)');

/** Points per replay: a few batches of 500, enough to chart and small enough for a loaded 2-core box. */
const N = 3000;
const PERIOD_MS = 100; // sample time between readings
const USL = 12.1; // the rig's conductor resistance limit, ohm/km

/** What the analytics process says it did, for deltas between replays (its counters only grow). */
interface IngestTotals extends ChartedCounts {
  readonly stored: number;
  readonly duplicates: number;
  readonly rejected: number;
}

async function totals(analytics: MeasuredProcess): Promise<IngestTotals> {
  const counts = await chartedCounts(analytics);
  return {
    ...counts,
    stored: await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'stored' }),
    duplicates: await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'duplicate' }),
    rejected: await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'rejected' }),
  };
}

function delta(after: IngestTotals, before: IngestTotals): IngestTotals {
  return {
    stored: after.stored - before.stored,
    duplicates: after.duplicates - before.duplicates,
    rejected: after.rejected - before.rejected,
    charted: after.charted - before.charted,
    historical: after.historical - before.historical,
  };
}

/**
 * Writes `n` readings of conductor resistance from `start` and replays them
 * through the enterprise's gateway with the given outbox directory; resolves
 * once `linewatch replay` exits 0 (every batch acknowledged as stored).
 */
async function replay(rig: FaultRig, enterprise: string, name: string, outbox: string, sent: SentLedger, o: { start: number; n: number; mean: number; sd: number }): Promise<void> {
  const csv = writeSeriesCsv(join(rig.dir, `${name}.csv`), {
    enterprise,
    line: LINE,
    characteristic: 'conductor_resistance',
    n: o.n,
    start: o.start,
    periodMs: PERIOD_MS,
    mean: o.mean,
    sd: o.sd,
    seed: o.start % 100_000,
  });
  for (const v of csv.valid) sent.record(enterprise, 'conductor_resistance', v.ts);
  const r = startLinewatch(
    `replay ${name}`,
    ['replay', csv.file, '--config', rig.config, '--gateway', gatewayOf(enterprise), '--outbox', join(rig.dir, outbox), '--wait', '60', '--ack-timeout', '60000'],
    {
      LINEWATCH_GATEWAY_PASSWORD: FAULT_PASSWORDS.gateway,
    },
  );
  running.push(r);
  expect(await r.exited, r.output()).toBe(0);
  expect(r.output()).toMatch(new RegExp(`replay: read ${o.n} rows; 0 not read; ${o.n} points handed to the gateway; \\d+ batches sent, \\d+ acknowledged, 0 held in the outbox`));
}

describe.sequential('a new outbox starts at seq 1 again, and its data is new data', () => {
  it('replays through one gateway id with three fresh outboxes: every point stored and charted, and the out-of-spec data alerts', async () => {
    const rig = await makeFaultRig(['acme']);
    dirs.push(rig.dir);
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    running.push(broker, analytics.proc);
    const listener = await mqtt.connectAsync(`mqtt://127.0.0.1:${rig.mqttPort}`, {
      username: 'dashboard',
      password: FAULT_PASSWORDS.dashboard,
      clientId: 'dashboard:outbox-identity',
      reconnectPeriod: 0,
    });
    const alerts: AlertEvent[] = [];
    listener.on('message', (_topic, payload) => {
      const event = decodeAlertEvent(payload);
      if (event.ok) alerts.push(event.value);
    });
    await listener.subscribeAsync('linewatch/v1/alerts/+', { qos: 1 });

    // dirA and dirB start at the same seq, as outboxes of an older linewatch did (all at seq 1) and as a clock-derived
    // first seq does after the gateway's clock stepped back: above the CLI's own first seq, so the replays keep it.
    // Only the epoch then tells the two outboxes' batches apart.
    const sharedFirstSeq = (Date.now() + 3_600_000) * 1000;
    for (const d of ['outbox-a', 'outbox-b']) await (await FileOutbox.open({ dir: join(rig.dir, d), firstSeq: sharedFirstSeq })).close();
    const sent = new SentLedger();
    const start = Date.now() - 6 * 3_600_000; // recorded data, charted in order
    const t0 = await totals(analytics);
    await replay(rig, 'acme', 'first', 'outbox-a', sent, { start, n: N, mean: 11.7, sd: 0.05 });
    const t1 = await totals(analytics);
    // Later readings through the same gateway id and a new outbox: seqs 1, 2, ... again.
    await replay(rig, 'acme', 'second', 'outbox-b', sent, { start: start + N * PERIOD_MS, n: N, mean: 11.7, sd: 0.05 });
    const t2 = await totals(analytics);
    const OUT = 200; // 20 s of sample time above the limit: a long stretch, so critical
    await replay(rig, 'acme', 'out-of-spec', 'outbox-c', sent, { start: start + 2 * N * PERIOD_MS, n: OUT, mean: 13.5, sd: 0.01 });
    const t3 = await totals(analytics);
    const deadline = Date.now() + 10_000;
    const critical = () => alerts.find((e) => e.alert.rule === 'outOfSpec' && e.alert.severity === 'critical' && e.alert.characteristic === 'conductor_resistance');
    while (!critical() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await listener.endAsync(true);
    await analytics.proc.terminate();
    const counted = await countStored(rig, sent);

    const first = delta(t1, t0);
    const second = delta(t2, t1);
    const third = delta(t3, t2);
    const all = delta(t3, t0);
    const uncharted = unchartedOf(counted.stored, [all]);
    summary.add({
      case: 'one gateway id, three fresh outboxes (dirA, dirB, dirC)',
      sent: sent.total,
      stored: counted.stored,
      rejected: all.rejected,
      lost: counted.lost,
      uncharted,
      note: `duplicates ${all.duplicates} (dirB ${second.duplicates}); charted ${all.charted}; critical out-of-spec alert: ${critical() ? 'raised' : 'none'}`,
    });
    expect(first).toMatchObject({ stored: N, duplicates: 0, charted: N });
    expect(second, "a new outbox reusing the old one's seqs is new data, not a redelivery").toMatchObject({ stored: N, duplicates: 0, charted: N });
    expect(third).toMatchObject({ stored: OUT, duplicates: 0, charted: OUT });
    expect(uncharted).toBe(0);
    expect(counted).toEqual({ stored: 2 * N + OUT, lost: 0, doubled: 0, unexpected: 0 });
    const alert = critical();
    expect(alert, `alerts seen: ${JSON.stringify(alerts.map((e) => [e.kind, e.alert.rule, e.alert.severity]))}`).toBeDefined();
    expect(alert!.alert.lastValue).toBeGreaterThan(USL);
  }, 180_000);

  it('a second replay through the same outbox directory continues its seqs: nothing counted duplicate, all stored and charted', async () => {
    const rig = await makeFaultRig(['acme']);
    dirs.push(rig.dir);
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    running.push(broker, analytics.proc);
    const sent = new SentLedger();
    const start = Date.now() - 6 * 3_600_000;
    const t0 = await totals(analytics);
    await replay(rig, 'acme', 'first', 'outbox', sent, { start, n: N, mean: 11.7, sd: 0.05 });
    await replay(rig, 'acme', 'second', 'outbox', sent, { start: start + N * PERIOD_MS, n: N, mean: 11.7, sd: 0.05 });
    const all = delta(await totals(analytics), t0);
    await analytics.proc.terminate();
    const counted = await countStored(rig, sent);
    const uncharted = unchartedOf(counted.stored, [all]);
    summary.add({
      case: 'two replays through the same outbox directory',
      sent: sent.total,
      stored: counted.stored,
      rejected: all.rejected,
      lost: counted.lost,
      uncharted,
      note: `duplicates ${all.duplicates}; charted ${all.charted}`,
    });
    expect(all).toMatchObject({ stored: 2 * N, duplicates: 0, rejected: 0, charted: 2 * N, historical: 0 });
    expect(uncharted).toBe(0);
    expect(counted).toEqual({ stored: 2 * N, lost: 0, doubled: 0, unexpected: 0 });
  }, 120_000);
});
