import { describe, expect, it } from 'vitest';
import { ReelAccumulator, ppkOf } from '../../../trace/reels/reel-accumulator.js';
import { marksInOrder, ReelTracker, type ReelSpecLookup } from '../../../trace/reels/reel-tracker.js';
import { DEFAULT_REEL_VERDICT_OPTIONS, type ReelCharacteristic } from '../../../trace/reels/reel-record.js';
import type { ReelMark } from '../../../trace/reels/reel-mark.js';
import { plainStatistics, rounded, type PlainReading } from '../../support/reel-statistics.js';

const T0 = Date.UTC(2026, 10, 2, 8);
const LIMITS = { lsl: 2.6, usl: 2.9 };
const specOf: ReelSpecLookup = (product, characteristic) => (product === 'NYY-3x2.5' && characteristic === 'conductor_diameter' ? LIMITS : null);

/** A deterministic wobble around 2.75 mm with a position every reading (2 m apart). */
function readings(count: number, from: number, everyMs = 1000, out: (i: number) => boolean = () => false): PlainReading[] {
  return Array.from({ length: count }, (_, i) => ({
    ts: from + i * everyMs,
    value: out(i) ? 2.95 + (i % 3) * 0.01 : 2.75 + Math.sin(i * 1.7) * 0.05,
    positionM: 100 + i * 2,
  }));
}

function start(reel: string, ts: number, product?: string, metres?: number): ReelMark {
  return { line: 'L1', reel, event: 'start', ts, ...(product ? { product } : {}), ...(metres !== undefined ? { metres } : {}) };
}
function end(reel: string, ts: number, metres?: number): ReelMark {
  return { line: 'L1', reel, event: 'end', ts, ...(metres !== undefined ? { metres } : {}) };
}

function feed(tracker: ReelTracker, rs: readonly PlainReading[]): void {
  for (const r of rs) tracker.reading('acme', 'L1', 'conductor_diameter', r.ts, r.value, r.positionM);
}

function statsOf(c: ReelCharacteristic) {
  const { n, min, max, mean, sd, ppk, outOfSpec, metresOutOfSpec } = c;
  return rounded({ n, min, max, mean, sd, ppk, outOfSpec, metresOutOfSpec });
}

describe('reel accumulator', () => {
  it('equals the two-pass statistics of the same readings, metres out of spec included', () => {
    const rs = readings(200, T0, 1000, (i) => i >= 50 && i < 62);
    const acc = new ReelAccumulator('conductor_diameter', LIMITS);
    for (const r of rs) acc.add(r.value, r.positionM!);
    const c = acc.result(DEFAULT_REEL_VERDICT_OPTIONS);
    expect(statsOf(c)).toEqual(rounded(plainStatistics(rs, T0, null, LIMITS.lsl, LIMITS.usl)));
    expect(c.outOfSpec).toBe(12);
    expect(c.metresOutOfSpec).toBe(24); // 12 out-of-spec readings, each 2 m after the one before
    expect(c.verdict).toBe('nonconforming');
  });

  it('states no metres without positions, no sd below two readings and no ppk without limits', () => {
    const acc = new ReelAccumulator('conductor_diameter', { lsl: null, usl: null });
    expect(acc.result(DEFAULT_REEL_VERDICT_OPTIONS)).toMatchObject({ n: 0, min: null, max: null, mean: null, sd: null, ppk: null, metresOutOfSpec: null, verdict: 'insufficient-data' });
    acc.add(2.7, Number.NaN);
    expect(acc.result(DEFAULT_REEL_VERDICT_OPTIONS)).toMatchObject({ n: 1, min: 2.7, max: 2.7, mean: 2.7, sd: null, ppk: null, metresOutOfSpec: null });
  });

  it('takes ppk over the one limit that exists, and none with a zero sd', () => {
    expect(ppkOf(5, 1, null, 8)).toBeCloseTo(1);
    expect(ppkOf(5, 1, 2, null)).toBeCloseTo(1);
    expect(ppkOf(5, 1, 4, 8)).toBeCloseTo(1 / 3);
    expect(ppkOf(5, 0, 4, 8)).toBeNull();
  });

  it('counts no length when the position went back (a new run)', () => {
    const acc = new ReelAccumulator('conductor_diameter', LIMITS);
    acc.add(2.7, 500);
    acc.add(3.0, 10); // out of spec, but the counter was reset
    acc.add(3.0, 14);
    expect(acc.result(DEFAULT_REEL_VERDICT_OPTIONS).metresOutOfSpec).toBe(4);
  });
});

