/**
 * The monthly report's figures against an independent computation from the
 * fixture's plans (simple-statistics for the statistics, the normal tail
 * from its error function), on a real embedded store.
 */
import { errorFunction, max, mean, median, min, sampleStandardDeviation } from 'simple-statistics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMonthlyReport } from '../../../report/monthly-report.js';
import type { CharacteristicMonth, MonthlyReport } from '../../../report/report-types.js';
import { DEFAULT_CAUSE_CATALOGUE } from '../../../monitor/causes.js';
import { DEC, EPISODE_PLAN, FEB, filledStore, JAN, NOW, reportConfig, RISK_PLAN, type EpisodePlan, type FilledStore } from './report-fixture.js';

let fx: FilledStore;
let report: MonthlyReport;
const config = reportConfig('/unused');

beforeAll(async () => {
  fx = await filledStore();
  report = await buildMonthlyReport({ config, store: fx.store, month: JAN.month, now: NOW });
});
afterAll(() => fx.close());

function values(enterprise: string, line: string, characteristic: string, period: { from: number; to: number }): number[] {
  return fx.measurements.filter((m) => m.enterprise === enterprise && m.line === line && m.characteristic === characteristic && m.ts >= period.from && m.ts < period.to).map((m) => m.value);
}

function row(enterprise: string, line: string, characteristic: string): CharacteristicMonth {
  const r = report.enterprises.find((e) => e.id === enterprise)?.characteristics.find((c) => c.line === line && c.characteristic === characteristic);
  if (!r) throw new Error(`no row ${enterprise}/${line}/${characteristic}`);
  return r;
}

/** P(X > x) for a standard normal, from simple-statistics' erf. */
const upperTail = (z: number) => 0.5 * (1 - errorFunction(z / Math.SQRT2));

describe('the period', () => {
  it('is the calendar month in UTC, half-open, with the month before it for comparison', () => {
    expect(report.period).toEqual({ month: '2026-01', from: JAN.from, to: JAN.to, days: 31 });
    expect(report.previousPeriod).toEqual({ month: '2025-12', from: DEC.from, to: DEC.to, days: 31 });
    expect(report.formatVersion).toBe(2);
    expect(report.generatedAt).toBe(NOW);
    expect(report.monthComplete).toBe(true);
    expect(report.scope).toBe('cluster');
    expect(report.hasData).toBe(true);
    expect(report.noDataReason).toBeNull();
  });

  it("counts January's last millisecond and not February's first", () => {
    const x = values('acme', 'L1', 'insulation_thickness', JAN);
    expect(x).toContain(0.61);
    expect(x).not.toContain(0.95);
    expect(row('acme', 'L1', 'insulation_thickness').n).toBe(x.length);
    expect(row('acme', 'L1', 'insulation_thickness').max).toBeLessThan(0.95);
  });
});

