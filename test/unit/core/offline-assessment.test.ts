import { describe, expect, it } from 'vitest';
import { catalogFromConfig, enterpriseProfiles } from '../../../core/catalog/config-catalog.js';
import { SeriesRegistry } from '../../../core/series/series-registry.js';
import { observeSample } from '../../../core/series/observe-sample.js';
import { OfflineAssessment, type OfflineResult } from '../../../core/enterprise-risk/offline-assessment.js';
import { RiskEngine } from '../../../core/enterprise-risk/risk-engine.js';
import { parseConfig } from '../../../config/load.js';
import type { CharacteristicName } from '../../../domain/characteristics.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import type { AlertEvent } from '../../../monitor/alert.js';
import { LineModel } from '../../../simulators/line-model.js';
import type { Scenario } from '../../../simulators/scenario.js';
import { inControlDefaults } from '../../../simulators/spec-model.js';

/**
 * The offline assessment (what `linewatch assess` runs) on a fleet with a
 * known story, the one issue 14 measured: two makers in control (Cpk 5/3 on
 * every characteristic, simulators/spec-model.ts), one whose conductor
 * resistance is held off-centre just under its maximum, one whose insulation
 * grows unstable, one whose conductor diameter drifts toward its minimum.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 5, 6, 0, 0);
const SPECS = {
  conductor_diameter: { lsl: 1.347, usl: 1.42, nominal: 1.38 },
  conductor_resistance: { usl: 12.1 },
  insulation_thickness: { lsl: 0.53, nominal: 0.7 },
  sheath_thickness: { lsl: 0.92, nominal: 1.2 },
} as const;
type Char = keyof typeof SPECS;
const CHARS = Object.keys(SPECS) as Char[];
const defaults = (c: Char) => {
  const s = SPECS[c] as { lsl?: number; usl?: number; nominal?: number };
  return inControlDefaults(c, { lsl: s.lsl ?? null, usl: s.usl ?? null, target: s.nominal ?? null });
};

function configFor(registered: Record<string, 'A' | 'B' | 'C'>, risk: Record<string, unknown> = {}) {
  const ids = Object.keys(registered);
  return parseConfig(
    JSON.stringify({
      version: 1,
      enterprises: ids.map((id) => ({ id, name: id, class: registered[id], lastInspection: '2025-11-01', lines: [{ id: 'L1', product: 'BVV' }] })),
      products: [{ id: 'BVV', name: 'BVV 2x1.5', characteristics: SPECS }],
      gateways: ids.map((id) => ({ id: `${id}-gw`, enterprise: id, passwordHash: 'scrypt$16384$8$1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g=' })),
      services: [],
      users: [],
      http: { tokenSecret: 'offline-assessment-test-secret-of-32-characters' },
      live: { baselineMinutes: 10 },
      risk,
      store: { kind: 'embedded', dataDir: 'data' },
      mqtt: { listen: { port: 0 } },
    }),
    'fleet.json',
    '/nonexistent',
  );
}

/** Readings of every series of `stories`, in time order, every `periodMs` for `durationMs`. */
function* readings(stories: Record<string, (c: Char) => Scenario[]>, periodMs: number, durationMs: number, seed = 1) {
  const models = Object.entries(stories).flatMap(([enterprise, story], i) =>
    CHARS.map((c, j) => {
      const d = defaults(c);
      return { enterprise, c, model: new LineModel({ mean: d.mean, sigma: d.sigma, scenarios: story(c) }, seed * 1000 + i * 10 + j) };
    }),
  );
  for (let t = 0; t < durationMs; t += periodMs) {
    for (const m of models) {
      const value = m.model.next(t);
      if (value !== null) yield { enterprise: m.enterprise, line: 'L1', characteristic: m.c, ts: START + t, value };
    }
  }
}

const inControl = (): Scenario[] => [];
const STORY: Record<string, (c: Char) => Scenario[]> = {
  steady: inControl,
  calm: inControl,
  saver: (c) => {
    if (c !== 'conductor_resistance') return [];
    const d = defaults(c);
    // Half the sigma, the mean 2.5 of it under the maximum: Cpk 0.83.
    return [{ kind: 'off-centre', startMs: 0, mean: 12.1 - 2.5 * 0.5 * d.sigma, sigmaFactor: 0.5 }];
  },
  shaky: (c) => (c === 'insulation_thickness' ? [{ kind: 'variance', startMs: 30 * 60_000, factor: 2.5 }] : []),
  drifter: (c) => (c === 'conductor_diameter' ? [{ kind: 'drift', startMs: HOUR, ratePerHour: -(defaults(c).mean - 1.347) / 4 }] : []),
};

