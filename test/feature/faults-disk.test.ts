/**
 * A full disk, on real small filesystems (a tmpfs per case; needs root to
 * mount, as CI has): under the gateway's outbox, for `linewatch replay`, and
 * under the embedded store. Each case prints sent, stored, rejected, lost
 * and uncharted. The promise: the default policy 'block' holds the source
 * back instead of refusing points, the outbox resumes by itself when space
 * returns, replay keeps its --wait bound and always says what it did, and a
 * store that cannot write does not acknowledge, so the gateway sends again.
 */
import { closeSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  chartedCounts,
  countStored,
  drainAll,
  FAULT_PASSWORDS,
  faultSuite,
  gatewayOf,
  makeFaultRig,
  metric,
  SentLedger,
  startAnalytics,
  startBroker,
  startStdinGateway,
  unchartedOf,
  waitUntil,
  type StdinGateway,
} from '../support/fault-rig.js';
import { runLinewatch } from '../support/cli.js';
import { CAN_MOUNT, mountSmallDisk, NO_MOUNT_REASON, type SmallDisk } from '../support/small-disk.js';

const { summary, dirs, running } = faultSuite('Faults: a full disk (gateway outbox, replay, embedded store)');
const disks: SmallDisk[] = [];
afterAll(() => {
  for (const d of disks) d.unmount();
}, 60_000);

function smallDisk(size: string): SmallDisk {
  const disk = mountSmallDisk(size);
  disks.push(disk);
  return disk;
}

