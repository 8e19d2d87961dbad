/**
 * Malformed measurement batches of every kind, sent over real MQTT by a
 * gateway with valid credentials (a broken or hostile gateway), through the
 * real broker, analytics service and store. For each case: what is refused
 * says what was wrong and where, every point is either stored or rejected
 * (none lost), the refusals are counted, and another enterprise's gateway
 * keeps being stored right after (the pipeline never stops).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeadLetter, MessageDeadLetter, PointsDeadLetter } from '../../protocol/dead-letter.js';
import { encodeMeasurementBatch, type MeasurementPoint } from '../../protocol/measurement-batch.js';
import { measurementsTopic } from '../../protocol/topics.js';
import { ATTACKER, HONEST, startAttackStack, type Answer, type AttackStack } from '../support/attack-stack.js';
import { CaseSummary } from '../support/case-summary.js';
import { closed, connectPacket, openSocket, publishHead, streamUntilClosed } from '../support/raw-mqtt.js';

const summary = new CaseSummary('Attack: malformed payloads (points)');
let env: AttackStack;
let seq = 100;
const now = () => Date.now();

beforeAll(async () => {
  env = await startAttackStack();
});

afterAll(async () => {
  summary.print();
  await env?.close();
});

interface Before {
  stored: number;
  counters: { rejectedPoints: number; refusedMessages: number; charted: number; historical: number };
  honest: number;
}

async function snapshot(): Promise<Before> {
  const c = env.stack.analytics.counters;
  return {
    stored: await env.storedPoints(ATTACKER.enterprise, ATTACKER.line),
    counters: { rejectedPoints: c.rejectedPoints, refusedMessages: c.refusedMessages, charted: c.charted, historical: c.historical },
    honest: await env.storedPoints(HONEST.enterprise, HONEST.line),
  };
}

/**
 * Checks a case's counts against the store and the analytics counters, checks
 * that the honest gateway's next batch is stored, and adds the table row.
 */
interface Expected {
  readonly points: number;
  readonly stored: number;
  readonly rejected: number;
  readonly duplicates?: number;
  /** Messages the analytics service refused whole, and the points they carried. */
  readonly refusedWhole?: { readonly messages: number; readonly points: number };
  /** Refused by the broker: the analytics service never saw it (the broker's counter is checked by the case). */
  readonly byBroker?: boolean;
}

/**
 * Checks a case's counts against the store and the analytics counters, checks
 * that the honest gateway's next batch is stored, and adds the table row.
 */
async function settle(name: string, before: Before, want: Expected, note: string) {
  const stored = (await env.storedPoints(ATTACKER.enterprise, ATTACKER.line)) - before.stored;
  const c = env.stack.analytics.counters;
  const rejectedPoints = c.rejectedPoints - before.counters.rejectedPoints;
  const refusedMessages = c.refusedMessages - before.counters.refusedMessages;
  // Read before the honest gateway's next batch, which is counted in the same (process-wide) counters.
  const historical = c.historical - before.counters.historical;
  const uncharted = Math.max(0, stored - (c.charted - before.counters.charted) - historical);
  expect(stored, `${name}: stored`).toBe(want.stored);
  expect(refusedMessages, `${name}: messages refused whole, counted`).toBe(want.refusedWhole?.messages ?? 0);
  const countedElsewhere = want.byBroker ? want.rejected : (want.refusedWhole?.points ?? 0);
  expect(rejectedPoints + countedElsewhere, `${name}: rejected points, counted`).toBe(want.rejected);
  const honest = await env.honestBatch();
  expect(honest.stored, `${name}: the honest gateway's batch after the attack`).toBe(5);
  expect((await env.storedPoints(HONEST.enterprise, HONEST.line)) - before.honest).toBeGreaterThanOrEqual(5);
  const lost = want.points - stored - want.rejected - (want.duplicates ?? 0);
  expect(lost, `${name}: lost`).toBe(0);
  summary.add({ case: name, sent: want.points, stored, rejected: want.rejected, lost, uncharted, note: historical > 0 ? `${note}; ${historical} historical` : note });
  expect(uncharted, `${name}: stored but neither charted nor counted historical`).toBe(0);
}

const points = (letter: DeadLetter | null) => (letter as PointsDeadLetter).rejected.map((r) => r.reason);
const message = (letter: DeadLetter | null) => (letter as MessageDeadLetter).reason;

async function send(payload: string | Buffer, expect: { seq: number | null; deadLetter: boolean }): Promise<Answer> {
  return env.publishAsAttacker(payload, expect);
}

