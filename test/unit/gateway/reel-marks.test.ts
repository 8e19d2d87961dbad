import { describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../../gateway/batch-builder.js';
import { LineContext } from '../../../gateway/line-context.js';
import { parseStdinLine } from '../../../gateway/sources/stdin-lines.js';
import { decodeMeasurementBatch, encodeBatchEnvelope } from '../../../protocol/measurement-batch.js';

const T = Date.UTC(2026, 2, 1, 8);

describe('reel events at the gateway', () => {
  it('are read from --stdin lines, with or without the product', () => {
    expect(parseStdinLine('L1,reel,2026-03-01T08:00:00Z,R26-017,start,BV-2.5')).toEqual({ kind: 'reel', line: 'L1', ts: T, reel: 'R26-017', event: 'start', product: 'BV-2.5' });
    expect(parseStdinLine(`L1,reel,${T},R26-017,end`)).toEqual({ kind: 'reel', line: 'L1', ts: T, reel: 'R26-017', event: 'end' });
  });

  it('say what is wrong with a reel line they cannot read', () => {
    expect(parseStdinLine('L1,reel,2026-03-01T08:00:00Z,,start')).toEqual({ problem: "reel event for line 'L1' names no reel" });
    expect(parseStdinLine('L1,reel,2026-03-01T08:00:00Z,R1,begin')).toEqual({ problem: "reel event for line 'L1': 'begin' is neither 'start' nor 'end'" });
    expect(parseStdinLine('L1,reel,noon,R1,start')).toEqual({ problem: "reel event for line 'L1': time 'noon' is neither ms nor ISO 8601" });
  });

  it('come out of the line context as marks with the length counter, and a start with a product is a changeover', () => {
    const context = new LineContext();
    context.apply({ kind: 'length', line: 'L1', ts: T, metres: 1200 });
    expect(context.apply({ kind: 'reel', line: 'L1', ts: T + 1, reel: 'R1', event: 'start', product: 'BV-2.5' })).toEqual({
      line: 'L1',
      reel: 'R1',
      event: 'start',
      ts: T + 1,
      product: 'BV-2.5',
      metres: 1200,
    });
    const point = context.apply({ kind: 'reading', line: 'L1', characteristic: 'insulation_thickness', ts: T + 2, value: 0.8 });
    expect(point).toMatchObject({ product: 'BV-2.5', positionM: 1200 });
    context.apply({ kind: 'length', line: 'L1', ts: T + 3, metres: 3200 });
    expect(context.apply({ kind: 'reel', line: 'L1', ts: T + 4, reel: 'R1', event: 'end' })).toEqual({ line: 'L1', reel: 'R1', event: 'end', ts: T + 4, metres: 3200 });
    // A line with no length read: the mark carries no metres.
    expect(context.apply({ kind: 'reel', line: 'L2', ts: T, reel: 'R9', event: 'start' })).toEqual({ line: 'L2', reel: 'R9', event: 'start', ts: T });
  });

  it('travel in the batch among the readings, in order, and decode as marks', () => {
    const builder = new BatchBuilder();
    builder.add({ line: 'L1', reel: 'R1', event: 'start', ts: T, product: 'BV-2.5', metres: 0 });
    builder.add({ line: 'L1', characteristic: 'insulation_thickness', ts: T + 100, value: 0.8, positionM: 1 });
    builder.add({ line: 'L1', reel: 'R1', event: 'end', ts: T + 200, metres: 2 });
    const decoded = decodeMeasurementBatch(encodeBatchEnvelope(7, builder.take()));
    if (!decoded.ok) throw new Error(decoded.reason);
    expect(decoded.points.map((p) => p.index)).toEqual([1]);
    expect(decoded.reels).toEqual([
      { index: 0, line: 'L1', reel: 'R1', event: 'start', ts: T, product: 'BV-2.5', metres: 0 },
      { index: 2, line: 'L1', reel: 'R1', event: 'end', ts: T + 200, metres: 2 },
    ]);
    expect(decoded.rejected).toEqual([]);
  });
});

describe('a reel mark the decoder refuses', () => {
  const decode = (entry: unknown, now?: number) => {
    const decoded = decodeMeasurementBatch(JSON.stringify({ v: 1, seq: 1, points: [entry, { line: 'L1', characteristic: 'insulation_thickness', ts: T, value: 0.8 }] }), now);
    if (!decoded.ok) throw new Error(decoded.reason);
    return decoded;
  };

  it('is refused alone, with its path, and the readings go through', () => {
    const decoded = decode({ line: 'L1', reel: 'R 1', event: 'begin', ts: T });
    expect(decoded.points).toHaveLength(1);
    expect(decoded.reels).toEqual([]);
    expect(decoded.rejected).toHaveLength(1);
    expect(decoded.rejected[0].index).toBe(0);
    expect(decoded.rejected[0].reason).toBe(`points[0].reel: expected a reel id of 1 to 64 letters, digits, '.', '_' or '-', got "R 1"; points[0].event: expected 'start' or 'end', got "begin"`);
  });

  it('names a field a mark does not carry, a time in seconds and a time ahead of the clock', () => {
    expect(decode({ line: 'L1', reel: 'R1', event: 'start', ts: T, characteristic: 'insulation_thickness' }).rejected[0].reason).toBe(
      'points[0].characteristic: unknown property (a reel mark carries line, reel, event, ts, product and metres only)',
    );
    expect(decode({ line: 'L1', reel: 'R1', event: 'start', ts: Math.floor(T / 1000) }).rejected[0].reason).toMatch(/^points\[0\]\.ts: .* \(was it sent in seconds\?\)$/);
    expect(decode({ line: 'L1', reel: 'R1', event: 'start', ts: T + 3_600_000 }, T).rejected[0].reason).toMatch(/^points\[0\]\.ts: .* ahead of the receiver's clock$/);
    expect(decode({ line: 'L1', reel: 'R1', event: 'end', ts: T, metres: -1 }).rejected[0].reason).toBe('points[0].metres: expected a length in metres, 0 to 1e9, got -1');
  });
});
