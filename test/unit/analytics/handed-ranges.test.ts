import { describe, expect, it } from 'vitest';
import { HandedRanges } from '../../../analytics/ingest/handed-ranges.js';

describe('the stretches of time a series has handed to the store', () => {
  it('covers nothing when new, and everything up to the watermark after a restart', () => {
    expect(new HandedRanges(-Infinity).covers(0)).toBe(false);
    const restarted = new HandedRanges(1_000);
    expect(restarted.covers(-5)).toBe(true);
    expect(restarted.covers(1_000)).toBe(true);
    expect(restarted.covers(1_001)).toBe(false);
  });

  it('leaves the gap of an outage uncovered while live data and the backlog fill in around it', () => {
    const r = new HandedRanges(1_000); // stored before the outage
    r.add(5_000, 5_400); // live again after it
    expect(r.covers(3_000)).toBe(false); // the backlog: new to the store, no lookup
    expect(r.covers(5_200)).toBe(true); // a clock stepping back into live data: checked
    r.add(1_001, 2_000); // the first backlog batch
    expect(r.covers(1_500)).toBe(true);
    expect(r.covers(2_001)).toBe(false);
    r.add(2_001, 4_999); // the rest of it: one stretch again
    expect(r.count).toBe(1);
    expect(r.covers(4_000)).toBe(true);
    expect(r.covers(5_401)).toBe(false);
  });

  it('merges overlapping stretches, and joins the closest ones beyond its bound without ever uncovering a ts', () => {
    const r = new HandedRanges(-Infinity, 4);
    const added: Array<[number, number]> = [];
    for (let i = 0; i < 20; i++) {
      const from = i * 1_000 + (i % 3) * 100;
      const to = from + 50 + (i % 5) * 10;
      r.add(from, to);
      added.push([from, to]);
    }
    r.add(2_000, 7_000); // overlapping several
    added.push([2_000, 7_000]);
    expect(r.count).toBeLessThanOrEqual(4);
    for (const [from, to] of added) for (let ts = from; ts <= to; ts += 5) expect(r.covers(ts), `ts ${ts}`).toBe(true);
    // The widest gaps survive the joins: they are the outages worth keeping uncovered.
    expect(r.covers(-1)).toBe(false);
    expect(r.covers(30_000)).toBe(false);
  });
});