describe('per line and characteristic', () => {
  const configured = [
    ['acme', 'L1', 'insulation_thickness', { lsl: 0.53, usl: null }],
    ['acme', 'L1', 'conductor_resistance', { lsl: null, usl: 12.1 }],
    ['acme', 'L2', 'insulation_thickness', { lsl: 0.62, usl: null }],
    ['beta', 'L1', 'insulation_thickness', { lsl: 0.62, usl: null }],
    ['beta', 'L1', 'conductor_resistance', { lsl: null, usl: 7.41 }],
    ['beta', 'L1', 'conductor_diameter', { lsl: 1.74, usl: 1.84 }],
  ] as const;

  it.each(configured)('%s %s %s: n, mean, sd, min, max, Pp, Ppk and expected ppm', (e, l, c, spec) => {
    const x = values(e, l, c, JAN);
    const r = row(e, l, c);
    const m = mean(x);
    const sd = sampleStandardDeviation(x);
    expect(r.n).toBe(x.length);
    expect(r.mean).toBeCloseTo(m, 10);
    expect(r.sd).toBeCloseTo(sd, 10);
    expect(r.min).toBe(min(x));
    expect(r.max).toBe(max(x));
    const lower = spec.lsl === null ? Infinity : (m - spec.lsl) / (3 * sd);
    const upper = spec.usl === null ? Infinity : (spec.usl - m) / (3 * sd);
    expect(r.ppk).toBeCloseTo(Math.min(lower, upper), 8);
    if (spec.lsl !== null && spec.usl !== null) expect(r.pp).toBeCloseTo((spec.usl - spec.lsl) / (6 * sd), 8);
    else expect(r.pp).toBeNull();
    const ppm = 1e6 * ((spec.lsl === null ? 0 : upperTail((m - spec.lsl) / sd)) + (spec.usl === null ? 0 : upperTail((spec.usl - m) / sd)));
    // erf's approximation is good to about 1e-7 relative; the tails here are 1e-5 and up.
    expect(r.expectedPpm).toBeGreaterThan(0);
    expect(Math.abs((r.expectedPpm as number) - ppm) / Math.max(ppm, 1e-3)).toBeLessThan(1e-4);
    expect(r.inConfiguration).toBe(true);
    expect(r.spec).toMatchObject(spec);
  });

  it('compares with the previous month: mean and Ppk change against the same limits', () => {
    const jan = values('acme', 'L1', 'insulation_thickness', JAN);
    const dec = values('acme', 'L1', 'insulation_thickness', DEC);
    const r = row('acme', 'L1', 'insulation_thickness');
    const ppk = (x: number[]) => (mean(x) - 0.53) / (3 * sampleStandardDeviation(x));
    expect(r.previous.n).toBe(dec.length);
    expect(r.previous.mean).toBeCloseTo(mean(dec), 10);
    expect(r.change.mean).toBeCloseTo(mean(jan) - mean(dec), 10);
    expect(r.previous.ppk).toBeCloseTo(ppk(dec), 8);
    expect(r.change.ppk).toBeCloseTo(ppk(jan) - ppk(dec), 8);
    // The thinning insulation shows as a falling mean and Ppk.
    expect(r.change.mean).toBeLessThan(0);
    expect(r.change.ppk).toBeLessThan(0);
  });

  it('has no change where the previous month has no data', () => {
    const r = row('beta', 'L1', 'conductor_resistance');
    expect(r.previous).toEqual({ n: 0, mean: null, sd: null, ppk: null });
    expect(r.change).toEqual({ mean: null, ppk: null });
  });

  it('counts the UTC days with data', () => {
    expect(row('acme', 'L1', 'insulation_thickness').daysWithData).toBe(31);
    expect(row('acme', 'L2', 'insulation_thickness').daysWithData).toBe(20);
    expect(row('beta', 'L1', 'conductor_resistance').daysWithData).toBe(10);
  });

  it('lists a configured series without data in the month, with n = 0 and no figures', () => {
    const r = row('acme', 'L2', 'conductor_resistance');
    expect(r).toMatchObject({ n: 0, mean: null, sd: null, min: null, max: null, pp: null, ppk: null, expectedPpm: null, beyondSpecObserved: null, daysWithData: 0 });
  });

  it('lists stored data of a series the configuration does not know, without capability', () => {
    const r = row('acme', 'L9', 'conductor_diameter');
    expect(r.inConfiguration).toBe(false);
    expect(r.spec).toBeNull();
    expect(r.n).toBe(values('acme', 'L9', 'conductor_diameter', JAN).length);
    expect(r.ppk).toBeNull();
    expect(r.daysWithData).toBe(3);
  });

  it('keeps configuration order: lines, then each product characteristic', () => {
    expect(report.enterprises.find((e) => e.id === 'acme')?.characteristics.map((c) => `${c.line}/${c.characteristic}`)).toEqual([
      'L1/insulation_thickness',
      'L1/conductor_resistance',
      'L2/insulation_thickness',
      'L2/conductor_resistance',
      'L2/conductor_diameter',
      'L9/conductor_diameter',
    ]);
  });
});

