import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../../../spc/analyze.js';
import { SeriesMonitor } from '../../../spc/series-monitor.js';
import { SIGNAL, SIGNAL_NAMES, type SignalName } from '../../../spc/signals.js';
import { SeededRandom } from '../../../simulators/random.js';

/** A line with some in-control stretch, then a step, a drift and a variance change. */
function syntheticSeries(seed: number, n: number): number[] {
  const rng = new SeededRandom(seed);
  const xs: number[] = [];
  for (let i = 0; i < n; i++) {
    let mean = 0.8;
    let sd = 0.02;
    if (i > n * 0.3) mean += 0.015; // step
    if (i > n * 0.5) mean += ((i - n * 0.5) / n) * 0.1; // drift
    if (i > n * 0.8) sd *= 2; // variance increase
    xs.push(Math.max(0, mean + sd * rng.normal()));
  }
  return xs;
}

function batchSignals(xs: number[], baseline: number): Record<SignalName, number[]> {
  return analyzeSeries({ samples: xs, totalRows: xs.length, rejected: [], spec: { lsl: null, usl: null }, options: { baseline } }).signals;
}

function streamSignals(monitor: SeriesMonitor, xs: number[], from = 0): Record<SignalName, number[]> {
  const out = Object.fromEntries(SIGNAL_NAMES.map((n) => [n, [] as number[]])) as Record<SignalName, number[]>;
  for (let i = from; i < xs.length; i++) {
    const mask = monitor.push(xs[i]);
    for (const name of SIGNAL_NAMES) if (mask & SIGNAL[name]) out[name].push(i);
  }
  return out;
}

function atOrAfter(signals: Record<SignalName, number[]>, start: number): Record<SignalName, number[]> {
  return Object.fromEntries(SIGNAL_NAMES.map((n) => [n, signals[n].filter((i) => i >= start)])) as Record<SignalName, number[]>;
}

describe('SeriesMonitor (streaming) against analyzeSeries (batch)', () => {
  it('gives exactly the batch signals at every index from the baseline on, on long random series', () => {
    for (const [seed, n, baseline] of [
      [1, 20_000, 200],
      [2, 50_000, 200],
      [3, 5_000, 2],
      [4, 5_000, 37],
      [5, 30_000, 1000],
    ] as const) {
      const xs = syntheticSeries(seed, n);
      const batch = atOrAfter(batchSignals(xs, baseline), baseline);
      const stream = streamSignals(new SeriesMonitor({ baseline }), xs);
      expect(stream, `seed ${seed}, baseline ${baseline}`).toEqual(batch);
      // The series must actually exercise every chart for the comparison to mean something.
      for (const name of SIGNAL_NAMES) expect(batch[name].length, `${name} signals in seed ${seed}`).toBeGreaterThan(0);
    }
  });

  it('raises nothing inside the baseline window, and signals from the first index after it', () => {
    const baseline = 50;
    const xs = syntheticSeries(7, baseline).concat([10, 10, 10]);
    const monitor = new SeriesMonitor({ baseline });
    for (let i = 0; i < baseline; i++) expect(monitor.push(xs[i]), `index ${i}`).toBe(0);
    expect(monitor.baseline?.n).toBe(baseline);
    const first = monitor.push(xs[baseline]);
    expect(first & SIGNAL.rule1).toBe(SIGNAL.rule1);
    expect(first).toBe(signalMaskAt(xs, baseline, baseline));
  });

  it('matches the batch at the boundary even when the baseline itself contains signals', () => {
    // A big outlier at index baseline - 1 keeps rule 2/EWMA state alive across the boundary.
    const baseline = 20;
    const xs = syntheticSeries(8, 200);
    xs[baseline - 1] = 1.5;
    xs[baseline - 2] = 1.4;
    const batch = atOrAfter(batchSignals(xs, baseline), baseline);
    expect(streamSignals(new SeriesMonitor({ baseline }), xs)).toEqual(batch);
  });

  it('survives a snapshot and restore (through JSON) at any point, inside or after the baseline', () => {
    const baseline = 100;
    const xs = syntheticSeries(9, 3000);
    const expected = streamSignals(new SeriesMonitor({ baseline }), xs);
    for (const cut of [0, 1, 50, 99, 100, 101, 1234]) {
      const first = new SeriesMonitor({ baseline });
      const head = streamSignals(first, xs.slice(0, cut));
      const restored = SeriesMonitor.restore(JSON.parse(JSON.stringify(first.snapshot())));
      const tail = streamSignals(restored, xs, cut);
      const joined = Object.fromEntries(SIGNAL_NAMES.map((n) => [n, [...head[n], ...tail[n]]]));
      expect(joined, `cut at ${cut}`).toEqual(expected);
      expect(restored.samples).toBe(xs.length);
    }
  });

  it('exposes the EWMA and CUSUM state once monitoring', () => {
    const monitor = new SeriesMonitor({ baseline: 10 });
    expect(monitor.ewma).toBeNaN();
    for (let i = 0; i < 10; i++) monitor.push(i % 2);
    expect(monitor.baseline?.mean).toBeCloseTo(0.5, 15);
    expect(Number.isFinite(monitor.ewma)).toBe(true);
    expect(monitor.cusumUpper).toBeGreaterThanOrEqual(0);
  });
});

function signalMaskAt(xs: number[], index: number, baseline: number): number {
  const s = batchSignals(xs.slice(0, index + 1), baseline);
  let mask = 0;
  for (const name of SIGNAL_NAMES) if (s[name].includes(index)) mask |= SIGNAL[name];
  return mask;
}
