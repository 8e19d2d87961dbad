import { describe, expect, it } from 'vitest';
import { ID_PATTERN_SOURCE } from '../../../protocol/ids.js';
import { DEMO_ENTERPRISES, DEMO_FLEET_IDS, DEMO_PRODUCT, demoFleetPlan } from '../../../simulators/demo-fleet.js';
import { Fleet } from '../../../simulators/fleet.js';
import { characteristicDefaults } from '../../../simulators/products.js';
import { SeriesMonitor } from '../../../spc/series-monitor.js';
import { SIGNAL } from '../../../spc/signals.js';
import { mean, sd } from './stats.js';

const ID = new RegExp(ID_PATTERN_SOURCE);
const CHARTS = SIGNAL.ewma | SIGNAL.cusum;
const MINUTES = 3;
const BASELINE = 200; // SeriesMonitor's default Phase I window

interface Trace {
  t: number[]; // ms since the start
  x: number[];
  signals: number[];
}

/** The demo fleet's first minutes, every series through its own SeriesMonitor, as the analytics service runs them. */
function runDemo(): { fleet: Fleet; traces: Trace[] } {
  const fleet = new Fleet(demoFleetPlan());
  const monitors = fleet.series.map(() => new SeriesMonitor());
  const traces: Trace[] = fleet.series.map(() => ({ t: [], x: [], signals: [] }));
  const start = fleet.plan.startEpochMs;
  for (let t = 100; t <= MINUTES * 60_000; t += 100) {
    fleet.tick(t, (i, ts, value) => {
      if (value === null || !Number.isFinite(value)) throw new Error(`the demo fleet sends only valid readings, got ${value}`);
      traces[i].t.push(ts - start);
      traces[i].x.push(value);
      traces[i].signals.push(monitors[i].push(value));
    });
  }
  return { fleet, traces };
}

/** Share of the monitored samples (after the baseline) at or after `fromMs` that raise EWMA or CUSUM. */
function chartShare(trace: Trace, fromMs = 0): number {
  let n = 0;
  let k = 0;
  for (let i = BASELINE; i < trace.t.length; i++) {
    if (trace.t[i] < fromMs) continue;
    n++;
    if (trace.signals[i] & CHARTS) k++;
  }
  return k / n;
}

describe('the demo fleet', () => {
  const { fleet, traces } = runDemo();
  const problems = DEMO_ENTERPRISES.filter((e) => e.line !== null);
  const isProblem = (i: number) => problems.some((e) => e.id === fleet.series[i].enterprise && e.line === fleet.series[i].line && e.characteristic === fleet.series[i].characteristic);

  it('has the promised mix of eight enterprises, with ids the configuration can use', () => {
    const profiles = DEMO_ENTERPRISES.map((e) => e.profile).sort();
    expect(profiles).toEqual(['drift', 'flaky-gateway', 'in-control', 'in-control', 'in-control', 'off-centre', 'step', 'variance']);
    expect(fleet.series).toHaveLength(8 * 3 * 4);
    for (const e of DEMO_FLEET_IDS) {
      expect(e.enterprise).toMatch(ID);
      expect(e.gateway).toMatch(ID);
      for (const line of e.lines) expect(line.id).toMatch(ID);
    }
    expect(DEMO_FLEET_IDS.map((e) => e.enterprise)).toEqual(fleet.plan.enterprises.map((e) => e.id));
    expect(DEMO_FLEET_IDS.map((e) => e.gateway)).toEqual(fleet.gateways.map((g) => g.id));
  });

  it('starts every problem after the 20 s baseline and by 40 s', () => {
    for (const e of DEMO_ENTERPRISES.filter((d) => d.profile !== 'in-control')) {
      expect(e.startsAtMs).toBeGreaterThanOrEqual(25_000);
      expect(e.startsAtMs).toBeLessThanOrEqual(40_000);
    }
  });

  it.each(problems.map((e) => [e.profile, e] as const))('%s: EWMA or CUSUM flags it within a minute of its start and keeps flagging it', (_, e) => {
    const trace = traces[fleet.indexOf(e.id, e.line as string, e.characteristic as string)];
    const start = e.startsAtMs as number;
    const first = trace.t.findIndex((t, i) => i >= BASELINE && t >= start && (trace.signals[i] & CHARTS) !== 0);
    expect(first).toBeGreaterThan(-1);
    expect(trace.t[first] - start).toBeLessThanOrEqual(60_000);
    // Not a blip: most samples from the first signal on are flagged.
    expect(chartShare(trace, trace.t[first])).toBeGreaterThan(0.5);
  });

  it('in-control series raise EWMA/CUSUM signals on few samples: false alarms only, well apart from the problems', () => {
    // At the charts' in-control ARL (a few hundred samples) a 10 Hz series
    // false-alarms about once a minute, so "few", not "none".
    const others = fleet.series.filter((s) => !isProblem(s.index)).map((s) => chartShare(traces[s.index]));
    const problemShares = fleet.series.filter((s) => isProblem(s.index)).map((s) => chartShare(traces[s.index], DEMO_ENTERPRISES.find((e) => e.id === s.enterprise)?.startsAtMs ?? 0));
    expect(mean(others)).toBeLessThan(0.03);
    expect(Math.max(...others)).toBeLessThan(Math.min(...problemShares));
  });

  it('the material-cutting enterprise is stable, with its insulation mean just above the minimum', () => {
    const e = DEMO_ENTERPRISES.find((d) => d.profile === 'off-centre');
    const spec = characteristicDefaults(DEMO_PRODUCT, 'insulation_thickness');
    if (e === undefined || spec === undefined || spec.lsl === null) throw new Error('no off-centre demo enterprise');
    const trace = traces[fleet.indexOf(e.id, e.line as string, 'insulation_thickness')];
    const after = trace.x.filter((_, i) => trace.t[i] >= (e.startsAtMs as number) + 1_000);
    const s = sd(after);
    expect(s).toBeLessThan(spec.sigma); // tighter than an honest line
    const sigmasAboveMinimum = (mean(after) - spec.lsl) / s;
    expect(sigmasAboveMinimum).toBeGreaterThan(1.5);
    expect(sigmasAboveMinimum).toBeLessThan(3.5); // Cpk under about 1.2
  });

  it('the flaky gateway drops out at 30 s for 20 s and again later; the other gateways never do', () => {
    for (const g of fleet.gateways) {
      const outages = g.model.offline(0, 10 * 60_000);
      if (g.enterprise !== 'riverbend-wire') {
        expect(outages).toEqual([]);
        continue;
      }
      expect(g.model.isOnline(29_999)).toBe(true);
      expect(g.model.isOnline(30_000)).toBe(false);
      expect(outages[0]).toEqual({ startMs: 30_000, endMs: 50_000 });
      expect(outages.length).toBeGreaterThan(1);
    }
  });
});