function run(stories: Record<string, (c: Char) => Scenario[]>, registered: Record<string, 'A' | 'B' | 'C'>, periodMs: number, durationMs: number, risk: Record<string, unknown> = {}): OfflineResult {
  const config = configFor(registered, risk);
  const offline = new OfflineAssessment({ catalog: catalogFromConfig(config), enterprises: enterpriseProfiles(config), risk: config.risk, live: config.live });
  for (const r of readings(stories, periodMs, durationMs)) offline.reading(r.enterprise, r.line, r.characteristic, r.ts, r.value);
  return offline.finish();
}

describe('the offline assessment of a fleet with a known story', () => {
  // Three hours at 2 Hz.
  const registered = { steady: 'C', calm: 'A', saver: 'A', shaky: 'B', drifter: 'A' } as const;
  const result = run(STORY, registered, 500, 3 * HOUR);
  const of = (id: string) => result.enterprises.find((e) => e.id === id)!;

  it('scores the in-control makers lowest, with level low', () => {
    const ranked = [...result.enterprises].sort((a, b) => b.score - a.score).map((e) => e.id);
    expect(ranked.slice(3).sort()).toEqual(['calm', 'steady']);
    for (const id of ['steady', 'calm']) {
      expect(of(id).level, id).toBe('low');
      for (const d of of(id).diagnoses) expect(d.diagnosis, `${id} ${d.characteristic}`).toBe('in control');
    }
  });

  it.each([
    ['saver', 'conductor_resistance', 'off-centre'],
    ['shaky', 'insulation_thickness', 'unstable'],
    ['drifter', 'conductor_diameter', 'drifting'],
  ])('%s: diagnoses %s as %s, the top contributor, above the in-control makers', (id, characteristic, diagnosis) => {
    const e = of(id);
    expect(e.diagnoses[0]).toMatchObject({ characteristic, diagnosis });
    for (const d of e.diagnoses.slice(1)) expect(d.diagnosis, `${id} ${d.characteristic}`).toBe('in control');
    expect(['medium', 'high', 'critical']).toContain(e.level);
    expect(e.score).toBeGreaterThan(Math.max(of('steady').score, of('calm').score) + 15);
  });

  it('keeps the registered class through three hours of sample time, a worse one pending for the problem makers', () => {
    for (const e of result.enterprises) expect(e.riskClass, e.id).toBe(registered[e.id as keyof typeof registered]);
    // Three hours of a six-hour half-life: the saver's smoothed score has come a third of the way up from A's 12.5, the calm maker's down.
    expect(of('saver').classState!.smoothed).toBeGreaterThan(20);
    expect(of('calm').classState!.smoothed).toBeLessThan(12.5);
    expect(of('steady').classState!.smoothed).toBeLessThan(75);
  });

  it('gives the daily evidence of every series, counting what lies beyond the spec', () => {
    const e = of('saver');
    expect(e.evidence.series).toHaveLength(4);
    for (const d of e.evidence.series) {
      expect(d.day).toBe('2026-01-05');
      expect(d.n).toBe(3 * 3600 * 2);
    }
    const resistance = e.evidence.series.find((d) => d.characteristic === 'conductor_resistance')!;
    expect(resistance.outOfSpec).toBeGreaterThan(0);
    expect(resistance.max).toBeGreaterThan(12.1);
    expect(of('calm').evidence.series.every((d) => d.outOfSpec === 0)).toBe(true);
    // The saver is high for most of its three hours of sample time; the in-control makers never.
    expect(e.evidence.enterprise[0].highRiskMinutes).toBeGreaterThan(100);
    expect(of('calm').evidence.enterprise[0].highRiskMinutes).toBe(0);
    expect(e.from).toBe(START);
    expect(e.to).toBe(START + 3 * HOUR - 500);
  });
});

