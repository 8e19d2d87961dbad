import { describe, expect, it } from 'vitest';
import { ruleNames, type AlertEvent } from '../../../monitor/alert.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { resolveLiveOptions, type LiveMonitorOptions } from '../../../monitor/options.js';
import { SeriesWatch, type SpecLimits } from '../../../monitor/series-watch.js';
import { GaugeNoise } from '../../../simulators/gauge-noise.js';

const SERIES = { enterprise: 'acme', line: 'L1', characteristic: 'wall' };
const T0 = 1_700_000_000_000; // a whole number of subgroups
const STEP = 10; // ms between readings: 10 readings per 100 ms subgroup
const MU = 0.8;
const SIGMA = 0.01;
const NO_SPEC: SpecLimits = { lsl: null, usl: null };
const SPEC: SpecLimits = { lsl: 0.7, usl: 0.9 }; // +/- 10 sigma
/** 100 ms subgroups, a one-minute Phase I (600 subgroups), episodes resolve after a quiet minute. */
const FAST = resolveLiveOptions({ subgroupMs: 100, baselineMinutes: 1, autoResolveMinutes: 1 });
const CHART_RULES = new Set(['cusumSmall', 'cusumLarge', 'ewma', 'shewhart']);

/** One series fed with readings every STEP ms from T0; events are stamped with sample time. */
class Rig {
  readonly book = new EpisodeBook();
  readonly events: AlertEvent[] = [];
  readonly watch: SeriesWatch;
  private readonly noise: GaugeNoise;
  /** Index of the next reading. */
  i = 0;

  constructor(spec: SpecLimits = SPEC, options: LiveMonitorOptions = FAST, seed = 1, phi = 0, product: string | null = 'P1') {
    this.watch = new SeriesWatch(SERIES, spec, options, product);
    this.noise = new GaugeNoise({ sigma: SIGMA, phi, tDof: null, seed });
  }

  /** Sample time of the next reading, relative to T0. ms */
  get t(): number {
    return this.i * STEP;
  }

  /** Pushes one reading at the next time; returns its events. */
  push(value: number): AlertEvent[] {
    const ts = T0 + this.i++ * STEP;
    const out: AlertEvent[] = [];
    this.watch.push(ts, value, this.book, ts, out);
    this.events.push(...out);
    return out;
  }

  /** An in-control value: MU + noise. */
  inControl(): number {
    return MU + this.noise.next();
  }

  /** `ms` of readings at MU + offset(t) + noise; returns their events. */
  run(ms: number, offset: (t: number) => number = () => 0): AlertEvent[] {
    const out: AlertEvent[] = [];
    for (const end = this.t + ms; this.t < end; ) out.push(...this.push(MU + offset(this.t) + this.noise.next()));
    return out;
  }

  /** Runs in control until the limits lock. */
  lock(offset = 0): void {
    while (this.watch.limits === null) this.push(MU + offset + this.noise.next());
  }
}

describe('SeriesWatch: Phase I', () => {
  it('charts nothing until the baseline of 600 subgroups locks, then locks version 1', () => {
    const rig = new Rig(SPEC, FAST, 1, 0, 'P1');
    expect(rig.watch.limits).toBeNull();
    expect(rig.watch.baseline).toEqual({ subgroups: 0, needed: 600, refused: 0, lastRefusal: null });
    expect(rig.run(60_000)).toEqual([]);
    // The 600th subgroup closes with the first reading of the next one.
    expect(rig.watch.baseline!.subgroups).toBe(599);
    expect(rig.watch.limits).toBeNull();
    rig.run(STEP);
    const l = rig.watch.limits!;
    expect(l).toMatchObject({ version: 1, reason: 'initial', product: 'P1', subgroups: 600, fromTs: T0 + 90, lockedAtTs: T0 + 59_990, readingsPerSubgroup: 10 });
    expect(Math.abs(l.mean - MU)).toBeLessThan(0.0005);
    expect(Math.abs(l.sdReadings / SIGMA - 1)).toBeLessThan(0.05);
    expect(Math.abs(l.sdMean / (SIGMA / Math.sqrt(10)) - 1)).toBeLessThan(0.1);
    expect(rig.watch.limitsHistory).toEqual([l]);
    expect(rig.watch.baseline).toBeNull();
    expect(rig.watch.product).toBe('P1');
  });

  it('refuses a baseline with a step in it and locks on the settled level', () => {
    const rig = new Rig(SPEC);
    rig.run(30_000);
    rig.run(60_000, () => 3 * SIGMA);
    expect(rig.watch.limits).toBeNull();
    expect(rig.watch.baseline!.refused).toBeGreaterThan(0);
    expect(rig.watch.baseline!.lastRefusal).toMatch(/^quarter [1-4]/);
    rig.lock(3 * SIGMA);
    expect(Math.abs(rig.watch.limits!.mean - (MU + 3 * SIGMA))).toBeLessThan(0.001);
    expect(rig.events).toEqual([]);
  });
});

