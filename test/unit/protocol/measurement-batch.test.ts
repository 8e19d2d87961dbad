import { describe, expect, it } from 'vitest';
import {
  createMeasurementBatchDecoder,
  decodeMeasurementBatch,
  encodeBatchEnvelope,
  encodeMeasurementBatch,
  encodeMeasurementPoints,
  seriesPointEncoder,
  DEFAULT_MEASUREMENT_BATCH_OPTIONS,
  type BatchDecode,
} from '../../../protocol/measurement-batch.js';
import { ProtocolError } from '../../../protocol/protocol-error.js';

const TS = Date.UTC(2024, 5, 10, 8, 0, 0);
const good = (over: Record<string, unknown> = {}) => ({ line: 'L1', characteristic: 'conductor_resistance', ts: TS, value: 12.04, ...over });
const batch = (points: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ v: 1, seq: 7, points, ...extra });

function accepted(result: BatchDecode) {
  if (!result.ok) throw new Error(`expected a decoded batch, got: ${result.reason}`);
  return result;
}

function refusal(result: BatchDecode): string {
  if (result.ok) throw new Error('expected the whole message to be refused');
  return result.reason;
}

describe('decodeMeasurementBatch: a good batch', () => {
  it('returns seq and every point with its index', () => {
    const r = accepted(decodeMeasurementBatch(batch([good(), good({ line: 'L2', characteristic: 'insulation_thickness', value: 0.71 })])));
    expect(r.seq).toBe(7);
    expect(r.rejected).toEqual([]);
    expect(r.points).toEqual([
      { index: 0, line: 'L1', characteristic: 'conductor_resistance', ts: TS, value: 12.04, historical: false, flaggedLate: false },
      { index: 1, line: 'L2', characteristic: 'insulation_thickness', ts: TS, value: 0.71, historical: false, flaggedLate: false },
    ]);
  });

  it('takes a Buffer as well as a string, and ignores unknown fields', () => {
    const r = accepted(decodeMeasurementBatch(Buffer.from(batch([good({ unit: 'ohm/km' })], { gatewayVersion: '1.2' }))));
    expect(r.points).toHaveLength(1);
  });

  it('reads -0 as a zero reading', () => {
    const r = accepted(decodeMeasurementBatch(`{"v":1,"seq":0,"points":[{"line":"L1","characteristic":"spark_faults","ts":${TS},"value":-0}]}`));
    expect(Object.is(r.points[0].value, 0)).toBe(true);
  });

  it('round-trips what encodeMeasurementBatch writes', () => {
    const points = [{ line: 'L1', characteristic: 'sheath_thickness' as const, ts: TS, value: 1.21 }];
    const r = accepted(decodeMeasurementBatch(encodeMeasurementBatch(3, points)));
    expect(r.seq).toBe(3);
    expect(r.points.map(({ index, historical, flaggedLate, ...p }) => p)).toEqual(points);
  });
});

describe('the outbox epoch', () => {
  const EPOCH = '3f2a9c1e-7b4d-4c2a-9e1f-0a1b2c3d4e5f';
  const points = [{ line: 'L1', characteristic: 'sheath_thickness' as const, ts: TS, value: 1.21 }];

  it('round-trips a batch with its epoch', () => {
    const text = encodeMeasurementBatch(3, points, EPOCH);
    expect(JSON.parse(text)).toMatchObject({ v: 1, epoch: EPOCH, seq: 3 });
    const r = accepted(decodeMeasurementBatch(text));
    expect(r.epoch).toBe(EPOCH);
    expect(r.seq).toBe(3);
  });

  it("decodes a batch without one (an older gateway) into the epoch ''", () => {
    const text = encodeMeasurementBatch(3, points);
    expect(text).not.toContain('epoch');
    expect(accepted(decodeMeasurementBatch(text)).epoch).toBe('');
  });

  it.each([
    ['', /^epoch: /],
    ['a/b', `epoch: expected an epoch of 1 to 64 letters, digits or '-', got "a/b"`],
    ['x'.repeat(65), /^epoch: /],
    ['ünïcode', /^epoch: /],
  ])('refuses the whole batch for the epoch %j, with a reason', (epoch, reason) => {
    expect(refusal(decodeMeasurementBatch(batch([good()], { epoch })))).toMatch(reason);
  });

  it('refuses a non-string epoch with a reason', () => {
    expect(refusal(decodeMeasurementBatch(batch([good()], { epoch: 7 })))).toMatch(/^epoch: expected/);
  });

  it('refuses to encode a bad epoch', () => {
    expect(() => encodeMeasurementBatch(1, points, 'has space')).toThrow(/epoch must be an epoch of 1 to 64 letters/);
  });
});

