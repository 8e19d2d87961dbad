/**
 * Readings that share a timestamp, sent over real MQTT through the real
 * broker, analytics service and store: the store keeps one value per series
 * and timestamp, a repeat with the same value is a duplicate, and another
 * value is refused with a reason on the dead-letter topic and a counter,
 * never acknowledged as stored and never stored over the first.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PointsDeadLetter } from '../../protocol/dead-letter.js';
import { encodeMeasurementBatch, type MeasurementPoint } from '../../protocol/measurement-batch.js';
import { ATTACKER, startAttackStack, type AttackStack } from '../support/attack-stack.js';
import { CaseSummary } from '../support/case-summary.js';

const summary = new CaseSummary('Attack: readings that share a timestamp');
let env: AttackStack;
let seq = 500;

beforeAll(async () => {
  env = await startAttackStack();
});

afterAll(async () => {
  summary.print();
  await env?.close();
});

const KEY = { enterprise: ATTACKER.enterprise, line: ATTACKER.line, characteristic: 'conductor_resistance' } as const;
const reading = (ts: number, value: number): MeasurementPoint => ({ line: KEY.line, characteristic: KEY.characteristic, ts, value });

async function held(from: number): Promise<[number, number][]> {
  const r = await env.stack.store.readSeries(KEY, { from, to: from + 60_000 });
  return Array.from(r.ts, (ts, i) => [ts - from, r.value[i]]);
}

const accounted = () => {
  const c = env.stack.analytics.counters;
  return { charted: c.charted, historical: c.historical, rejects: c.rejectsByReason.get('ts: timestamp-conflict') ?? 0 };
};

describe('one value per series and timestamp', () => {
  it('keeps the first of two values at one ts, refuses the other with a reason, and takes a repeat as a duplicate', async () => {
    const t = Date.now() - 5_000;
    const before = accounted();

    const first = await env.publishAsAttacker(encodeMeasurementBatch(++seq, [reading(t, 11.5), reading(t, 11.9)]), { seq, deadLetter: true });
    expect(first.ack).toMatchObject({ seq, stored: 1, duplicates: 0, rejected: 1 });
    const [dead] = (first.deadLetter as PointsDeadLetter).rejected;
    expect(dead.index).toBe(1);
    expect(dead.reason).toMatch(/^points\[1\]\.ts: timestamp conflict: extruder-1\/conductor_resistance at .* already holds 11\.5 .*this reading is 11\.9/);
    expect(await held(t)).toEqual([[0, 11.5]]);

    const later = await env.publishAsAttacker(encodeMeasurementBatch(++seq, [reading(t, 11.6)]), { seq, deadLetter: true });
    expect(later.ack).toMatchObject({ seq, stored: 0, duplicates: 0, rejected: 1 });
    expect((later.deadLetter as PointsDeadLetter).rejected[0].reason).toMatch(/already holds 11\.5 \(the store\); this reading is 11\.6/);
    expect(await held(t)).toEqual([[0, 11.5]]);

    const same = await env.publishAsAttacker(encodeMeasurementBatch(++seq, [reading(t, 11.5)]), { seq, deadLetter: false });
    expect(same.ack).toMatchObject({ seq, stored: 0, duplicates: 1, rejected: 0 });
    expect(await held(t)).toEqual([[0, 11.5]]);

    const after = accounted();
    expect(after.rejects - before.rejects, 'conflicts counted in linewatch_rejects_total').toBe(2);
    const stored = (await held(t)).length;
    const uncharted = stored - (after.charted - before.charted) - (after.historical - before.historical);
    expect(uncharted).toBe(0);
    // 4 readings sent: 1 stored, 2 refused, 1 a duplicate of the stored one.
    const sent = 4;
    const lost = sent - stored - 2 - 1;
    expect(lost).toBe(0);
    summary.add({ case: 'same ts: 11.5, 11.9, then 11.6, then 11.5', sent, stored, rejected: 2, lost, uncharted, note: '1 duplicate; 11.5 kept' });
  });
});