describe('SeriesWatch: in control', () => {
  it.each([
    [0, 101],
    [0.5, 202],
    [0.8, 303],
  ])('raises nothing in 6 h of in-control readings (AR(1) phi %s, seed %s)', (phi, seed) => {
    // 1 s subgroups of 10 readings, a 10-minute Phase I, the default budget of one false episode a week.
    const options = resolveLiveOptions({ baselineMinutes: 10 });
    const watch = new SeriesWatch(SERIES, NO_SPEC, options);
    const book = new EpisodeBook();
    const noise = new GaugeNoise({ sigma: SIGMA, phi, tDof: null, seed });
    const events: AlertEvent[] = [];
    let pressure = 0;
    for (let i = 0; i < 6 * 36_000; i++) {
      const ts = T0 + i * 100;
      watch.push(ts, MU + noise.next(), book, ts, events);
      if (watch.pressure > pressure) pressure = watch.pressure;
    }
    expect(watch.limits!.lockedAtTs).toBe(T0 + 599_900);
    expect(events).toEqual([]);
    expect(book.list()).toEqual([]);
    expect(pressure).toBeGreaterThan(0.2); // the charts did run
    expect(pressure).toBeLessThan(1);
  });
});

describe('SeriesWatch: episodes from the charts', () => {
  it('opens one episode at a step and counts later signals on it; the charts restart after each signal', () => {
    const rig = new Rig(SPEC);
    rig.lock();
    rig.run(10_000);
    expect(rig.events).toEqual([]);
    const stepAt = rig.t;
    let chartSignals = 0;
    let restarted = 0;
    // A step of 1.5 reading sigma (4.7 residual sigma) for 30 s: 300 subgroups.
    for (const end = rig.t + 30_000; rig.t < end; ) {
      const out = rig.run(STEP, () => 1.5 * SIGMA);
      for (const e of out) {
        if (e.kind === 'raised' || e.kind === 'updated' || e.kind === 'escalated') chartSignals += 1;
        if (rig.watch.snapshot().charts!.values.every((v) => v === 0)) restarted += 1;
      }
    }
    const raised = rig.events.filter((e) => e.kind === 'raised');
    expect(raised).toHaveLength(1);
    const first = raised[0].alert;
    expect(CHART_RULES.has(first.rule)).toBe(true);
    expect(first.firstSampleTs).toBeGreaterThan(T0 + stepAt);
    expect(first.firstSampleTs).toBeLessThan(T0 + stepAt + 1000);
    expect(first.limitsVersion).toBe(1);
    // The level of the signalling subgroup, in reading sigma: about the step.
    expect(first.shiftSigma!).toBeGreaterThan(0.5);
    expect(first.shiftSigma!).toBeLessThan(2.5);
    expect(new Set(rig.events.map((e) => e.alert.id))).toEqual(new Set([first.id]));
    // The large CUSUM needs about 3 subgroups after each restart: far fewer signals than subgroups, more than one.
    expect(chartSignals).toBe(rig.events.length);
    expect(restarted).toBe(chartSignals);
    expect(chartSignals).toBeGreaterThan(40);
    expect(chartSignals).toBeLessThan(150);
    expect(rig.book.get(first.id)!.count).toBe(chartSignals);
  });
});