describe('decodeMeasurementBatch: the whole message is refused for structure errors', () => {
  it.each([
    ['', 'empty payload'],
    ['{"v":1,', /^not valid JSON: /],
    ['[1,2]', 'expected an object, got an array of 2'],
    ['null', 'expected an object, got null'],
    [JSON.stringify({ v: 2, seq: 1, points: [good()] }), 'v: expected 1, got 2'],
    [JSON.stringify({ seq: 1, points: [good()] }), 'v: is required'],
    [JSON.stringify({ v: 1, seq: -1, points: [good()] }), 'seq: must be at least 0, got -1'],
    [JSON.stringify({ v: 1, seq: 1.5, points: [good()] }), 'seq: expected a whole number, got 1.5'],
    [JSON.stringify({ v: 1, seq: '12', points: [good()] }), 'seq: expected a whole number, got "12"'],
    [JSON.stringify({ v: 1, seq: 2 ** 53, points: [good()] }), /^seq: must be at most 9007199254740991/],
    [JSON.stringify({ v: 1, seq: 1, points: {} }), 'points: expected an array, got an object'],
    [JSON.stringify({ v: 1, seq: 1, points: [] }), 'points: must have at least 1 items, got an array of 0'],
  ])('%j', (payload, reason) => {
    expect(refusal(decodeMeasurementBatch(payload))).toMatch(reason);
  });

  it('reports every envelope problem at once', () => {
    expect(refusal(decodeMeasurementBatch('{"v":0,"seq":-3}'))).toBe('points: is required; v: expected 1, got 0; seq: must be at least 0, got -3');
  });

  it('refuses a payload over the byte limit before parsing it', () => {
    const decode = createMeasurementBatchDecoder({ maxBytes: 100 });
    expect(refusal(decode('x'.repeat(101)))).toBe('payload is 101 bytes; the limit is 100');
  });

  it('refuses more points than the limit', () => {
    const decode = createMeasurementBatchDecoder({ maxPoints: 2 });
    expect(refusal(decode(batch([good(), good(), good()])))).toBe('points: must have at most 2 items, got an array of 3');
    expect(DEFAULT_MEASUREMENT_BATCH_OPTIONS.maxPoints).toBe(10_000);
    expect(DEFAULT_MEASUREMENT_BATCH_OPTIONS.maxBytes).toBe(1_048_576);
  });

  it('checks its own options once, at construction', () => {
    expect(() => createMeasurementBatchDecoder({ maxPoints: 0 })).toThrow(ProtocolError);
    expect(() => createMeasurementBatchDecoder({ maxBytes: 1.5 })).toThrow(/maxBytes must be a positive whole number/);
  });
});