/** Severity of each rule, as monitor/alert.ts documents it (written out here, not imported). */
const RULE_SEVERITY: Record<string, string> = { outOfSpec: 'high', shewhart: 'high', cusumLarge: 'high', cusumSmall: 'medium', ewma: 'medium', riskLevel: 'high' };
const RANK: Record<string, number> = { low: 0, medium: 1, high: 2, critical: 3 };
const RULES = ['outOfSpec', 'shewhart', 'cusumLarge', 'cusumSmall', 'ewma', 'riskLevel'];
const MIN = 60_000;
const HOUR = 60 * MIN;

/** What an episode of the plan is at `end`, from its steps before then. */
function asOf(p: EpisodePlan, end: number) {
  const steps = p.steps.filter((s) => s.at < end);
  const severities = steps.flatMap((s) => (s.kind === 'signal' ? [s.severity ?? RULE_SEVERITY[s.rule]] : []));
  const severity = severities.reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
  const ack = steps.find((s) => s.kind === 'ack');
  const auto = steps.find((s) => s.kind === 'auto');
  const resolve = steps.find((s) => s.kind === 'resolve');
  return {
    plan: p,
    raisedAt: p.steps[0].at,
    rules: [...new Set(steps.flatMap((s) => (s.kind === 'signal' ? [s.rule] : [])))],
    severity,
    escalated: RANK[severity] > RANK[severities[0]],
    ackAt: ack?.at ?? null,
    resolvedAt: auto?.at ?? resolve?.at ?? null,
    resolvedBy: auto ? 'auto' : resolve ? 'person' : null,
    cause: (resolve?.kind === 'resolve' ? resolve.cause : undefined) ?? (ack?.kind === 'ack' ? ack.cause : undefined) ?? null,
  };
}

/** The plan's episodes raised in January (of one enterprise, or all), as they stood at its end. */
function januarys(enterprise?: string) {
  return EPISODE_PLAN.filter((p) => (enterprise === undefined || p.enterprise === enterprise) && p.steps[0].at >= JAN.from && p.steps[0].at < JAN.to).map((p) => asOf(p, JAN.to));
}

/** Episodes raised before January that a person acknowledged or resolved in it. */
function earlierActedOn(enterprise?: string): number {
  return EPISODE_PLAN.filter(
    (p) =>
      (enterprise === undefined || p.enterprise === enterprise) && p.steps[0].at < JAN.from && p.steps.some((s) => (s.kind === 'ack' || s.kind === 'resolve') && s.at >= JAN.from && s.at < JAN.to),
  ).length;
}

const medianOrNull = (x: number[]) => (x.length === 0 ? null : median(x));

/** The month's figures computed from the plan. */
function expectedMonth(list: ReturnType<typeof asOf>[], earlier: number) {
  const bySeverity: Record<string, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  const byRule: Record<string, number> = Object.fromEntries(RULES.map((r) => [r, 0]));
  for (const e of list) {
    bySeverity[e.severity] += 1;
    for (const r of e.rules) byRule[r] += 1;
  }
  const acked = list.filter((e) => e.ackAt !== null);
  const byPerson = list.filter((e) => e.resolvedBy === 'person');
  const auto = list.filter((e) => e.resolvedBy === 'auto');
  return {
    raised: list.length,
    bySeverity,
    byRule,
    escalated: list.filter((e) => e.escalated).length,
    acknowledged: acked.length,
    resolved: byPerson.length + auto.length,
    resolvedByPerson: byPerson.length,
    resolvedAutomatically: auto.length,
    openAtMonthEnd: list.filter((e) => e.resolvedAt === null).length,
    medianTimeToAcknowledgeMs: medianOrNull(acked.map((e) => e.ackAt! - e.raisedAt)),
    medianTimeToResolveMs: medianOrNull(byPerson.map((e) => e.resolvedAt! - e.raisedAt)),
    medianTimeToAutoResolveMs: medianOrNull(auto.map((e) => e.resolvedAt! - e.raisedAt)),
    earlierEpisodesActedOn: earlier,
  };
}