describe('SeriesWatch: escalation', () => {
  it('escalates a small-shift episode when the large CUSUM fires, and to critical on a long out-of-spec stretch', () => {
    const rig = new Rig({ lsl: null, usl: MU + 5 * SIGMA });
    rig.lock();
    // A small shift, 0.25 reading sigma = 0.8 sigma of the 10-reading means: the small CUSUM's job (k 0.4);
    // the large one's reference value (0.9) is above it, so it stays quiet for the 20 s this takes.
    rig.run(20_000, () => 0.25 * SIGMA);
    const raised = rig.events.filter((e) => e.kind === 'raised');
    expect(raised).toHaveLength(1);
    expect(raised[0].alert).toMatchObject({ rule: 'cusumSmall', severity: 'medium' });
    const id = raised[0].alert.id;
    expect(rig.events.every((e) => e.alert.severity === 'medium')).toBe(true);
    // Then a large one: the large CUSUM fires on the same episode.
    const large = rig.run(10_000, () => 1.5 * SIGMA);
    const escalated = large.filter((e) => e.kind === 'escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0].alert).toMatchObject({ id, severity: 'high' });
    expect(ruleNames(escalated[0].alert)).toEqual(['cusumSmall', 'cusumLarge']);
    // Product out of spec for 2 s, longer than outOfSpecCriticalMs (1 s): critical.
    const start = rig.t;
    const out = rig.run(2000, () => 8 * SIGMA);
    const critical = out.filter((e) => e.kind === 'escalated');
    expect(critical).toHaveLength(1);
    expect(critical[0].alert).toMatchObject({ id, severity: 'critical' });
    expect(critical[0].alert.outOfSpec!.longestMs).toBeGreaterThanOrEqual(FAST.outOfSpecCriticalMs);
    expect(critical[0].alert.lastSampleTs - (T0 + start)).toBeLessThanOrEqual(FAST.outOfSpecCriticalMs + STEP);
    expect(ruleNames(critical[0].alert)).toEqual(['cusumSmall', 'cusumLarge', 'outOfSpec']);
    // Severity never falls: the small CUSUM keeps counting on a critical episode.
    const after = rig.run(30_000, () => 0.5 * SIGMA);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((e) => e.alert.id === id && e.alert.severity === 'critical' && e.kind === 'updated')).toBe(true);
    expect(rig.events.filter((e) => e.kind === 'raised')).toHaveLength(1);
  });

  it('keeps a short out-of-spec glitch at high', () => {
    const rig = new Rig({ lsl: null, usl: MU + 5 * SIGMA });
    rig.run(1000);
    const glitch = rig.run(500, () => 8 * SIGMA);
    rig.run(5000);
    expect(glitch[0]).toMatchObject({ kind: 'raised', alert: { rule: 'outOfSpec', severity: 'high' } });
    expect(rig.events.some((e) => e.kind === 'escalated')).toBe(false);
    expect(rig.book.list()[0].severity).toBe('high');
  });
});

describe('SeriesWatch: product out of spec', () => {
  /** In-control readings except the out-of-spec values given by time (ms from T0). */
  function scripted(out: Record<number, number>, untilMs: number, options = FAST): Rig {
    const rig = new Rig(SPEC, options);
    while (rig.t < untilMs) rig.push(out[rig.t] ?? rig.inControl());
    return rig;
  }

  it('opens an episode at the first reading out of spec, before any limits, and gathers the evidence', () => {
    const out: Record<number, number> = {};
    for (let t = 1000; t <= 1050; t += STEP) out[t] = 0.95; // 6 above
    for (let t = 1500; t <= 1520; t += STEP) out[t] = 0.65; // 3 below, 450 ms later: same stretch
    for (let t = 3000; t <= 3020; t += STEP) out[t] = 0.91; // 3 above, 1,480 ms later: a new stretch
    const rig = scripted(out, 5000);
    const [raised, ...rest] = rig.events;
    expect(raised.kind).toBe('raised');
    expect(raised.alert).toMatchObject({
      rule: 'outOfSpec',
      severity: 'high',
      firstSampleTs: T0 + 1000,
      firstValue: 0.95,
      limitsVersion: null,
      outOfSpec: { readings: 1, below: 0, above: 1, stretches: 1, longestMs: 0, totalMs: 0 },
    });
    // One update per subgroup with out-of-spec readings, not one per reading.
    expect(rest.map((e) => [e.kind, e.alert.lastSampleTs - T0, e.alert.outOfSpec!.readings])).toEqual([
      ['updated', 1050, 6],
      ['updated', 1520, 9],
      ['updated', 3020, 12],
    ]);
    expect(rig.book.get(raised.alert.id)).toMatchObject({
      count: 12,
      lastValue: 0.91,
      severity: 'high',
      outOfSpec: { readings: 12, below: 3, above: 9, stretches: 2, longestMs: 520, totalMs: 540 },
      rules: [{ rule: 'outOfSpec', count: 12, firstSampleTs: T0 + 1000, lastSampleTs: T0 + 3020 }],
    });
  });

  it('tells the gap rule apart by outOfSpecGapMs', () => {
    const out: Record<number, number> = { 1000: 0.95, 1300: 0.95, 1700: 0.95 };
    const loose = scripted(out, 3000);
    const tight = scripted(out, 3000, resolveLiveOptions({ ...FAST, outOfSpecGapMs: 350 }));
    expect(loose.book.list()[0].outOfSpec).toMatchObject({ stretches: 1, longestMs: 700, totalMs: 700 });
    expect(tight.book.list()[0].outOfSpec).toMatchObject({ stretches: 2, longestMs: 300, totalMs: 300 });
  });

  it('makes an episode critical once a stretch lasts longer than outOfSpecCriticalMs', () => {
    const out: Record<number, number> = {};
    for (let t = 5000; t <= 6500; t += STEP) out[t] = 0.65;
    const rig = scripted(out, 8000);
    const kinds = rig.events.map((e) => e.kind);
    expect(kinds.filter((k) => k === 'escalated')).toHaveLength(1);
    const escalated = rig.events.find((e) => e.kind === 'escalated')!;
    expect(escalated.alert.severity).toBe('critical');
    const at = escalated.alert.lastSampleTs - T0;
    expect(at).toBeGreaterThanOrEqual(6000);
    expect(at).toBeLessThanOrEqual(6010);
    expect(rig.book.list()[0].outOfSpec).toMatchObject({ readings: 151, below: 151, stretches: 1, longestMs: 1500, totalMs: 1500 });
  });

  it('uses the raw readings, not the winsorised ones, and reports the limits version once locked', () => {
    const rig = new Rig(SPEC);
    rig.lock();
    const [raised] = rig.run(STEP, () => 0.2);
    expect(raised.alert).toMatchObject({ rule: 'outOfSpec', limitsVersion: 1 });
    expect(raised.alert.firstValue).toBeGreaterThan(0.95);
  });
});