describe('reel tracker', () => {
  it('holds readings in [start, end): one at the end belongs to the next reel', () => {
    const tracker = new ReelTracker(specOf, { maxHeld: 0 });
    const rs = readings(120, T0);
    const cut = T0 + 60_000;
    for (const m of marksInOrder([start('R2', cut, 'NYY-3x2.5'), end('R1', cut), start('R1', T0, 'NYY-3x2.5')])) expect(tracker.mark('acme', m)).toBeNull();
    feed(tracker, rs);
    const records = tracker.takeChanged();
    const r1 = records.find((r) => r.reel === 'R1')!;
    const r2 = records.find((r) => r.reel === 'R2')!;
    expect(r1).toMatchObject({ status: 'final', endedAt: cut, endedBy: 'end', product: 'NYY-3x2.5', lateReadings: 0 });
    expect(statsOf(r1.characteristics[0])).toEqual(rounded(plainStatistics(rs, T0, cut, LIMITS.lsl, LIMITS.usl)));
    expect(r1.characteristics[0].n).toBe(60);
    expect(r2.status).toBe('open');
    expect(statsOf(r2.characteristics[0])).toEqual(rounded(plainStatistics(rs, cut, null, LIMITS.lsl, LIMITS.usl)));
    expect(r1.characteristics[0].n + r2.characteristics[0].n).toBe(rs.length);
  });

  it('ends the open reel at the next start when its end mark never came', () => {
    const tracker = new ReelTracker(specOf, { maxHeld: 0 });
    tracker.mark('acme', start('R1', T0, 'NYY-3x2.5', 0));
    feed(tracker, readings(40, T0));
    expect(tracker.mark('acme', start('R2', T0 + 40_000, undefined, 800))).toBeNull();
    const r1 = tracker.takeChanged().find((r) => r.reel === 'R1')!;
    expect(r1).toMatchObject({ status: 'final', endedAt: T0 + 40_000, endedBy: 'next-start', startM: 0, endM: 800 });
    expect(tracker.openRecords('acme').map((r) => r.reel)).toEqual(['R2']);
  });

  it('takes the line product for a start that names none, else none', () => {
    const tracker = new ReelTracker(specOf, { maxHeld: 0 });
    tracker.mark('acme', start('R1', T0), 'NYY-3x2.5');
    tracker.mark('acme', { ...start('R2', T0), line: 'L2' });
    expect(tracker.openRecords().map((r) => [r.reel, r.product])).toEqual([
      ['R1', 'NYY-3x2.5'],
      ['R2', null],
    ]);
  });

  it('refuses an end of a reel that is not the open one, with the reason', () => {
    const tracker = new ReelTracker(specOf, { maxHeld: 0 });
    expect(tracker.mark('acme', end('R1', T0))).toBe(`reel R1 ended on line L1 at ${new Date(T0).toISOString()} but no reel is open on the line`);
    tracker.mark('acme', start('R1', T0));
    expect(tracker.mark('acme', end('R2', T0 + 5))).toBe('reel R2 ended on line L1 but R1 is open');
    expect(tracker.openRecords()[0]).toMatchObject({ reel: 'R1', status: 'open' });
    expect(tracker.mark('acme', end('R1', T0 - 5))).toMatch(/before it started/);
    expect(tracker.mark('acme', start('R0', T0 - 5))).toMatch(/reel R0 started on line L1 .* before R1/);
    // The same marks again (a resent batch) change nothing and are no problem.
    expect(tracker.mark('acme', start('R1', T0))).toBeNull();
    expect(tracker.mark('acme', end('R1', T0 + 10))).toBeNull();
    expect(tracker.mark('acme', end('R1', T0 + 10))).toBeNull();
    expect(tracker.mark('acme', end('R1', T0 + 20))).toMatch(/already ended/);
  });

  it('counts a late reading into the closed reel it falls in and issues that record again', () => {
    const tracker = new ReelTracker(specOf, { maxHeld: 0 });
    const rs = readings(100, T0);
    const late = rs.splice(30, 1)[0];
    tracker.mark('acme', start('R1', T0, 'NYY-3x2.5'));
    feed(tracker, rs.slice(0, 58)); // up to T0 + 58 s, the 31st missing
    tracker.mark('acme', start('R2', T0 + 59_000));
    feed(tracker, rs.slice(58));
    const first = tracker.takeChanged().find((r) => r.reel === 'R1')!;
    expect(first).toMatchObject({ status: 'final', lateReadings: 0 });
    expect(first.characteristics[0].n).toBe(58);
    tracker.reading('acme', 'L1', 'conductor_diameter', late.ts, late.value);
    const revised = tracker.takeChanged();
    expect(revised.map((r) => r.reel)).toEqual(['R1']);
    expect(revised[0]).toMatchObject({ status: 'final', lateReadings: 1 });
    const all = [...rs, { ts: late.ts, value: late.value }];
    const plain = plainStatistics(all, T0, T0 + 59_000, LIMITS.lsl, LIMITS.usl);
    const { metresOutOfSpec: _m, ...withoutMetres } = statsOf(revised[0].characteristics[0]);
    const { metresOutOfSpec: _p, ...plainWithoutMetres } = rounded(plain);
    expect(withoutMetres).toEqual(plainWithoutMetres);
    expect(tracker.lateReadings).toBe(1);
  });

  it('hands an open reel out when new, then at most once per progressEveryMs of sample time', () => {
    const tracker = new ReelTracker(specOf, { progressEveryMs: 10_000, maxHeld: 0 });
    tracker.mark('acme', start('R1', T0, 'NYY-3x2.5'));
    expect(tracker.takeChanged().map((r) => [r.reel, r.characteristics.length])).toEqual([['R1', 0]]);
    const rs = readings(25, T0);
    const takenAt: number[] = [];
    for (const r of rs) {
      feed(tracker, [r]);
      for (const rec of tracker.takeChanged()) takenAt.push(rec.characteristics[0].n);
    }
    // Handed out new (no readings yet) above; then once 10 s of sample time on, and again.
    expect(takenAt).toEqual([11, 21]);
    expect(tracker.pendingCount).toBe(1);
    tracker.mark('acme', end('R1', T0 + 30_000));
    expect(tracker.takeChanged().map((r) => [r.status, r.characteristics[0].n])).toEqual([['final', 25]]);
    expect(tracker.pendingCount).toBe(0);
  });

  it('judges verdicts: conforming, nonconforming from one reading out, insufficient without readings', () => {
    const tracker = new ReelTracker(specOf, { maxHeld: 0 });
    tracker.mark('acme', start('R1', T0, 'NYY-3x2.5'));
    feed(tracker, readings(40, T0));
    tracker.mark('acme', start('R2', T0 + 40_000, 'NYY-3x2.5'));
    feed(
      tracker,
      readings(40, T0 + 40_000, 1000, (i) => i === 7),
    );
    tracker.mark('acme', start('R3', T0 + 80_000));
    tracker.mark('acme', end('R3', T0 + 90_000));
    tracker.mark('acme', start('R4', T0 + 90_000));
    feed(tracker, readings(10, T0 + 90_000));
    tracker.mark('acme', end('R4', T0 + 100_000));
    const verdicts = Object.fromEntries(tracker.takeChanged().map((r) => [r.reel, r.verdict]));
    expect(verdicts).toEqual({ R1: 'conforming', R2: 'nonconforming', R3: 'insufficient-data', R4: 'insufficient-data' });
  });

  it('keeps the enterprises apart and forgets one that is handed over', () => {
    const tracker = new ReelTracker(specOf, { maxHeld: 0 });
    tracker.mark('acme', start('R1', T0));
    tracker.mark('bolt', start('R9', T0));
    tracker.reading('bolt', 'L1', 'conductor_diameter', T0 + 1, 2.7);
    expect(tracker.openRecords('acme')[0].characteristics).toEqual([]);
    tracker.forgetEnterprise('bolt');
    expect(tracker.openRecords().map((r) => r.reel)).toEqual(['R1']);
    expect(tracker.takeChanged().map((r) => r.reel)).toEqual(['R1']);
  });

  it('counts readings that came before the mark of their reel (batches ingested out of order) by sample time', () => {
    const tracker = new ReelTracker(specOf, { holdMs: 1e9 }); // holds until settled
    const rs = readings(200, T0);
    const cut = T0 + 100_000;
    // Batches ingested out of order: R2's start and R1's first readings come after later readings.
    feed(tracker, rs.slice(120, 160));
    tracker.holdMark('acme', start('R2', cut, 'NYY-3x2.5'));
    feed(tracker, rs.slice(90, 120));
    tracker.holdMark('acme', start('R1', T0, 'NYY-3x2.5'));
    feed(tracker, rs.slice(0, 90));
    feed(tracker, rs.slice(160));
    expect(tracker.heldCount).toBe(202);
    expect(tracker.takeChanged()).toEqual([]);
    tracker.settle();
    expect(tracker.heldCount).toBe(0);
    const records = tracker.takeChanged();
    const r1 = records.find((r) => r.reel === 'R1')!;
    const r2 = records.find((r) => r.reel === 'R2')!;
    expect(r1).toMatchObject({ status: 'final', endedBy: 'next-start', lateReadings: 0 });
    expect(statsOf(r1.characteristics[0])).toEqual(rounded(plainStatistics(rs, T0, cut, LIMITS.lsl, LIMITS.usl)));
    expect(statsOf(r2.characteristics[0])).toEqual(rounded(plainStatistics(rs, cut, null, LIMITS.lsl, LIMITS.usl)));
    expect(tracker.takeProblems()).toEqual([]);
  });

  it('keeps a held mark that cannot apply as a problem with why', () => {
    const tracker = new ReelTracker(specOf);
    tracker.holdMark('acme', end('R7', T0));
    tracker.settle();
    expect(tracker.takeProblems()).toEqual([`reel R7 ended on line L1 at ${new Date(T0).toISOString()} but no reel is open on the line`]);
    expect(tracker.markProblems).toBe(1);
  });

  it('counts the older half of the held readings once a line holds more than maxHeld', () => {
    const tracker = new ReelTracker(specOf, { maxHeld: 10, holdMs: 1e9 });
    tracker.mark('acme', start('R1', T0, 'NYY-3x2.5'));
    feed(tracker, readings(11, T0)); // T0 .. T0 + 10 s
    expect(tracker.openRecords()[0].characteristics[0].n).toBe(6); // counted up to T0 + 5 s
    expect(tracker.heldCount).toBe(5);
  });

  it('counts a streaming line as its readings move on, holdMs behind the newest, without waiting for the ingest to idle', () => {
    const tracker = new ReelTracker(specOf, { holdMs: 10_000 });
    tracker.holdMark('acme', start('R1', T0, 'NYY-3x2.5'));
    const rs = readings(25, T0); // T0 .. T0 + 24 s, one a second
    feed(tracker, rs.slice(0, 20));
    // Twice the hold has not built up yet (19 s): everything still waits for a mark that may come behind.
    expect(tracker.heldCount).toBe(21);
    feed(tracker, rs.slice(20, 22)); // T0 + 21 s: 21 s > 2 x 10 s
    // Counted up to T0 + 11 s (the newest less the hold): 12 readings; the rest wait.
    expect(tracker.openRecords()[0].characteristics[0].n).toBe(12);
    expect(tracker.heldCount).toBe(10);
    tracker.settle();
    expect(statsOf(tracker.openRecords()[0].characteristics[0])).toEqual(rounded(plainStatistics(rs.slice(0, 22), T0, null, LIMITS.lsl, LIMITS.usl)));
  });

  it('holds recorded data replayed fast (not live) until the ingest settles, however far its sample time runs', () => {
    const tracker = new ReelTracker(specOf, { holdMs: 10_000 });
    tracker.holdMark('acme', start('R1', T0, 'NYY-3x2.5'));
    for (const r of readings(60, T0)) tracker.reading('acme', 'L1', 'conductor_diameter', r.ts, r.value, r.positionM, false);
    expect(tracker.heldCount).toBe(61);
    tracker.settle();
    expect(tracker.openRecords()[0].characteristics[0].n).toBe(60);
  });
});