/** The Pareto computed from the plan: counts by cause, most first (ties by id), shares of those with a cause. */
function expectedPareto(list: ReturnType<typeof asOf>[], labels: Record<string, string>) {
  const counts = new Map<string, number>();
  for (const e of list) if (e.cause !== null) counts.set(e.cause, (counts.get(e.cause) ?? 0) + 1);
  const assigned = [...counts.values()].reduce((a, b) => a + b, 0);
  let running = 0;
  const bars = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([cause, count]) => {
      running += count;
      return { cause, label: labels[cause] ?? cause, count, share: count / assigned, cumulative: running / assigned };
    });
  return { episodes: list.length, unassigned: list.length - assigned, bars };
}

const LABELS = Object.fromEntries(DEFAULT_CAUSE_CATALOGUE.causes.map((c) => [c.id, c.label]));

function enterprise(id: string) {
  const e = report.enterprises.find((x) => x.id === id);
  if (!e) throw new Error(`no enterprise ${id}`);
  return e;
}

describe('alert episodes', () => {
  it('counts the episodes raised in the month, not the rules that fired on them', () => {
    expect(enterprise('acme').episodes).toEqual(expectedMonth(januarys('acme'), earlierActedOn('acme')));
    expect(enterprise('beta').episodes).toEqual(expectedMonth(januarys('beta'), earlierActedOn('beta')));
  });

  it("gives acme's January as counted by hand", () => {
    expect(enterprise('acme').episodes).toEqual({
      raised: 6,
      // The four-rule episode reached critical; the escalation of the late one came in February.
      bySeverity: { critical: 1, high: 3, medium: 2, low: 0 },
      byRule: { outOfSpec: 2, shewhart: 2, cusumLarge: 1, cusumSmall: 2, ewma: 3, riskLevel: 1 },
      escalated: 2,
      acknowledged: 2,
      resolved: 3,
      resolvedByPerson: 1,
      resolvedAutomatically: 2,
      openAtMonthEnd: 3,
      medianTimeToAcknowledgeMs: 75 * MIN,
      medianTimeToResolveMs: 24 * HOUR,
      medianTimeToAutoResolveMs: 17.5 * MIN,
      earlierEpisodesActedOn: 1,
    });
  });

  it('counts an episode once in the total and once under each rule that fired on it', () => {
    const a = enterprise('acme').episodes;
    const ruleCount = Object.values(a.byRule).reduce((x, y) => x + y, 0);
    expect(ruleCount).toBe(januarys('acme').reduce((n, e) => n + e.rules.length, 0));
    expect(ruleCount).toBeGreaterThan(a.raised);
    // The four-rule episode alone: shewhart fired twice on it and counts once.
    expect(januarys('acme').find((e) => e.plan.name === 'acme-four-rules')?.rules).toEqual(['shewhart', 'cusumLarge', 'ewma', 'outOfSpec']);
  });

  it('has no median where no episode qualifies', () => {
    expect(enterprise('beta').episodes).toMatchObject({ resolvedAutomatically: 0, medianTimeToAutoResolveMs: null, openAtMonthEnd: 0 });
    expect(enterprise('gamma').episodes).toMatchObject({ raised: 0, medianTimeToAcknowledgeMs: null, medianTimeToResolveMs: null, medianTimeToAutoResolveMs: null });
  });

  it('puts the episodes of each series on its row; the risk level is on none', () => {
    expect(row('acme', 'L1', 'insulation_thickness').episodesRaised).toBe(2);
    expect(row('acme', 'L1', 'conductor_resistance').episodesRaised).toBe(2);
    expect(row('acme', 'L2', 'insulation_thickness').episodesRaised).toBe(1);
    expect(row('acme', 'L2', 'conductor_resistance').episodesRaised).toBe(0);
    // Two episodes of one series, one after the other.
    expect(row('beta', 'L1', 'conductor_diameter').episodesRaised).toBe(2);
    expect(row('beta', 'L1', 'insulation_thickness').episodesRaised).toBe(1);
    const onRows = enterprise('acme').characteristics.reduce((n, c) => n + c.episodesRaised, 0);
    expect(onRows).toBe(enterprise('acme').episodes.raised - 1);
  });

  it('adds up across the cluster, medians over every episode', () => {
    expect(report.totals.episodes).toEqual(expectedMonth(januarys(), earlierActedOn()));
    expect(report.totals.episodes).toMatchObject({
      raised: 9,
      bySeverity: { critical: 1, high: 5, medium: 3, low: 0 },
      medianTimeToAcknowledgeMs: 20 * MIN,
      medianTimeToResolveMs: 13.5 * HOUR,
    });
    expect(report.ranking.entries.map((e) => [e.enterprise, e.episodesRaised])).toEqual([
      ['beta', 3],
      ['acme', 6],
      ['gamma', 0],
    ]);
  });
});