describe('SeriesWatch: resolving by itself', () => {
  function scripted(out: number[], untilMs: number): Rig {
    const rig = new Rig(SPEC);
    const times = new Set(out);
    while (rig.t < untilMs) rig.push(times.has(rig.t) ? 0.95 : rig.inControl());
    return rig;
  }

  it('resolves after autoResolveMinutes of quiet sample time; a later signal opens a new episode', () => {
    const rig = scripted([10_000, 100_000], 120_000);
    expect(rig.events.map((e) => [e.kind, e.alert.firstSampleTs - T0])).toEqual([
      ['raised', 10_000],
      ['resolved', 10_000],
      ['raised', 100_000],
    ]);
    const resolved = rig.events[1];
    // The first subgroup whose last reading is a minute after the signal: [70,000, 70,100).
    expect(resolved.alert).toMatchObject({ status: 'resolved', resolvedSampleTs: T0 + 70_090, resolved: { by: 'auto', cause: null, action: null } });
    expect(resolved.at).toBe(T0 + 70_100);
    expect(rig.events[2].alert.id).not.toBe(rig.events[0].alert.id);
    expect(rig.book.openFor(SERIES)!.id).toBe(rig.events[2].alert.id);
  });

  it('keeps the episode open when a signal comes before the quiet minute is over', () => {
    const rig = scripted([10_000, 69_000], 140_000);
    expect(rig.events.map((e) => [e.kind, e.alert.count])).toEqual([
      ['raised', 1],
      ['updated', 2],
      ['resolved', 2],
    ]);
    expect(rig.events[2].alert.resolvedSampleTs).toBe(T0 + 129_090);
    expect(new Set(rig.events.map((e) => e.alert.id)).size).toBe(1);
  });

  it('keeps the episode open through an out-of-spec stretch longer than the quiet minute', () => {
    const times: number[] = [];
    for (let t = 10_000; t <= 130_000; t += STEP) times.push(t);
    const rig = scripted(times, 200_000);
    const resolved = rig.events.filter((e) => e.kind === 'resolved');
    expect(resolved).toHaveLength(1);
    expect(resolved[0].alert.resolvedSampleTs).toBe(T0 + 190_090);
    expect(resolved[0].alert.outOfSpec).toMatchObject({ readings: times.length, stretches: 1, longestMs: 120_000 });
    expect(rig.events.filter((e) => e.kind === 'raised')).toHaveLength(1);
  });

  it('resolves a chart episode a quiet minute after its last signal', () => {
    const rig = new Rig(SPEC);
    rig.lock();
    rig.run(5000, () => 2 * SIGMA);
    const lastSignal = rig.book.openFor(SERIES)!.lastSampleTs;
    const back = rig.run(90_000);
    expect(back.map((e) => e.kind)).toEqual(['resolved']);
    const ts = back[0].alert.resolvedSampleTs!;
    expect(ts - lastSignal).toBeGreaterThanOrEqual(60_000);
    expect(ts - lastSignal).toBeLessThan(60_100);
    // The next shift is a new episode.
    const again = rig.run(5000, () => 2 * SIGMA);
    expect(again[0].kind).toBe('raised');
    expect(again[0].alert.id).not.toBe(back[0].alert.id);
  });

  it('stops counting on an episode a person resolved', () => {
    const rig = scripted([10_000], 11_000);
    const id = rig.events[0].alert.id;
    rig.book.resolve(id, 'qa', 'scrap removed', 0, 'material', 'quarantined-product');
    while (rig.t < 12_000) rig.push(rig.t === 11_500 ? 0.95 : rig.inControl());
    const raised = rig.events.filter((e) => e.kind === 'raised');
    expect(raised).toHaveLength(2);
    expect(raised[1].alert.id).not.toBe(id);
    expect(rig.book.get(id)!.count).toBe(1);
  });
});