describe('the class in sample time over a month', () => {
  // One reading every four minutes for 30 days; an eight-hour risk window holds 120 of them.
  const risk = { windowMinutes: 480 };
  const PERIOD = 240_000;
  const stories: Record<string, (c: Char) => Scenario[]> = {
    decline: STORY.saver, // off-centre from the start
    reform: inControl,
    // In control for 26 days, then its resistance off-centre for the last four.
    late: (c) => STORY.saver(c).map((s) => ({ ...s, startMs: 26 * DAY })),
  };
  const registered = { decline: 'A', reform: 'C', late: 'A' } as const;
  const IDS = Object.keys(registered);

  let offlineRun: OfflineResult | null = null;
  const offlineResult = () => (offlineRun ??= run(stories, registered, PERIOD, 30 * DAY, risk));

  it('moves a declining maker registered A to C, and a reformed one registered C to A, after their sustain', () => {
    const r = offlineResult();
    const decline = r.enterprises.find((e) => e.id === 'decline')!;
    const reform = r.enterprises.find((e) => e.id === 'reform')!;
    expect(decline.riskClass).toBe('C');
    expect(reform.riskClass).toBe('A');
    const late = r.enterprises.find((e) => e.id === 'late')!;
    expect(late.riskClass).toBe('C');
    // And no minute at high risk before its problem began (31 January, 06:00).
    expect(late.evidence.enterprise.filter((d) => d.day < '2026-01-31').every((d) => d.highRiskMinutes === 0)).toBe(true);
    expect(reform.level).toBe('low');
    // 5 January 06:00 to 4 February 05:56: 31 calendar days.
    expect(decline.evidence.enterprise.map((d) => d.day)).toHaveLength(31);
    expect(decline.evidence.series.filter((d) => d.characteristic === 'conductor_resistance')).toHaveLength(31);
    // High from the first day on, in minutes of sample time; the reformed maker never.
    expect(decline.evidence.enterprise[10].highRiskMinutes).toBeCloseTo(24 * 60, 6);
    expect(reform.evidence.enterprise.every((d) => d.highRiskMinutes === 0)).toBe(true);
  }, 120_000);

  it('reaches the same classes and risk days through the live engine assessed every 12 hours of sample time, whatever its wall clock says', () => {
    const offline = offlineResult();
    const config = configFor(registered, risk);
    const o = config.risk;
    const registry = new SeriesRegistry(catalogFromConfig(config), config.live, { bucketMs: o.bucketMs, bucketCount: o.windowMs / o.bucketMs, evidenceDays: o.evidenceDays });
    const book = new EpisodeBook();
    const engine = new RiskEngine(enterpriseProfiles(config), registry, book, o);
    const events: AlertEvent[] = [];
    // A fast replay: the whole month goes through in what the wall clock calls a few seconds of a day in 2031.
    const wall = Date.UTC(2031, 5, 1);
    // Sparser than the eight-hour window: each assessment is weighed by the production time since the last.
    let nextAssessment = START + 12 * HOUR;
    let k = 0;
    for (const r of readings(stories, PERIOD, 30 * DAY)) {
      if (r.ts >= nextAssessment) {
        engine.assessSome(IDS, wall + k++, engine.openEpisodes(), []);
        nextAssessment += 12 * HOUR;
      }
      const state = registry.stateOf(r.enterprise, r.line, r.characteristic as CharacteristicName);
      if (typeof state !== 'string') observeSample(state, r.ts, r.value, book, wall + k, events);
    }
    engine.assessSome(IDS, wall + k, engine.openEpisodes(), []);
    for (const id of IDS) {
      const live = engine.classState(id)!;
      const off = offline.enterprises.find((e) => e.id === id)!;
      expect(live.suggested, id).toBe(off.classState!.suggested);
      expect(live.at, id).toBe(off.classState!.at);
      expect(Math.abs(live.smoothed - off.classState!.smoothed), id).toBeLessThan(5);
      // The minutes at high risk, day by day, to within the half day one sparse assessment stands for.
      const liveDays = engine.dailyEvidence(id, '2026-01-01', '2026-12-31')!.enterprise;
      const total = (days: { highRiskMinutes: number }[]) => days.reduce((a, d) => a + d.highRiskMinutes, 0);
      expect(Math.abs(total(liveDays) - total(off.evidence.enterprise)), id).toBeLessThanOrEqual(12 * 60);
    }
    expect(engine.classState('late')!.suggested).toBe('C');
    expect(engine.detail('decline')!.sampleTime).toBe(START + 30 * DAY - PERIOD);
  }, 120_000);
});