describe('decodeMeasurementBatch: a bad point is refused alone, with its path', () => {
  const cases: [string, unknown, string | RegExp][] = [
    ['null value (NaN sent by JSON.stringify)', good({ value: null }), /^points\[1\]\.value: expected a number, got null/],
    ['"NaN" as a string', good({ value: 'NaN' }), 'points[1].value: NaN (sent as the string "NaN")'],
    ['"Infinity" as a string', good({ value: 'Infinity' }), 'points[1].value: infinite (sent as the string "Infinity")'],
    ['"-inf" as a string', good({ value: '-inf' }), 'points[1].value: infinite (sent as the string "-inf")'],
    ['a numeric string', good({ value: '12.1' }), 'points[1].value: expected a number, got the string "12.1"'],
    ['a boolean', good({ value: true }), 'points[1].value: expected a number, got true'],
    ['a missing value', good({ value: undefined }), 'points[1].value: is required'],
    ['a negative value', good({ value: -0.2 }), 'points[1].value: negative (-0.2)'],
    ['an implausible value', good({ value: 5000 }), /^points\[1\]\.value: 5000 ohm\/km is outside the plausible range of conductor_resistance \(0 to 1000 ohm\/km\)/],
    ['an unknown characteristic', good({ characteristic: 'colour' }), /^points\[1\]\.characteristic: expected a characteristic name \(conductor_diameter, .*\), got "colour"$/],
    ['a line id with a slash', good({ line: 'L/1' }), /^points\[1\]\.line: expected an id of 1 to 64 letters, digits, '_' or '-', got "L\/1"$/],
    ['a timestamp in seconds', good({ ts: Math.floor(TS / 1000) }), /^points\[1\]\.ts: \d+ is before 2000-01-01T00:00:00.000Z; timestamps are milliseconds .*seconds\?\)$/],
    ['a fractional timestamp', good({ ts: TS + 0.5 }), /^points\[1\]\.ts: expected a whole number/],
    ['a timestamp as an ISO string', good({ ts: '2024-06-10T08:00:00Z' }), /^points\[1\]\.ts: expected a whole number, got "2024-06-10T08:00:00Z"$/],
    ['a point that is not an object', 42, 'points[1]: expected an object, got 42'],
    ['a point that is an array', [1, 2], 'points[1]: expected an object, got an array of 2'],
  ];

  it.each(cases)('%s', (_, point, reason) => {
    const r = accepted(decodeMeasurementBatch(batch([good(), point, good()])));
    expect(r.points.map((p) => p.index)).toEqual([0, 2]);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0].index).toBe(1);
    expect(r.rejected[0].point).toEqual(point);
    expect(r.rejected[0].reason).toMatch(reason);
  });

  it('lists every problem of one point', () => {
    const r = accepted(decodeMeasurementBatch(batch([{ line: '', characteristic: 'x', value: null }])));
    const reason = r.rejected[0].reason;
    expect(reason).toContain('points[0].ts: is required');
    expect(reason).toContain('points[0].line: expected an id');
    expect(reason).toContain('points[0].characteristic: expected a characteristic name');
    expect(reason).toContain('points[0].value: expected a number, got null');
  });

  it('keeps the batch even when every point is bad, so the ack can say so', () => {
    const r = accepted(decodeMeasurementBatch(batch([good({ value: null }), good({ value: 'NaN' })])));
    expect(r.points).toEqual([]);
    expect(r.rejected.map((x) => x.index)).toEqual([0, 1]);
  });

  it('marks points stamped more than historicalAfterMs before the receiver clock as historical, and accepts them', () => {
    const r = accepted(decodeMeasurementBatch(batch([good({ ts: TS - 2 * 60_000 }), good({ ts: TS - 2 * 60_000 - 1 }), good({ ts: TS - 3_600_000 })]), TS));
    expect(r.rejected).toEqual([]);
    expect(r.points.map((p) => p.historical)).toEqual([false, true, true]);
    // Without the receiver's clock nothing can be called historical.
    expect(accepted(decodeMeasurementBatch(batch([good({ ts: TS - 3_600_000 })]))).points[0].historical).toBe(false);
    const strict = createMeasurementBatchDecoder({ historicalAfterMs: 1000 });
    expect(accepted(strict(batch([good({ ts: TS - 1001 })]), TS)).points[0].historical).toBe(true);
    expect(() => createMeasurementBatchDecoder({ historicalAfterMs: 0 })).toThrow(/historicalAfterMs must be positive/);
  });

  it("carries a point's product, position and late flag, and refuses each when malformed with its path", () => {
    const extras = { product: 'BV-2.5', positionM: 1234.5, historical: true };
    const wire = encodeMeasurementBatch(7, [{ ...good(), ...extras }, good({ product: 'BV-1.5' }), good()]);
    expect(JSON.parse(wire).points[0]).toEqual({ ...good(), ...extras });
    const r = accepted(decodeMeasurementBatch(wire, TS));
    expect(r.points[0]).toMatchObject({ product: 'BV-2.5', positionM: 1234.5, historical: true, flaggedLate: true });
    expect(r.points[1]).toMatchObject({ product: 'BV-1.5', historical: false, flaggedLate: false });
    expect(r.points[2].product).toBeUndefined();
    expect(r.points[2].positionM).toBeUndefined();
    const bad = accepted(decodeMeasurementBatch(batch([good({ product: 'BV 1.5' }), good({ positionM: -1 }), good({ historical: 'yes' }), good({ product: 7 })]), TS));
    expect(bad.points).toEqual([]);
    expect(bad.rejected.map((x) => x.reason)).toEqual([
      expect.stringMatching(/^points\[0\]\.product: expected a product id/),
      expect.stringMatching(/^points\[1\]\.positionM: expected a position in metres/),
      expect.stringMatching(/^points\[2\]\.historical: /),
      expect.stringMatching(/^points\[3\]\.product: /),
    ]);
  });

  it('refuses points stamped too far ahead of the receiver clock, only when given the clock', () => {
    const ahead = good({ ts: TS + 10 * 60_000 });
    expect(accepted(decodeMeasurementBatch(batch([ahead]))).rejected).toEqual([]);
    const r = accepted(decodeMeasurementBatch(batch([ahead, good({ ts: TS + 60_000 })]), TS));
    expect(r.points.map((p) => p.index)).toEqual([1]);
    expect(r.rejected[0].reason).toBe("points[0].ts: 2024-06-10T08:10:00.000Z is more than 300 s ahead of the receiver's clock");
  });
});