describe('SeriesWatch: an episode resolved by a person', () => {
  it('leaves nothing pending: the next episode is published once per change', () => {
    const rig = new Rig(SPEC, FAST, 71);
    rig.lock();
    rig.run(990);
    // Two readings out of spec; the second is counted in place, to be published at the subgroup's close.
    rig.push(0.95);
    rig.push(0.95);
    const id = rig.book.openFor(SERIES)!.id;
    rig.book.resolve(id, 'qa', 'scrap removed', 0, 'material', 'quarantined-product');
    rig.run(10_000);
    expect(rig.events.map((e) => e.kind)).toEqual(['raised']);
    // A step later: one 'raised' for the new episode, no echo of the old change.
    const step = rig.run(2000, () => 2 * SIGMA);
    expect(step[0].kind).toBe('raised');
    const first = step.filter((e) => e.alert.lastSampleTs === step[0].alert.lastSampleTs);
    expect(first.map((e) => e.kind)).toEqual(['raised']);
  });
});

describe('SeriesWatch: re-establishing the limits', () => {
  it('re-establishes at a change of product: no charts until a new Phase I locks version 2 on the new data', () => {
    const rig = new Rig(SPEC, FAST, 9, 0, 'P1');
    rig.lock();
    const v1 = rig.watch.limits!;
    rig.run(5000);
    rig.watch.changeProduct('P2', { lsl: 0.8, usl: 1.0 });
    expect(rig.watch.product).toBe('P2');
    expect(rig.watch.limits).toBeNull();
    expect(rig.watch.baseline).toEqual({ subgroups: 0, needed: 600, refused: 0, lastRefusal: null });
    expect(rig.watch.pressure).toBe(0);
    // The new product runs 10 sigma above the old limits: no chart fires while Phase I runs.
    const during = rig.run(59_000, () => 10 * SIGMA);
    expect(during).toEqual([]);
    expect(rig.watch.limits).toBeNull();
    rig.lock(10 * SIGMA);
    const v2 = rig.watch.limits!;
    expect(v2).toMatchObject({ version: 2, reason: 'product-change', product: 'P2', subgroups: 600 });
    expect(Math.abs(v2.mean - (MU + 10 * SIGMA))).toBeLessThan(0.0005);
    expect(rig.watch.limitsHistory).toEqual([v1, v2]);
    expect(v1).toMatchObject({ version: 1, reason: 'initial', product: 'P1' });
    // In control at the new level: still nothing; a step from it is seen against version 2.
    expect(rig.run(30_000, () => 10 * SIGMA)).toEqual([]);
    const step = rig.run(5000, () => 12 * SIGMA);
    expect(step[0].alert).toMatchObject({ limitsVersion: 2 });
    expect(CHART_RULES.has(step[0].alert.rule)).toBe(true);
  });

  it('starts the new baseline with the new product: the subgroup in progress at the change is not part of it', () => {
    const rig = new Rig(SPEC, FAST, 9, 0, 'P1');
    rig.lock();
    rig.run(5050); // half-way through a subgroup
    rig.watch.changeProduct('P2', { lsl: 0.8, usl: 1.0 });
    const changedAt = rig.t;
    rig.lock(10 * SIGMA);
    // Not refused for a subgroup half made of P1: it locks once 600 subgroups of P2 are in.
    expect(rig.watch.limitsHistory[1]).toMatchObject({ version: 2, subgroups: 600 });
    expect(rig.t - changedAt).toBeLessThanOrEqual(60_100);
    expect(rig.watch.limitsHistory[1].fromTs).toBeGreaterThan(T0 + changedAt);
  });

  it('checks the new spec at once, even during the new Phase I', () => {
    const rig = new Rig(SPEC, FAST, 9, 0, 'P1');
    rig.lock();
    rig.watch.changeProduct('P2', { lsl: 0.85, usl: 1.0 });
    const [raised] = rig.run(STEP);
    expect(raised.alert).toMatchObject({ rule: 'outOfSpec', limitsVersion: null, outOfSpec: { below: 1 } });
  });

  it('changes nothing but the spec when the product is the same', () => {
    const rig = new Rig(SPEC, FAST, 9, 0, 'P1');
    rig.lock();
    const v1 = rig.watch.limits;
    const charts = rig.watch.snapshot().charts;
    rig.watch.changeProduct('P1', { lsl: 0.7, usl: 0.8 });
    expect(rig.watch.limits).toBe(v1);
    expect(rig.watch.limitsHistory).toHaveLength(1);
    expect(rig.watch.baseline).toBeNull();
    expect(rig.watch.snapshot().charts).toEqual(charts);
    // The new upper limit applies.
    const out = rig.run(1000, () => 3 * SIGMA);
    expect(out[0].alert.rule).toBe('outOfSpec');
  });

  it('re-establishes on request, keeping the product', () => {
    const rig = new Rig(SPEC, FAST, 9, 0, 'P1');
    rig.lock();
    rig.watch.reestablish('request');
    expect(rig.watch.limits).toBeNull();
    expect(rig.run(30_000, () => 4 * SIGMA)).toEqual([]);
    rig.lock(4 * SIGMA);
    expect(rig.watch.limits).toMatchObject({ version: 2, reason: 'request', product: 'P1' });
    expect(Math.abs(rig.watch.limits!.mean - (MU + 4 * SIGMA))).toBeLessThan(0.0005);
  });
});