/** Compares Paretos with shares to 12 decimals. */
function expectPareto(
  got: { episodes: number; unassigned: number; bars: readonly { cause: string; label: string; count: number; share: number; cumulative: number }[] },
  want: ReturnType<typeof expectedPareto>,
) {
  expect({ ...got, bars: got.bars.map((b) => ({ ...b, share: b.share.toFixed(12), cumulative: b.cumulative.toFixed(12) })) }).toEqual({
    ...want,
    bars: want.bars.map((b) => ({ ...b, share: b.share.toFixed(12), cumulative: b.cumulative.toFixed(12) })),
  });
}

describe('Pareto of causes', () => {
  it("counts the causes of the month's episodes per enterprise, with shares, the running total and the unassigned apart", () => {
    expectPareto(enterprise('acme').causes, expectedPareto(januarys('acme'), LABELS));
    expectPareto(enterprise('beta').causes, expectedPareto(januarys('beta'), LABELS));
    expect(enterprise('acme').causes.episodes).toBe(6);
    expect(enterprise('acme').causes.unassigned).toBe(3);
    expect(enterprise('acme').causes.bars.map((b) => [b.cause, b.label, b.count])).toEqual([
      ['tooling', 'Tooling (die, tip, wear)', 2],
      ['gauge', 'Gauge or measurement fault', 1],
    ]);
    expect(enterprise('acme').causes.bars.map((b) => b.share)).toEqual([2 / 3, 1 / 3]);
    expect(enterprise('acme').causes.bars.map((b) => b.cumulative)).toEqual([2 / 3, 1]);
  });

  it("takes the cause given at resolution, else at acknowledgement, as known at the month's end", () => {
    const counts = Object.fromEntries(enterprise('acme').causes.bars.map((b) => [b.cause, b.count]));
    // tooling: one episode resolved with it, one acknowledged with it and still open.
    expect(counts).toEqual({ tooling: 2, gauge: 1 });
    // acme-late was given 'setting' in February, acme-december 'material' in January but raised in December.
    expect(januarys('acme').find((e) => e.plan.name === 'acme-late')?.cause).toBeNull();
    expect(counts.setting).toBeUndefined();
    expect(counts.material).toBeUndefined();
  });

  it('gives one Pareto per characteristic, over all lines, most episodes first', () => {
    const acme = enterprise('acme').causesByCharacteristic;
    expect(acme.map((c) => [c.characteristic, c.episodes, c.unassigned])).toEqual([
      ['insulation_thickness', 3, 1],
      ['conductor_resistance', 2, 1],
      ['risk-score', 1, 1],
    ]);
    for (const { characteristic, ...pareto } of acme) {
      expectPareto(
        pareto,
        expectedPareto(
          januarys('acme').filter((e) => e.plan.characteristic === characteristic),
          LABELS,
        ),
      );
    }
    expect(acme[0].bars).toEqual([{ cause: 'tooling', label: LABELS.tooling, count: 2, share: 1, cumulative: 1 }]);
    expect(acme[2].bars).toEqual([]);
    expect(enterprise('beta').causesByCharacteristic.map((c) => [c.characteristic, c.bars.map((b) => `${b.cause}:${b.count}`)])).toEqual([
      ['conductor_diameter', ['setting:2']],
      ['insulation_thickness', ['material:1']],
    ]);
    expect(enterprise('gamma').causesByCharacteristic).toEqual([]);
    expect(enterprise('gamma').causes).toEqual({ episodes: 0, unassigned: 0, bars: [] });
  });

  it('adds up across the cluster, ties ranked by cause id', () => {
    expectPareto(report.totals.causes, expectedPareto(januarys(), LABELS));
    expect(report.totals.causes.bars.map((b) => [b.cause, b.count])).toEqual([
      ['setting', 2],
      ['tooling', 2],
      ['gauge', 1],
      ['material', 1],
    ]);
    expect(report.totals.causes.bars.map((b) => b.cumulative)).toEqual([2 / 6, 4 / 6, 5 / 6, 1]);
    expect(report.totals.causes.unassigned).toBe(3);
  });

  it("labels causes from the configuration's catalogue, and a cause it no longer has by its id", async () => {
    const catalogue = {
      causes: DEFAULT_CAUSE_CATALOGUE.causes.filter((c) => c.id !== 'gauge').map((c) => (c.id === 'tooling' ? { id: 'tooling', label: 'Werkzeug (Düse, Nippel)' } : c)),
      actions: DEFAULT_CAUSE_CATALOGUE.actions,
    };
    const relabelled = await buildMonthlyReport({ config: reportConfig('/unused', {}, catalogue), store: fx.store, month: JAN.month, now: NOW, enterprise: 'acme' });
    expect(relabelled.enterprises[0].causes.bars.map((b) => [b.cause, b.label])).toEqual([
      ['tooling', 'Werkzeug (Düse, Nippel)'],
      ['gauge', 'gauge'],
    ]);
    expect(relabelled.totals.causes.bars[0].label).toBe('Werkzeug (Düse, Nippel)');
    expect(relabelled.enterprises[0].causesByCharacteristic[0].bars[0].label).toBe('Werkzeug (Düse, Nippel)');
  });
});