/** Fills what is left of a filesystem with one file; returns its path (remove it to give the space back). */
function fillWithBallast(dir: string): string {
  const path = join(dir, 'ballast');
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024, 0x5a);
  try {
    for (;;) writeSync(fd, block);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Writes `n` readings of one series, 1 ms apart from a minute ago, as a source in a hurry would. */
function writeReadings(g: StdinGateway, sent: SentLedger, n: number): void {
  const start = Date.now() - 60_000;
  for (let i = 0; i < n; i += 500) {
    const points = [];
    for (let k = i; k < Math.min(n, i + 500); k++) points.push(sent.next(g.enterprise, 'conductor_resistance', start + k));
    g.write(points);
  }
}

describe.skipIf(!CAN_MOUNT)(`a full disk (${CAN_MOUNT ? 'real tmpfs mounts' : `skipped: ${NO_MOUNT_REASON}`})`, () => {
  it("gateway outbox on a 1 MB disk, analytics down: policy 'block' holds the source back, then every point is stored once", async () => {
    const disk = smallDisk('1m');
    const rig = await makeFaultRig(['acme']);
    dirs.push(rig.dir);
    const broker = await startBroker(rig);
    running.push(broker);
    const g = await startStdinGateway(rig, 'acme', ['--outbox', join(disk.dir, 'outbox')]);
    running.push(g.proc);
    const sent = new SentLedger();
    // About 2 MB of batches: twice what the disk holds.
    writeReadings(g, sent, 25_000);
    await waitUntil('the outbox blocked on its full disk', async () => (await metric(g.ops, 'linewatch_outbox_disk_full')) === 1, 30_000);
    await g.proc.waitFor(/outbox blocked: disk full at \S+; holding the source back until space returns/);
    const refusedWhileFull = await metric(g.ops, 'linewatch_gateway_refused_points_total');
    const unreadWhileFull = g.pendingBytes;

    const analytics = await startAnalytics(rig);
    running.push(analytics.proc);
    await drainAll(analytics, [g], sent.total, 90_000);
    const refused = await metric(g.ops, 'linewatch_gateway_refused_points_total');
    const stalls = await metric(g.ops, 'linewatch_outbox_disk_full_total');
    const diskFullAtEnd = await metric(g.ops, 'linewatch_outbox_disk_full');
    const rejected = await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'rejected' });
    const counts = await chartedCounts(analytics);
    await analytics.proc.terminate();
    const counted = await countStored(rig, sent);
    const uncharted = unchartedOf(counted.stored, [counts]);
    summary.add({
      case: 'outbox on a 1 MB disk, policy block',
      sent: sent.total,
      stored: counted.stored,
      rejected: rejected + refused,
      lost: counted.lost,
      uncharted,
      note: `blocked ${stalls}x; ${unreadWhileFull} bytes left unread while full`,
    });
    expect(refusedWhileFull + refused, "policy 'block' refuses nothing on a full disk").toBe(0);
    expect(stalls).toBeGreaterThan(0);
    expect(diskFullAtEnd, 'it resumed by itself').toBe(0);
    expect(counted).toEqual({ stored: sent.total, lost: 0, doubled: 0, unexpected: 0 });
    expect(rejected).toBe(0);
    expect(uncharted).toBe(0);
  }, 180_000);

  it('replay --wait on a full outbox with no analytics returns with its summary and a one-line reason', async () => {
    const disk = smallDisk('1m');
    const rig = await makeFaultRig(['acme']);
    dirs.push(rig.dir);
    const csv = join(rig.dir, 'readings.csv');
    const start = Date.now() - 3_600_000;
    const rows = ['ts,enterprise,line,characteristic,value'];
    for (let i = 0; i < 30_000; i++) rows.push(`${start + i * 100},acme,L1,conductor_resistance,11.7`);
    writeFileSync(csv, `${rows.join('\n')}\n`);
    const passwordFile = join(rig.dir, 'gateway-password');
    writeFileSync(passwordFile, FAULT_PASSWORDS.gateway);
    // No broker either: nothing can be acknowledged, and the disk fills long before the file ends.
    const r = runLinewatch(['replay', csv, '--config', rig.config, '--gateway', gatewayOf('acme'), '--password-file', passwordFile, '--outbox', join(disk.dir, 'outbox'), '--wait', '3'], {
      timeoutMs: 90_000,
    });
    const summaryLine = /^replay: read (\d+) rows; (\d+) not read; (\d+) points handed to the gateway; (\d+) batches sent, (\d+) acknowledged, (\d+) held in the outbox/m.exec(r.stdout);
    const [read, notRead, handed, , acknowledged, held] = (summaryLine?.slice(1) ?? []).map(Number);
    summary.add({
      case: 'replay --wait 3, outbox disk full, no broker',
      sent: 30_000,
      stored: 0,
      rejected: 0,
      lost: 0,
      uncharted: null,
      note: `exit ${r.code}; ${held} batches held, ${notRead} rows not read`,
    });
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(3);
    expect(summaryLine, r.stdout).not.toBeNull();
    expect(read! + notRead!).toBe(30_000);
    expect(notRead, 'it stopped reading').toBeGreaterThan(0);
    expect(acknowledged).toBe(0);
    expect(held).toBeGreaterThan(0);
    expect(handed).toBeGreaterThanOrEqual(held! * 500);
    expect(
      r.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('replay:')),
    ).toEqual([expect.stringMatching(/^replay: stopped after 3 s held back: the outbox's disk is full; \d+ batches stay in the outbox/)]);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  it('a ballast file fills the disk, then is removed: the outbox blocks, resumes by itself, and loses nothing', async () => {
    const disk = smallDisk('2m');
    const rig = await makeFaultRig(['acme']);
    dirs.push(rig.dir);
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    running.push(broker, analytics.proc);
    const g = await startStdinGateway(rig, 'acme', ['--outbox', join(disk.dir, 'outbox')]);
    running.push(g.proc);
    const ballast = fillWithBallast(disk.dir);
    const sent = new SentLedger();
    writeReadings(g, sent, 5_000);
    await waitUntil('the outbox blocked on its full disk', async () => (await metric(g.ops, 'linewatch_outbox_disk_full')) === 1, 30_000);
    const storedWhileFull = await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'stored' });
    rmSync(ballast);
    await drainAll(analytics, [g], sent.total, 90_000);
    const refused = await metric(g.ops, 'linewatch_gateway_refused_points_total');
    const rejected = await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'rejected' });
    const counts = await chartedCounts(analytics);
    await analytics.proc.terminate();
    const counted = await countStored(rig, sent);
    const uncharted = unchartedOf(counted.stored, [counts]);
    summary.add({
      case: 'outbox disk filled by a ballast file, then freed',
      sent: sent.total,
      stored: counted.stored,
      rejected: rejected + refused,
      lost: counted.lost,
      uncharted,
      note: `${storedWhileFull} stored while full`,
    });
    expect(storedWhileFull, 'nothing went through while the disk was full').toBeLessThan(sent.total);
    expect(refused).toBe(0);
    expect(await metric(g.ops, 'linewatch_outbox_disk_full')).toBe(0);
    expect(counted).toEqual({ stored: sent.total, lost: 0, doubled: 0, unexpected: 0 });
    expect(uncharted).toBe(0);
  }, 180_000);

  it('the embedded store on a small disk that fills up: writes fail unacknowledged, and once space returns every point is stored once', async () => {
    const disk = smallDisk('48m');
    const rig = await makeFaultRig(['acme'], () => ({ kind: 'embedded', dataDir: join(disk.dir, 'data') }));
    dirs.push(rig.dir);
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    running.push(broker, analytics.proc);
    const g = await startStdinGateway(rig, 'acme');
    running.push(g.proc);
    const sent = new SentLedger();
    writeReadings(g, sent, 1_000);
    await waitUntil('the first points stored', async () => (await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'stored' })) >= 1_000, 60_000);
    const ballast = fillWithBallast(disk.dir);
    writeReadings(g, sent, 20_000);
    await waitUntil('store writes failing', async () => (await metric(analytics.ops, 'linewatch_store_failures_total')) > 0, 60_000);
    const failures = await metric(analytics.ops, 'linewatch_store_failures_total');
    rmSync(ballast);
    await drainAll(analytics, [g], sent.total, 120_000);
    const refused = await metric(g.ops, 'linewatch_gateway_refused_points_total');
    const rejected = await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'rejected' });
    const counts = await chartedCounts(analytics);
    await analytics.proc.terminate();
    const counted = await countStored(rig, sent);
    const uncharted = unchartedOf(counted.stored, [counts]);
    summary.add({
      case: 'embedded store on a disk that fills, then frees',
      sent: sent.total,
      stored: counted.stored,
      rejected: rejected + refused,
      lost: counted.lost,
      uncharted,
      note: `${failures}+ store writes failed (not acknowledged, resent)`,
    });
    expect(failures).toBeGreaterThan(0);
    expect(refused + rejected).toBe(0);
    expect(counted).toEqual({ stored: sent.total, lost: 0, doubled: 0, unexpected: 0 });
    expect(uncharted).toBe(0);
  }, 240_000);
});
