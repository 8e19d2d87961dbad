/**
 * A gateway whose clock steps back 60 s mid-stream (an NTP correction), with
 * the real broker, analytics service, gateway process and embedded store.
 * After the step its readings carry timestamps it has already sent: the
 * store keeps the first value of each, a repeat is refused to the dead letter
 * as a timestamp conflict (never stored over the first, never acknowledged
 * as stored), and readings behind the charted ones that are new to the store
 * are stored and counted historical. Nothing is lost and nothing uncharted.
 */
import mqtt from 'mqtt';
import { describe, expect, it } from 'vitest';
import { decodeDeadLetter, isPointsDeadLetter } from '../../protocol/dead-letter.js';
import {
  chartedCounts,
  drainAll,
  faultSuite,
  FAULT_PASSWORDS,
  makeFaultRig,
  metric,
  startAnalytics,
  startBroker,
  startStdinGateway,
  unchartedOf,
  waitUntil,
  type FaultCharacteristic,
} from '../support/fault-rig.js';
import { compareHeld, ValueLedger } from '../support/value-ledger.js';

const { summary, dirs, running } = faultSuite('Faults: a gateway clock that steps back');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The gauges read every 100 ms of the gateway's clock, on a grid: after the step the same stamps come again. */
const GRID_MS = 100;
const STEP_BACK_MS = 60_000;
const SLOTS_PER_TICK = 2;
const TICK_MS = 50;

describe.sequential('a gateway clock that steps back', () => {
  it('steps back 60 s mid-stream: nothing lost or replaced, every repeat refused with a reason, nothing uncharted', async () => {
    const rig = await makeFaultRig(['acme']);
    dirs.push(rig.dir);
    const broker = await startBroker(rig);
    const analytics = await startAnalytics(rig);
    running.push(broker, analytics.proc);
    const letters = await mqtt.connectAsync(`mqtt://127.0.0.1:${rig.mqttPort}`, { username: 'dashboard', password: FAULT_PASSWORDS.dashboard, clientId: 'dashboard:letters', reconnectPeriod: 0 });
    const conflictLetters: string[] = [];
    letters.on('message', (_topic, payload) => {
      const letter = decodeDeadLetter(payload);
      if (letter.ok && isPointsDeadLetter(letter.value)) for (const r of letter.value.rejected) if (/timestamp conflict/.test(r.reason)) conflictLetters.push(r.reason);
    });
    await letters.subscribeAsync('linewatch/v1/+/+/deadletter', { qos: 1 });
    const g = await startStdinGateway(rig, 'acme');
    running.push(g.proc);

    // The gateway's clock starts 75 s behind and, so the case takes seconds
    // rather than minutes, runs 4x fast (2 grid slots per 50 ms): a minute of
    // its time, then a step back of 60 s over the same minute, then on past it.
    // Its stamps stay behind the receiver's clock whatever the timer does; a
    // late timer only makes them older (past 2 minutes: historical, counted).
    const sent = new ValueLedger();
    const start = Math.floor((Date.now() - 75_000) / GRID_MS) * GRID_MS;
    let slot = 0;
    // Before the step one gauge misses every fifth reading: after it, those
    // stamps are new to the store yet behind the chart, a backlog (historical).
    const tick = (missing: boolean) => {
      const points = [];
      for (let i = 0; i < SLOTS_PER_TICK; i++, slot++) {
        for (const c of ['conductor_resistance', 'insulation_thickness'] as FaultCharacteristic[]) {
          if (missing && c === 'insulation_thickness' && slot % 5 === 1) continue;
          points.push(sent.next('acme', c, start + slot * GRID_MS));
        }
      }
      g.write(points);
    };
    const phase = async (slots: number, missing: boolean) => {
      for (let t = 0; t < slots / SLOTS_PER_TICK; t++) {
        tick(missing);
        await sleep(TICK_MS);
      }
    };
    await phase(STEP_BACK_MS / GRID_MS, true);
    slot -= STEP_BACK_MS / GRID_MS; // the step back
    await phase(STEP_BACK_MS / GRID_MS + 100, false);

    await drainAll(analytics, [g], sent.keys, 90_000);
    const rejected = await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'rejected' });
    const duplicates = await metric(analytics.ops, 'linewatch_ingest_points_total', { outcome: 'duplicate' });
    const conflictRejects = await metric(analytics.ops, 'linewatch_rejects_total', { reason: 'ts: timestamp-conflict' });
    await waitUntil('a dead letter for every conflict', () => conflictLetters.length >= sent.conflicts, 15_000).catch(() => {});
    const counts = await chartedCounts(analytics);
    await letters.endAsync(true);
    await analytics.proc.terminate();
    const held = await compareHeld(rig, sent);
    const uncharted = unchartedOf(held.stored, [counts]);
    const lost = sent.total - held.stored - rejected - duplicates;
    summary.add({
      case: 'clock steps back 60 s mid-stream',
      sent: sent.total,
      stored: held.stored,
      rejected,
      lost,
      uncharted,
      note: `${duplicates} duplicates; ${held.replaced} replaced; ${counts.historical} historical; ${conflictLetters.length} conflict dead letters`,
    });

    expect(sent.conflicts, 'the step back repeats the minute before it').toBeGreaterThan(1000);
    expect(held.lost, 'every key sent is held').toBe(0);
    expect(held.unexpected).toBe(0);
    expect(held.replaced, 'no stored reading replaced').toBe(0);
    expect(held.stored).toBe(sent.keys);
    expect(rejected, 'each repeat with another value refused').toBe(sent.conflicts);
    expect(conflictRejects, 'counted as timestamp conflicts').toBe(sent.conflicts);
    expect(duplicates).toBe(sent.duplicates);
    expect(conflictLetters.length, 'each conflict on the dead letter').toBe(sent.conflicts);
    expect(lost).toBe(0);
    // At least those: a reading that reaches analytics more than 2 minutes after its stamp (a slow machine) is historical too.
    expect(counts.historical, 'the readings missed before the step, stored behind the chart').toBeGreaterThanOrEqual(STEP_BACK_MS / GRID_MS / 5);
    expect(uncharted, 'what is not charted is counted historical').toBe(0);
  }, 180_000);
});