/** Time-weighted mean of a step function: each score until the next, at most 10 minutes, not past `end`. */
function heldMean(points: Array<{ at: number; score: number }>, end: number): { mean: number; hours: number } {
  let area = 0;
  let held = 0;
  points.forEach((p, i) => {
    const next = i + 1 < points.length ? points[i + 1].at : end;
    const h = Math.min(next, end, p.at + 10 * 60_000) - p.at;
    area += p.score * h;
    held += h;
  });
  return { mean: area / held, hours: held / 3_600_000 };
}

describe('risk trend', () => {
  it('takes the assessments of the month: first, last, highest, and the time-weighted mean', () => {
    const r = report.enterprises.find((e) => e.id === 'acme')!.risk;
    const inJan = RISK_PLAN.filter((p) => p.enterprise === 'acme' && p.at >= JAN.from && p.at < JAN.to);
    const expected = heldMean(inJan, JAN.to);
    expect(r.assessments).toBe(inJan.length);
    expect(r.first).toEqual({ at: inJan[0].at, score: 30, level: 'medium' });
    expect(r.last).toEqual({ at: inJan[inJan.length - 1].at, score: 50, level: 'high' });
    expect(r.max?.score).toBe(60);
    expect(r.meanScore).toBeCloseTo(expected.mean, 10);
    // By hand: (30x5 + 60x5 + 40x10 + 20x10 + 50x5) / 35 minutes.
    expect(r.meanScore).toBeCloseTo(1300 / 35, 10);
    expect(r.coveredHours).toBeCloseTo(expected.hours, 10);
    expect(r.meanLevel).toBe('medium');
    expect(r.levelAtMonthEnd).toBe('high');
  });

  it('gives the suggested class at the month end, and the next inspection by it', () => {
    const acme = report.enterprises.find((e) => e.id === 'acme')!.risk;
    expect(acme).toMatchObject({ registeredClass: 'B', suggestedClass: 'C', classDiffers: true, nextInspection: '2025-12-15', nextInspectionBasis: 'suggested class', inspectionDue: true });
    const gamma = report.enterprises.find((e) => e.id === 'gamma')!.risk;
    expect(gamma).toMatchObject({
      assessments: 0,
      meanScore: null,
      suggestedClass: null,
      classDiffers: false,
      nextInspection: '2026-03-01',
      nextInspectionBasis: 'registered class',
      inspectionDue: false,
    });
  });

  it('counts an assessment it cannot read instead of using it', () => {
    const beta = report.enterprises.find((e) => e.id === 'beta')!;
    expect(beta.unreadableEvents).toBe(1);
    expect(beta.risk.assessments).toBe(2);
  });
});