describe('decodeMeasurementBatch never throws', () => {
  it('on hostile or random input', () => {
    const hostile = [
      '['.repeat(200_000) + ']'.repeat(200_000),
      JSON.stringify({ v: 1, seq: 1, points: ['['.repeat(1000)] }),
      JSON.stringify({ v: 1, seq: 1, points: [{ ['__proto__']: { value: 1 }, line: 'L1' }] }),
      `{"v":1,"seq":1,"points":[{"__proto__":{"polluted":true},"line":"L1","characteristic":"eccentricity","ts":${TS},"value":1}]}`,
      '\u0000\u0001',
      '"just a string"',
    ];
    for (const payload of hostile) expect(() => decodeMeasurementBatch(payload)).not.toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    // A small deterministic fuzz: random JSON-ish values in every field.
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
    const values = [null, true, 0, -1, 1e308, -0, 'NaN', '', 'L1', [], {}, [1], { a: 1 }, TS, 2 ** 53, 1.5];
    for (let i = 0; i < 2000; i++) {
      const point = { line: pick(values), characteristic: pick([...values, 'conductor_diameter']), ts: pick(values), value: pick(values) };
      const payload = JSON.stringify({ v: pick([1, 1, 2, null]), seq: pick([0, 1, -1, '1', null]), points: pick([[point], [point, pick(values)], point, []]) });
      expect(() => decodeMeasurementBatch(payload)).not.toThrow();
    }
  });
});