describe('SeriesWatch: checkpoints and restarts', () => {
  const P2_SPEC: SpecLimits = { lsl: 0.8, usl: 1.0 };
  const CHANGE_AT = 15_000; // reading index of the change to product P2 (150 s)
  const END = 24_000; // 240 s

  /** A day in the life, reading by reading: Phase I, a step, product out of spec, a quiet spell, a product change. */
  function scenarioValues(seed: number): number[] {
    const noise = new GaugeNoise({ sigma: SIGMA, phi: 0.3, tDof: null, seed });
    const values: number[] = [];
    for (let i = 0; i < END; i++) {
      const t = i * STEP;
      let v = MU + noise.next();
      if (t >= 65_000 && t < 70_000) v += 1.5 * SIGMA; // a step: a chart episode
      if (t >= 75_000 && t < 77_000) v = 0.95; // 2 s out of spec: critical
      if (t >= 150_000) v += 10 * SIGMA; // product P2 runs higher
      if (t >= 215_000 && t < 215_300) v = 1.05; // a glitch out of P2's spec
      if (t >= 220_000) v += 0.7 * SIGMA; // a small shift under P2's limits
      values.push(v);
    }
    return values;
  }

  function specAt(i: number): SpecLimits {
    return i >= CHANGE_AT ? P2_SPEC : SPEC;
  }

  /** Feeds readings [from, to) to the watch; returns the events. */
  function feed(watch: SeriesWatch, book: EpisodeBook, values: number[], from: number, to: number): AlertEvent[] {
    const events: AlertEvent[] = [];
    for (let i = from; i < to; i++) {
      if (i === CHANGE_AT) watch.changeProduct('P2', P2_SPEC);
      const ts = T0 + i * STEP;
      watch.push(ts, values[i], book, ts, events);
    }
    return events;
  }

  const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
  const values = scenarioValues(77);
  const whole = (() => {
    const book = new EpisodeBook();
    const watch = new SeriesWatch(SERIES, SPEC, FAST, 'P1');
    const byIndex: AlertEvent[][] = [];
    for (let i = 0; i < END; i++) byIndex.push(feed(watch, book, values, i, i + 1));
    return { book, byIndex, events: byIndex.flat(), watch };
  })();
  const eventsFrom = (i: number): AlertEvent[] => whole.byIndex.slice(i).flat();

  it('runs a scenario with every kind of event (so the comparisons below mean something)', () => {
    const kinds = new Set(whole.events.map((e) => e.kind));
    expect([...kinds].sort()).toEqual(['escalated', 'raised', 'resolved', 'updated']);
    expect(whole.watch.limitsHistory.map((l) => [l.version, l.reason, l.product])).toEqual([
      [1, 'initial', 'P1'],
      [2, 'product-change', 'P2'],
    ]);
    const episodes = whole.book.list();
    expect(episodes.length).toBeGreaterThanOrEqual(2);
    expect(episodes.some((a) => a.severity === 'critical' && a.status === 'resolved' && a.resolved!.by === 'auto')).toBe(true);
  });

  it('round-trips a snapshot through JSON: NaN and Infinity become null and are read back', () => {
    const fresh = new SeriesWatch(SERIES, SPEC, FAST, 'P1');
    const state = json(fresh.snapshot());
    expect(state.subgroup.id).toBeNull();
    expect(state.stretch).toEqual({ startTs: null, lastTs: null });
    expect(state.previousDev).toBeNull();
    expect(state.replayedUntil).toBeNull();
    expect(state.phase!.reference).toBeNull();
    for (const at of [0, 3_000, 6_005, 6_700, 15_000, 21_600]) {
      const watch = new SeriesWatch(SERIES, SPEC, FAST, 'P1');
      feed(watch, new EpisodeBook(), values, 0, at);
      const saved = json(watch.snapshot());
      const restored = SeriesWatch.restore(SERIES, specAt(at), FAST, saved);
      expect(json(restored.snapshot())).toEqual(saved);
      expect(restored.limits).toEqual(watch.limits);
      expect(restored.limitsHistory).toEqual(watch.limitsHistory);
      expect(restored.baseline).toEqual(watch.baseline);
      expect(restored.product).toBe(watch.product);
      expect(restored.pressure).toBe(watch.pressure);
    }
    // A checkpoint from before `pending` existed still restores.
    const watch = new SeriesWatch(SERIES, SPEC, FAST, 'P1');
    feed(watch, new EpisodeBook(), values, 0, 7_000);
    const old = json(watch.snapshot());
    delete old.pending;
    expect(SeriesWatch.restore(SERIES, SPEC, FAST, old).limits).toEqual(watch.limits);
  });

  it.each([
    ['in Phase I', 3_000],
    ['just after the limits locked', 6_005],
    ['during a chart episode', 6_700],
    ['during a quiet spell with an episode open', 9_000],
    ['during an out-of-spec stretch', 7_555],
    ['at the first reading of a subgroup during an out-of-spec stretch', 7_560],
    ['during the new Phase I after a product change', 17_000],
    ['under the new limits', 21_600],
  ])('continues from a checkpoint %s exactly as an uninterrupted run', (_, at) => {
    const book = new EpisodeBook();
    const watch = new SeriesWatch(SERIES, SPEC, FAST, 'P1');
    const before = feed(watch, book, values, 0, at);
    expect(before).toEqual(whole.byIndex.slice(0, at).flat());
    // A restart: the checkpoint and the stored events are all that is left.
    const saved = json(watch.snapshot());
    const stored = json(before);
    const rebuilt = new EpisodeBook();
    for (const e of stored) rebuilt.replay(e);
    const restored = SeriesWatch.restore(SERIES, specAt(at), FAST, saved);
    restored.adoptEpisodes(rebuilt);
    const after = feed(restored, rebuilt, values, at, END);
    expect(after).toEqual(eventsFrom(at));
    expect(rebuilt.list()).toEqual(whole.book.list());
  });

  it('does not count twice nor reopen when readings since an older checkpoint are sent again', () => {
    for (const [checkpoint, crash] of [
      [6_400, 6_800], // a checkpoint during the step; the crash a few signals later
      [6_800, 7_560], // the crash during the out-of-spec stretch
      [7_000, 14_000], // the episode auto-resolved between them
      [7_555, 7_590], // the checkpoint during the out-of-spec stretch, with counts not yet published
      [7_555, 9_000], // the same, the counts published before the crash
      [14_000, 22_000], // a product change and a new Phase I between them
    ]) {
      const book = new EpisodeBook();
      const watch = new SeriesWatch(SERIES, SPEC, FAST, 'P1');
      const stored = feed(watch, book, values, 0, checkpoint);
      const saved = json(watch.snapshot());
      stored.push(...feed(watch, book, values, checkpoint, crash));
      // Restart: the older checkpoint, every stored event, then the readings since the checkpoint again.
      const rebuilt = new EpisodeBook();
      for (const e of json(stored)) rebuilt.replay(e);
      const restored = SeriesWatch.restore(SERIES, specAt(checkpoint), FAST, saved);
      restored.adoptEpisodes(rebuilt);
      const resent = feed(restored, rebuilt, values, checkpoint, crash);
      expect(resent).toEqual([]);
      expect(rebuilt.list()).toEqual(book.list());
      // From then on it goes on as if nothing had happened.
      const after = feed(restored, rebuilt, values, crash, END);
      expect(after).toEqual(eventsFrom(crash));
      expect(rebuilt.list()).toEqual(whole.book.list());
    }
  });
});