describe('malformed batches are answered with a reason and never stop the pipeline', () => {
  it("invalid JSON (truncated, a bare NaN token, not even text) is refused whole with the parser's reason", async () => {
    const before = await snapshot();
    const good = encodeMeasurementBatch(++seq, [env.point(now() - 1000), env.point(now() - 900), env.point(now() - 800)]);
    const truncated = await send(good.slice(0, -10), { seq: null, deadLetter: true });
    expect(message(truncated.deadLetter)).toMatch(/^not valid JSON: /);
    const bareNaN = await send(good.replace('"value":0.7', '"value":NaN'), { seq: null, deadLetter: true });
    expect(message(bareNaN.deadLetter)).toMatch(/^not valid JSON: .*NaN|^not valid JSON: Unexpected token/);
    const binary = await send(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x7b]), { seq: null, deadLetter: true });
    expect(message(binary.deadLetter)).toMatch(/^not valid JSON/);
    expect(binary.deadLetter).toMatchObject({ enterprise: ATTACKER.enterprise, gateway: ATTACKER.gateway, payloadBytes: 5 });
    await settle('invalid JSON', before, { points: 6, stored: 0, rejected: 6, refusedWhole: { messages: 3, points: 6 } }, '3 messages refused whole: not valid JSON');
  });

  it('a wrong envelope (not an object, v 2, seq a string, no points) is refused whole, naming the field', async () => {
    const before = await snapshot();
    const p = env.point(now() - 1000);
    const cases: Array<[string, number | null, RegExp]> = [
      ['[1,2,3]', null, /expected an object|expected object/i],
      [JSON.stringify({ v: 2, seq: ++seq, points: [p] }), seq, /^v: /],
      [JSON.stringify({ v: 1, seq: '12', points: [p] }), null, /^seq: expected a whole number, got "12"/],
      [JSON.stringify({ v: 1, seq: ++seq, points: [] }), seq, /^points: /],
    ];
    for (const [payload, s, reason] of cases) {
      const answer = await send(payload, { seq: s, deadLetter: true });
      expect(message(answer.deadLetter), payload).toMatch(reason);
      // A refused batch whose seq can be read is settled: the gateway may drop it.
      if (s !== null) expect(answer.ack).toEqual({ seq: s, stored: 0, duplicates: 0, rejected: 1 });
    }
    await settle('wrong envelope', before, { points: 2, stored: 0, rejected: 2, refusedWhole: { messages: 4, points: 2 } }, '4 messages refused whole, field named');
  });

  it('points of the wrong types are rejected one by one with their path; the good point is stored', async () => {
    const before = await snapshot();
    const t = now() - 1000;
    const batch = {
      v: 1,
      seq: ++seq,
      points: [env.point(t), { ...env.point(t + 1), value: '0.7' }, { ...env.point(t + 2), ts: String(t + 2) }, { ...env.point(t + 3), line: 42 }, 'a string', { ...env.point(t + 5), value: true }],
    };
    const answer = await send(JSON.stringify(batch), { seq, deadLetter: true });
    expect(answer.ack).toMatchObject({ seq, stored: 1, rejected: 5 });
    const reasons = points(answer.deadLetter);
    expect(reasons[0]).toMatch(/^points\[1\]\.value: expected a number, got the string "0.7"/);
    expect(reasons[1]).toMatch(/^points\[2\]\.ts: /);
    expect(reasons[2]).toMatch(/^points\[3\]\.line: /);
    expect(reasons[3]).toMatch(/^points\[4\]: expected an object, got "a string"/);
    expect(reasons[4]).toMatch(/^points\[5\]\.value: expected a number, got true/);
    await settle('wrong types', before, { points: 6, stored: 1, rejected: 5 }, 'each point rejected with its path');
  });

  it('NaN, Infinity and null values are rejected saying what they probably were', async () => {
    const before = await snapshot();
    const t = now() - 1000;
    const raw: unknown[] = [
      { ...env.point(t), value: null },
      { ...env.point(t + 1), value: 'NaN' },
      { ...env.point(t + 2), value: 'Infinity' },
      { ...env.point(t + 3), value: '-Infinity' },
      env.point(t + 4),
    ];
    const answer = await send(JSON.stringify({ v: 1, seq: ++seq, points: raw }), { seq, deadLetter: true });
    expect(answer.ack).toMatchObject({ stored: 1, rejected: 4 });
    expect(points(answer.deadLetter)).toEqual([
      expect.stringMatching(/^points\[0\]\.value: expected a number, got null \(JSON cannot carry NaN or infinity/),
      'points[1].value: NaN (sent as the string "NaN")',
      'points[2].value: infinite (sent as the string "Infinity")',
      'points[3].value: infinite (sent as the string "-Infinity")',
    ]);
    await settle('NaN / Infinity / null', before, { points: 5, stored: 1, rejected: 4 }, 'value rejected: NaN, infinite, null');
  });

  it('negative and implausible values are rejected with the value and the plausible range', async () => {
    const before = await snapshot();
    const t = now() - 1000;
    const batch = [env.point(t, -0.2), { ...env.point(t + 1), characteristic: 'conductor_resistance' as const, value: 5000 }, env.point(t + 2, 0.71)];
    const answer = await send(encodeMeasurementBatch(++seq, batch), { seq, deadLetter: true });
    expect(points(answer.deadLetter)).toEqual(['points[0].value: negative (-0.2)', expect.stringMatching(/^points\[1\]\.value: 5000 ohm\/km is outside the plausible range of conductor_resistance/)]);
    await settle('negative / implausible', before, { points: 3, stored: 1, rejected: 2 }, 'value rejected with the range');
  });

  it('points of unknown series (another line, a characteristic the product has no spec for, no such characteristic) are rejected', async () => {
    const before = await snapshot();
    const t = now() - 1000;
    const raw: unknown[] = [
      { ...env.point(t), line: 'extruder-9' },
      { ...env.point(t + 1), characteristic: 'eccentricity', value: 3 },
      { ...env.point(t + 2), characteristic: 'colour' },
      env.point(t + 3),
    ];
    const answer = await send(JSON.stringify({ v: 1, seq: ++seq, points: raw }), { seq, deadLetter: true });
    const reasons = points(answer.deadLetter);
    expect(reasons).toHaveLength(3);
    expect(reasons[0]).toMatch(/extruder-9/);
    expect(reasons[1]).toMatch(/eccentricity/);
    expect(reasons[2]).toMatch(/^points\[2\]\.characteristic: expected a characteristic name/);
    await settle('unknown series', before, { points: 4, stored: 1, rejected: 3 }, 'unknown line / characteristic');
  });

  it('timestamps from the future, in seconds, before 2000 or negative are rejected, saying which', async () => {
    const before = await snapshot();
    const t = now();
    const raw = [env.point(t + 3_600_000), env.point(1_718_006_400), env.point(Date.UTC(1999, 11, 31)), env.point(-5), env.point(t - 1000)];
    const answer = await send(JSON.stringify({ v: 1, seq: ++seq, points: raw }), { seq, deadLetter: true });
    const reasons = points(answer.deadLetter);
    expect(reasons[0]).toMatch(/^points\[0\]\.ts: .* is more than 300 s ahead of the receiver's clock/);
    expect(reasons[1]).toMatch(/^points\[1\]\.ts: 1718006400 is before 2000-01-01.*was it sent in seconds/);
    expect(reasons[2]).toMatch(/^points\[2\]\.ts: \d+ is before 2000-01-01/);
    expect(reasons[3]).toMatch(/^points\[3\]\.ts: /);
    await settle('future / ancient timestamps', before, { points: 5, stored: 1, rejected: 4 }, 'ts rejected: future, seconds, < 2000');
  });

  it('a batch sent again with the same seq is stored once: the resend counts as duplicates', async () => {
    const before = await snapshot();
    const t = now() - 1000;
    const payload = encodeMeasurementBatch(
      ++seq,
      [0, 1, 2, 3, 4].map((i) => env.point(t + i)),
    );
    const first = await send(payload, { seq, deadLetter: false });
    const again = await send(payload, { seq, deadLetter: false });
    expect(first.ack).toMatchObject({ seq, stored: 5, duplicates: 0, rejected: 0 });
    expect(again.ack).toMatchObject({ seq, stored: 0, duplicates: 5, rejected: 0 });
    await settle('duplicated seq', before, { points: 10, stored: 5, rejected: 0, duplicates: 5 }, '5 duplicates, stored once');
  });

  it('deep nesting is refused without recursion: a nested value is named, not walked', async () => {
    const before = await snapshot();
    const depth = 200_000;
    const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const inValue = `{"v":1,"seq":${++seq},"points":[{"line":"${ATTACKER.line}","characteristic":"insulation_thickness","ts":${now() - 1000},"value":${nested}}]}`;
    const answer = await send(inValue, { seq, deadLetter: true });
    expect(points(answer.deadLetter)).toEqual(['points[0].value: expected a number, got an array of 1']);
    // The dead letter echoes the point one level deep only.
    expect((answer.deadLetter as PointsDeadLetter).rejected[0].point).toMatchObject({ value: '[an array of 1]' });
    const whole = await send(nested, { seq: null, deadLetter: true });
    expect(message(whole.deadLetter)).toMatch(/expected an object/i);
    await settle('deep nesting (200,000 levels)', before, { points: 1, stored: 0, rejected: 1, refusedWhole: { messages: 1, points: 0 } }, 'no stack overflow, reason names the field');
  });

  it('more points than maxPointsPerMessage is refused whole, with the limit', async () => {
    const before = await snapshot();
    const t = now() - 60_000;
    const many = Array.from({ length: 10_001 }, (_, i) => ({ line: ATTACKER.line, characteristic: 'insulation_thickness', ts: t + i, value: 0.7 }));
    const payload = JSON.stringify({ v: 1, seq: ++seq, points: many });
    expect(Buffer.byteLength(payload)).toBeLessThan(1_048_576);
    const answer = await send(payload, { seq, deadLetter: true });
    expect(message(answer.deadLetter)).toMatch(/^points: .*10000/);
    expect(answer.ack).toEqual({ seq, stored: 0, duplicates: 0, rejected: 1 });
    await settle('10,001 points (limit 10,000)', before, { points: 10_001, stored: 0, rejected: 10_001, refusedWhole: { messages: 1, points: 10_001 } }, 'refused whole: points over the limit');
  });
});