describe('ranking and totals', () => {
  it('ranks by the mean score, highest first; enterprises without assessments last', () => {
    expect(report.ranking.basis).toBe('time-weighted mean risk score of the month');
    expect(report.ranking.entries.map((e) => [e.rank, e.enterprise])).toEqual([
      [1, 'beta'],
      [2, 'acme'],
      [3, 'gamma'],
    ]);
    const beta = RISK_PLAN.filter((p) => p.enterprise === 'beta');
    expect(report.ranking.entries[0].score).toBeCloseTo(heldMean(beta, JAN.to).mean, 10);
    expect(report.ranking.entries[0].endScore).toBe(80);
    expect(report.ranking.entries[2]).toMatchObject({ score: null, level: null, endScore: null });
  });

  it('counts enterprises by level and class', () => {
    expect(report.totals.enterprises).toBe(3);
    expect(report.totals.byLevel).toEqual({ low: 0, medium: 0, high: 1, critical: 1, none: 1 });
    expect(report.totals.registeredClass).toEqual({ A: 1, B: 1, C: 1 });
    expect(report.totals.suggestedClass).toEqual({ A: 0, B: 1, C: 1, none: 1 });
    expect(report.totals.classChanges.map((c) => [c.enterprise, c.registeredClass, c.suggestedClass])).toEqual([
      ['acme', 'B', 'C'],
      ['beta', 'A', 'B'],
    ]);
  });

  it('lists the lowest Ppk first', () => {
    const all = report.enterprises.flatMap((e) => e.characteristics.filter((c) => c.ppk !== null).map((c) => c.ppk as number));
    const listed = report.totals.lowestPpk.map((x) => x.ppk);
    expect(listed).toEqual([...all].sort((a, b) => a - b).slice(0, listed.length));
    expect(report.totals.lowestPpk[0]).toMatchObject({ enterprise: 'acme', line: 'L1', characteristic: 'conductor_resistance' });
    expect(report.totals.samples).toBe(report.enterprises.flatMap((e) => e.characteristics).reduce((s, c) => s + c.n, 0));
  });

  it('explains every figure', () => {
    for (const key of [
      'period',
      'n',
      'sd',
      'ppPpk',
      'sigmaWithin',
      'expectedPpm',
      'monthOverMonth',
      'alerts',
      'alertRules',
      'timeToAcknowledge',
      'earlierEpisodesActedOn',
      'causes',
      'riskTrend',
      'ranking',
    ]) {
      expect(report.methods[key], key).toMatch(/\w+/);
    }
    expect(report.methods.period).toContain('2026-01-01T00:00:00Z');
    expect(report.parameters.capableIndex).toBe(config.risk.capableIndex);
  });

  it('has a null, never NaN or Infinity, where there is no value', () => {
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe('one enterprise (an enterprise user)', () => {
  it('holds that enterprise only, in its figures, ranking and totals', async () => {
    const own = await buildMonthlyReport({ config, store: fx.store, month: JAN.month, now: NOW, enterprise: 'beta' });
    expect(own.scope).toBe('enterprise');
    expect(own.enterprise).toBe('beta');
    expect(own.enterprises.map((e) => e.id)).toEqual(['beta']);
    expect(own.ranking.entries.map((e) => e.enterprise)).toEqual(['beta']);
    expect(own.totals.enterprises).toBe(1);
    expect(own.totals.episodes).toEqual(own.enterprises[0].episodes);
    expect(own.totals.causes).toEqual(own.enterprises[0].causes);
    expect(own.totals.episodes.raised).toBe(3);
    const text = JSON.stringify(own);
    expect(text).not.toMatch(/acme|gamma/i);
    // Its own figures are the cluster report's.
    expect(own.enterprises[0]).toEqual(report.enterprises.find((e) => e.id === 'beta'));
  });

  it('refuses an enterprise the configuration does not have', async () => {
    await expect(buildMonthlyReport({ config, store: fx.store, month: JAN.month, now: NOW, enterprise: 'nobody' })).rejects.toMatchObject({ code: 'LW_REPORT_ENTERPRISE' });
  });
});

describe('months without data, under way, or not a month', () => {
  it('reports a month without any data as such, not as an error', async () => {
    const empty = await buildMonthlyReport({ config, store: fx.store, month: '2025-06', now: NOW });
    expect(empty.hasData).toBe(false);
    expect(empty.noDataReason).toMatch(/no measurements, alerts or risk assessments .* 2025-06/);
    expect(empty.enterprises).toHaveLength(3);
    expect(empty.enterprises.every((e) => !e.hasData && e.characteristics.every((c) => c.n === 0))).toBe(true);
    expect(empty.ranking.entries.every((e) => e.score === null)).toBe(true);
    expect(empty.totals).toMatchObject({ episodes: { raised: 0, earlierEpisodesActedOn: 0 }, causes: { episodes: 0, bars: [] }, samples: 0, lowestPpk: [], byLevel: { none: 3 } });
  });

  it('marks a month under way as incomplete and holds its last assessment only until now', async () => {
    const feb = await buildMonthlyReport({ config, store: fx.store, month: FEB.month, now: NOW });
    expect(feb.monthComplete).toBe(false);
    const acme = feb.enterprises.find((e) => e.id === 'acme')!;
    expect(acme.risk.assessments).toBe(1);
    expect(acme.risk.meanScore).toBe(55);
    // The episode raised in January's last hour is acknowledged in February: acted on, not raised, in it.
    expect(acme.episodes).toMatchObject({ raised: 0, earlierEpisodesActedOn: 1 });
    expect(acme.characteristics[0].n).toBe(values('acme', 'L1', 'insulation_thickness', FEB).length);
    // February's prior month is January: the comparison is against it.
    expect(acme.characteristics[0].previous.n).toBe(values('acme', 'L1', 'insulation_thickness', JAN).length);
  });

  it.each(['2026-13', '2026-1', '26-01', 'January', '2026-00', ''])('refuses %j as a month', async (month) => {
    await expect(buildMonthlyReport({ config, store: fx.store, month, now: NOW })).rejects.toMatchObject({ code: 'LW_REPORT_MONTH' });
  });

  it('refuses a month that has not begun', async () => {
    await expect(buildMonthlyReport({ config, store: fx.store, month: '2026-03', now: NOW })).rejects.toThrow(/has not begun/);
  });
});