describe('SeriesWatch: robustness of the charted means', () => {
  it('winsorises wild readings before they reach the subgroup mean (spec checks use the raw reading)', () => {
    const wild = (rig: Rig): AlertEvent[] => {
      rig.lock();
      rig.run(5000);
      const out: AlertEvent[] = [];
      // One reading 50 sigma high in each of five subgroups running.
      for (let k = 0; k < 5; k++) for (let j = 0; j < 10; j++) out.push(...rig.push(j === 5 ? MU + 50 * SIGMA : rig.inControl()));
      out.push(...rig.run(5000));
      return out;
    };
    expect(wild(new Rig(NO_SPEC, FAST, 31))).toEqual([]);
    // Without the winsorising (an enormous winsorSigma) the same readings take the large CUSUM over h.
    const raw = wild(new Rig(NO_SPEC, resolveLiveOptions({ ...FAST, winsorSigma: 100 }), 31));
    expect(raw.map((e) => [e.kind, e.alert.rule])).toEqual([['raised', 'cusumLarge']]);
    // With a spec, each wild reading is out of spec whatever the winsorising.
    const spec = wild(new Rig(SPEC, FAST, 31));
    expect(spec[0].alert.rule).toBe('outOfSpec');
    expect(spec[0].alert.firstValue).toBeCloseTo(MU + 50 * SIGMA, 12);
  });

  it('lets a Shewhart chart see a large residual at once: clipping is for the charts with memory', () => {
    const options = resolveLiveOptions({ ...FAST, charts: ['shewhart', 'cusumLarge'] });
    const rig = new Rig(NO_SPEC, options, 61);
    rig.lock();
    rig.run(4990);
    expect(rig.events).toEqual([]);
    expect(rig.watch.design.charts[0].L!).toBeGreaterThan(options.clipSigma);
    // One subgroup 4 reading sigma off (winsorised to about 3): a residual near 9.
    const at = rig.t;
    expect(at % 100).toBe(0);
    rig.run(100, () => 4 * SIGMA);
    const [raised, ...rest] = rig.run(STEP);
    expect(rest).toEqual([]);
    expect(rig.events).toEqual([raised]);
    expect(raised).toMatchObject({ kind: 'raised', alert: { rule: 'shewhart', firstSampleTs: T0 + at + 90 } });
    // The large CUSUM took the clipped residual: one step of 4 - k, and it restarted with the signal.
    expect(rig.watch.snapshot().charts!.values).toEqual([0, 0, 0, 0]);
  });

  it('does not chart a subgroup holding less than minSubgroupFill of the usual readings', () => {
    const rig = new Rig(NO_SPEC, FAST, 41);
    rig.lock();
    expect(rig.watch.skippedSubgroups).toBe(0);
    // 5 s of readings every 40 ms, 2 or 3 a subgroup (of 10), and 5 sigma off: nothing charted.
    const before = rig.watch.snapshot().charts;
    const sparse: AlertEvent[] = [];
    for (let k = 0; k < 125; k++) {
      sparse.push(...rig.push(MU + 5 * SIGMA));
      for (let j = 0; j < 3; j++) rig.i++;
    }
    rig.run(STEP);
    expect(sparse).toEqual([]);
    expect(rig.watch.skippedSubgroups).toBe(50);
    expect(rig.watch.snapshot().charts).toEqual(before);
    // Half-full subgroups are charted (their residuals scaled by sqrt 2).
    const half: AlertEvent[] = [];
    for (let k = 0; k < 250; k++) {
      half.push(...rig.push(MU + 5 * SIGMA));
      rig.i++;
    }
    expect(rig.watch.skippedSubgroups).toBe(50);
    expect(half.length).toBeGreaterThan(0);
    expect(half[0].alert.rule).toBe('cusumLarge');
  });

  it('closes the subgroup in progress on flush', () => {
    const rig = new Rig(NO_SPEC, FAST, 51);
    rig.run(59_990);
    expect(rig.watch.limits).toBeNull();
    rig.watch.flush(rig.book, T0 + rig.t, []);
    expect(rig.watch.limits).not.toBeNull();
    // Flushing twice changes nothing.
    const before = rig.watch.snapshot();
    rig.watch.flush(rig.book, T0 + rig.t, []);
    expect(rig.watch.snapshot()).toEqual(before);
  });
});

describe('SeriesWatch: the shift an episode reports', () => {
  it('is the raw subgroup mean against mu0, beyond the winsorising bound', () => {
    const rig = new Rig({ lsl: null, usl: null });
    rig.lock();
    const events = rig.run(2000, () => 5 * SIGMA);
    const raised = events.find((e) => e.kind === 'raised');
    expect(raised).toBeDefined();
    // The charts see means capped near mu0 + 3 sigma; the episode says where the level really stands.
    expect(raised!.alert.shiftSigma!).toBeGreaterThan(4.5);
    expect(raised!.alert.shiftSigma!).toBeLessThan(5.5);
  });
});