describe('encodeMeasurementBatch', () => {
  const BATCH_EPOCH = '3f2a9c1e-7b4d-4c2a-9e1f-0a1b2c3d4e5f';

  it('writes NaN as null, which the decoder then refuses per point', () => {
    const text = encodeMeasurementBatch(1, [{ line: 'L1', characteristic: 'eccentricity', ts: TS, value: Number.NaN }]);
    expect(text).toContain('"value":null');
    expect(accepted(decodeMeasurementBatch(text)).rejected).toHaveLength(1);
  });

  it('refuses a bad seq', () => {
    expect(() => encodeMeasurementBatch(-1, [])).toThrow(ProtocolError);
  });

  it('writes the bytes JSON.stringify writes for the same batch, whatever the fields hold', () => {
    const points = [
      { line: 'L1', characteristic: 'eccentricity', ts: TS, value: 1.25 },
      { line: 'quote " back\\slash é \u2028', characteristic: 'x\ny', ts: 'yesterday', value: 'NaN' },
      { line: 'L2', characteristic: 'eccentricity', ts: TS + 1, value: null },
      { line: 'L3', characteristic: 'eccentricity', ts: TS + 2, value: -0 },
      { line: 'L4', characteristic: 'eccentricity', ts: TS + 3, value: Number.POSITIVE_INFINITY },
    ];
    const object = (epoch?: string) => ({ v: 1, ...(epoch === undefined ? {} : { epoch }), seq: 7, points });
    expect(encodeMeasurementBatch(7, points)).toBe(JSON.stringify(object()));
    expect(encodeMeasurementBatch(7, points, BATCH_EPOCH)).toBe(JSON.stringify(object(BATCH_EPOCH)));
  });

  it('wraps points already encoded, and a series encoder writes what the point encoder writes', () => {
    const point = { line: 'L1', characteristic: 'eccentricity', ts: TS, value: 0.5 };
    const pointsJson = `[${seriesPointEncoder('L1', 'eccentricity')(TS, '0.5')}]`;
    expect(pointsJson).toBe(encodeMeasurementPoints([point]));
    expect(encodeBatchEnvelope(9, pointsJson, BATCH_EPOCH)).toBe(encodeMeasurementBatch(9, [point], BATCH_EPOCH));
    expect(() => encodeBatchEnvelope(9, pointsJson, 'not an epoch')).toThrow(/epoch must be/);
    expect(() => encodeBatchEnvelope(1.5, pointsJson)).toThrow(/seq must be a non-negative safe integer, got 1.5/);
  });
});

describe('decodeMeasurementBatch: the fast path for plain points gives what the full check gives', () => {
  it('accepts plain points, extra fields and -0, and still rejects each bad one with its reason after good ones of the same line', () => {
    const decode = createMeasurementBatchDecoder();
    const max = 1000; // conductor_resistance's plausible maximum (domain/characteristics.ts)
    const r = accepted(
      decode(
        batch([
          good(),
          good({ unit: 'ohm/km' }),
          good({ characteristic: 'conductor_diameter', value: -0 }),
          good({ value: max }),
          good({ value: max * 2 }),
          good({ line: 'L 1' }),
          good({ characteristic: 'toString' }),
          good({ ts: TS + 0.5 }),
          good({ ts: Math.floor(TS / 1000) }),
          good({ value: '12.04' }),
          good(),
        ]),
        TS,
      ),
    );
    expect(r.points.map((p) => p.index)).toEqual([0, 1, 2, 3, 10]);
    expect(r.points[2]).toMatchObject({ value: 0, characteristic: 'conductor_diameter' });
    expect(Object.is(r.points[2].value, -0)).toBe(false);
    expect(r.points[1]).toEqual({ index: 1, line: 'L1', characteristic: 'conductor_resistance', ts: TS, value: 12.04, historical: false, flaggedLate: false });
    expect(r.rejected.map((p) => [p.index, p.reason.split(':')[0]])).toEqual([
      [4, 'points[4].value'],
      [5, 'points[5].line'],
      [6, 'points[6].characteristic'],
      [7, 'points[7].ts'],
      [8, 'points[8].ts'],
      [9, 'points[9].value'],
    ]);
  });
});