describe('messages over the size limit never reach the analytics service', () => {
  /** Publishes as the attacker and waits for the broker to cut the connection. */
  async function publishCut(payload: Buffer) {
    const attacker = await env.connect(ATTACKER, { clientId: `${ATTACKER.gateway}:huge` });
    const cut = new Promise<void>((resolve) => attacker.once('close', () => resolve()));
    attacker.publish(measurementsTopic(ATTACKER.enterprise, ATTACKER.gateway), payload, { qos: 1 });
    await cut;
  }

  it('a batch just over 1 MiB is refused by the broker (payload-too-large); the connection is closed', async () => {
    const before = await snapshot();
    const refusals = env.refusals()['payload-too-large'];
    const t = now() - 60_000;
    const pointsInIt: MeasurementPoint[] = [];
    let payload = '';
    while (Buffer.byteLength(payload) <= 1_048_576) {
      for (let i = 0; i < 500; i++) pointsInIt.push(env.point(t + pointsInIt.length));
      payload = encodeMeasurementBatch(++seq, pointsInIt);
    }
    await publishCut(Buffer.from(payload));
    expect(env.refusals()['payload-too-large']).toBe(refusals + 1);
    await settle('1 MiB + (broker payload limit)', before, { points: pointsInIt.length, stored: 0, rejected: pointsInIt.length, byBroker: true }, 'broker: payload-too-large');
  });

  it('a million points in one message are cut at the packet header: the broker takes a small fraction and never buffers it', async () => {
    const before = await snapshot();
    const refusals = env.refusals()['packet-too-large'];
    const pointCount = 1_000_000;
    const onePoint = (i: number) => `${i === 0 ? '' : ','}{"line":"${ATTACKER.line}","characteristic":"insulation_thickness","ts":${1_750_000_000_000 + i},"value":0.7}`;
    const head = `{"v":1,"seq":${++seq},"points":[`;
    let payloadBytes = Buffer.byteLength(head) + 2;
    for (let i = 0; i < pointCount; i++) payloadBytes += Buffer.byteLength(onePoint(i));
    // Generated as it is written: this test must not hold the message either.
    function* chunks(): Generator<Buffer> {
      yield connectPacket(`${ATTACKER.gateway}:million`, ATTACKER.gateway, ATTACKER.password);
      yield Buffer.concat([publishHead(measurementsTopic(ATTACKER.enterprise, ATTACKER.gateway), payloadBytes), Buffer.from(head)]);
      let text = '';
      for (let i = 0; i < pointCount; i++) {
        text += onePoint(i);
        if (text.length >= 64 * 1024) {
          yield Buffer.from(text);
          text = '';
        }
      }
      yield Buffer.from(`${text}]}`);
    }
    const socket = await openSocket(env.stack.mqttUrl);
    const accepted = await streamUntilClosed(socket, chunks());
    await closed(socket);
    expect(env.refusals()['packet-too-large']).toBe(refusals + 1);
    expect(payloadBytes).toBeGreaterThan(70_000_000);
    // The broker cut the connection once the header announced the size: what the socket took is
    // what sat in kernel buffers, a small fraction of the message.
    expect(accepted).toBeLessThan(payloadBytes / 4);
    await settle(
      '1,000,000 points in one message',
      before,
      { points: pointCount, stored: 0, rejected: pointCount, byBroker: true },
      `broker: packet-too-large; cut after ${(accepted / 1_048_576).toFixed(1)} of ${(payloadBytes / 1_048_576).toFixed(0)} MiB`,
    );
  });
});
