import { describe, expect, it } from 'vitest';
import { GatewayModel, type Interval } from '../../../simulators/gateway-model.js';

const HOUR = 3_600_000;

function totalMs(intervals: Interval[]): number {
  return intervals.reduce((sum, o) => sum + (o.endMs - o.startMs), 0);
}

describe('GatewayModel: planned outages', () => {
  const gw = new GatewayModel(
    {
      outages: [
        { startMs: 10_000, durationMs: 5_000 },
        { startMs: 12_000, durationMs: 8_000 },
        { startMs: 60_000, durationMs: 1_000 },
      ],
    },
    1,
  );

  it('is offline exactly within an outage, overlapping outages merged', () => {
    expect(gw.isOnline(9_999)).toBe(true);
    expect(gw.isOnline(10_000)).toBe(false);
    expect(gw.isOnline(19_999)).toBe(false);
    expect(gw.isOnline(20_000)).toBe(true);
    expect(gw.offline(0, 100_000)).toEqual([
      { startMs: 10_000, endMs: 20_000 },
      { startMs: 60_000, endMs: 61_000 },
    ]);
  });

  it('gives the availability windows between the outages, clipped to the range asked for', () => {
    expect(gw.onlineWindows(5_000, 65_000)).toEqual([
      { startMs: 5_000, endMs: 10_000 },
      { startMs: 20_000, endMs: 60_000 },
      { startMs: 61_000, endMs: 65_000 },
    ]);
    expect(gw.onlineWindows(12_000, 15_000)).toEqual([]);
  });

  it('has no outages and no skew by default', () => {
    const plain = new GatewayModel({}, 1);
    expect(plain.onlineWindows(0, HOUR)).toEqual([{ startMs: 0, endMs: HOUR }]);
    expect(plain.clockSkewMs).toBe(0);
    expect(new GatewayModel({ clockSkewMs: -1500 }, 1).clockSkewMs).toBe(-1500);
  });

  it('rejects impossible parameters', () => {
    expect(() => new GatewayModel({ outages: [{ startMs: -1, durationMs: 5 }] }, 1)).toThrow(RangeError);
    expect(() => new GatewayModel({ flaky: { outagesPerHour: 10, minDurationMs: 50, maxDurationMs: 10 } }, 1)).toThrow(RangeError);
  });
});

describe('GatewayModel: flaky connectivity', () => {
  const flaky = { outagesPerHour: 30, minDurationMs: 2_000, maxDurationMs: 20_000, fromMs: 60_000 };

  it('has outages at the stated rate, each of a duration within the bounds', () => {
    const hours = 200;
    const outages = new GatewayModel({ flaky }, 3).offline(0, hours * HOUR);
    for (const o of outages) {
      expect(o.endMs - o.startMs).toBeGreaterThanOrEqual(flaky.minDurationMs);
      expect(o.endMs - o.startMs).toBeLessThanOrEqual(flaky.maxDurationMs + 1);
    }
    // Poisson arrivals over up-time: the expected count over the whole time
    // is hours / (1/rate + mean duration), with a Poisson-like spread.
    const meanDurationHours = (flaky.minDurationMs + flaky.maxDurationMs) / 2 / HOUR;
    const expected = hours / (1 / flaky.outagesPerHour + meanDurationHours);
    expect(Math.abs(outages.length - expected)).toBeLessThan(4 * Math.sqrt(expected));
    expect(outages[0].startMs).toBeGreaterThanOrEqual(flaky.fromMs);
  });

  it('is the same for the same seed, whatever order the times are asked in', () => {
    const a = new GatewayModel({ flaky }, 4);
    const b = new GatewayModel({ flaky }, 4);
    const probes = Array.from({ length: 2_000 }, (_, i) => i * 1_800);
    const forward = probes.map((t) => a.isOnline(t));
    b.offline(0, 10 * HOUR); // generate far ahead first
    expect(probes.map((t) => b.isOnline(t))).toEqual(forward);
    expect(new GatewayModel({ flaky }, 5).offline(0, HOUR)).not.toEqual(a.offline(0, HOUR));
  });

  it('online windows and outages partition the range', () => {
    const gw = new GatewayModel({ flaky, outages: [{ startMs: 100_000, durationMs: 300_000 }] }, 6);
    const from = 30_000;
    const to = 2 * HOUR;
    const on = gw.onlineWindows(from, to);
    const off = gw.offline(from, to);
    expect(totalMs(on) + totalMs(off)).toBe(to - from);
    for (const w of on) {
      expect(gw.isOnline(w.startMs)).toBe(true);
      expect(gw.isOnline(w.endMs - 1)).toBe(true);
    }
    for (const o of off) expect(gw.isOnline(o.startMs)).toBe(false);
  });
});
