import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLinewatch } from '../support/cli.js';
import { GaugeNoise } from '../../simulators/gauge-noise.js';

const HEADER = 'ts,enterprise,line,characteristic,value';
const START = Date.parse('2026-03-01T06:00:00Z');
const PERIOD_MS = 100; // 10 Hz
const SIGMA = 0.02;
const HOUR = 36_000; // readings at 10 Hz

interface PlannedSeries {
  readonly series: string; // enterprise/line/characteristic
  readonly seed: number;
  readonly phi?: number;
  /** Offset from 0.8 of reading i (a step, a glitch), before the noise. */
  readonly offset?: (i: number) => number;
}

/** A file of several series at 10 Hz, interleaved in time as a gateway would send them; `edit` may change the lines. */
function writeSeries(planned: PlannedSeries[], n: number, edit?: (lines: string[]) => void): string {
  const noises = planned.map((p) => new GaugeNoise({ sigma: SIGMA, phi: p.phi ?? 0.5, tDof: null, seed: p.seed }));
  const lines: string[] = [HEADER];
  for (let i = 0; i < n; i++) {
    const ts = new Date(START + i * PERIOD_MS).toISOString();
    planned.forEach((p, s) => {
      const [enterprise, line, characteristic] = p.series.split('/');
      lines.push(`${ts},${enterprise},${line},${characteristic},${(0.8 + (p.offset?.(i) ?? 0) + noises[s].next()).toFixed(5)}`);
    });
  }
  edit?.(lines);
  return writeRaw(`${lines.join('\n')}\n`);
}

function writeRaw(text: string, name = 'series.csv'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'linewatch-monitor-')), name);
  writeFileSync(file, text);
  return file;
}

function monitorJson(args: string[]) {
  const r = runLinewatch(['monitor', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const at = (i: number) => new Date(START + i * PERIOD_MS).toISOString();

describe('linewatch monitor: in control', () => {
  it('locks the limits after the 30-minute Phase I and raises no episode in an hour', () => {
    const file = writeSeries([{ series: 'acme/extruder-1/insulation_thickness', seed: 101 }], HOUR);
    const report = monitorJson([file]);
    expect(report.rows).toEqual({ total: HOUR, valid: HOUR, rejectedCount: 0, rejected: [], reasons: {}, otherSeries: 0 });
    expect(report.episodes).toEqual([]);
    expect(report.options.falseAlarmsPerSeriesPerWeek).toBe(1);
    expect(report.design.budgetPerWeek).toBe(1);
    expect(Object.keys(report.design.charts)).toEqual(['cusumSmall', 'cusumLarge']);
    expect(report.design.charts.cusumSmall.h).toBeGreaterThan(report.design.charts.cusumLarge.h);
    expect(report.design.falseAlarmsPerWeek).toBeLessThanOrEqual(1.001);

    const [series] = report.series;
    expect(series).toMatchObject({ series: 'acme/extruder-1/insulation_thickness', readings: HOUR, status: 'monitoring', baseline: null, firstReading: at(0), lastReading: at(HOUR - 1) });
    expect(series.limits).toHaveLength(1);
    const limits = series.limits[0];
    expect(limits).toMatchObject({ version: 1, reason: 'initial', subgroups: 1800, readingsPerSubgroup: 10 });
    // The 1800th subgroup (1 s each) ends 30 minutes in: its last reading is at 29:59.9.
    expect(limits.lockedAt).toBe(at(18_000 - 1));
    expect(limits.mean).toBeCloseTo(0.8, 2);
    expect(limits.sdReadings / SIGMA).toBeGreaterThan(0.9);
    expect(limits.sdReadings / SIGMA).toBeLessThan(1.1);
  });

  it('reports a series still in Phase I with its progress', () => {
    const report = monitorJson([writeSeries([{ series: 'acme/x/c', seed: 5 }], 6_000)]);
    expect(report.series[0].status).toBe('phase I');
    expect(report.series[0].limits).toEqual([]);
    expect(report.series[0].baseline).toMatchObject({ needed: 1800, refused: 0, lastRefusal: null });
    expect(report.series[0].baseline.subgroups).toBeGreaterThan(400);
  });
});

describe('linewatch monitor: a planted step among several series', () => {
  const stepAt = 45 * 60 * 10; // 45 minutes in
  const planned: PlannedSeries[] = [
    { series: 'acme/extruder-1/insulation_thickness', seed: 11 },
    { series: 'acme/extruder-2/insulation_thickness', seed: 12, offset: (i) => (i >= stepAt ? 2 * SIGMA : 0) },
    { series: 'zenith/L1/sheath_thickness', seed: 13, phi: 0 },
  ];
  const file = writeSeries(planned, HOUR);

  it('raises exactly one episode, on the stepped series, within seconds of the step', () => {
    const report = monitorJson([file]);
    expect(report.rows.valid).toBe(3 * HOUR);
    expect(report.series.map((s: { series: string }) => s.series)).toEqual(planned.map((p) => p.series));
    expect(report.series.map((s: { episodes: number }) => s.episodes)).toEqual([0, 1, 0]);
    expect(report.episodes).toHaveLength(1);
    const [episode] = report.episodes;
    expect(episode).toMatchObject({ series: 'acme/extruder-2/insulation_thickness', enterprise: 'acme', line: 'extruder-2', status: 'active', resolvedAt: null, limitsVersion: 1, outOfSpec: null });
    expect(episode.rules[0]).toMatch(/^cusum(Small|Large)$/);
    expect(episode.rules).toEqual(episode.evidence.map((e: { rule: string }) => e.rule));
    const delayMs = Date.parse(episode.raisedAt) - Date.parse(at(stepAt));
    expect(delayMs).toBeGreaterThan(0);
    expect(delayMs).toBeLessThan(10_000);
    expect(episode.shiftSigma).toBeGreaterThan(1);
    expect(episode.id).toBe(`acme.extruder-2.insulation_thickness.${episode.rule}.${Date.parse(episode.raisedAt)}`);
  });

  it('monitors only the series named with --series', () => {
    const report = monitorJson([file, '--series', 'zenith/L1/sheath_thickness']);
    expect(report.series).toHaveLength(1);
    expect(report.rows).toMatchObject({ total: HOUR, valid: HOUR, otherSeries: 2 * HOUR });
    expect(report.episodes).toEqual([]);
  });

  it('prints the same for a person without --json', () => {
    const r = runLinewatch(['monitor', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Series \(3\)/);
    expect(r.stdout).toMatch(/acme\/extruder-1\/insulation_thickness\s+36000\s+0\s+2026-03-01 06:00:00\s+2026-03-01 06:59:59\.900\s+monitoring, limits v1\s+0/);
    expect(r.stdout).toMatch(/Limits \(every version locked\)\n\s+series\s+version\s+reason\s+Phase I from\s+locked at/);
    expect(r.stdout).toMatch(/Episodes \(1\)\n\s+raised at\s+resolved at.*\n\s+2026-03-01 06:45:0\d\.\d+\s+open\s+acme\/extruder-2\/insulation_thickness\s+(high|medium)\s+active\s+cusum/);
    expect(r.stdout).toMatch(/cusumSmall\s+0\.4\s+h 1\d\.\d+/);
  });
});

describe('linewatch monitor: product out of spec', () => {
  it('reports out-of-spec readings with their count and duration, whatever the charts say', () => {
    const stretchFrom = 40 * 600; // 40 minutes in: 30 readings (2.9 s) far above the USL
    const glitchAt = 45 * 600; // one reading above it on another series
    const file = writeSeries(
      [
        { series: 'acme/x1/insulation_thickness', seed: 21, offset: (i) => (i >= stretchFrom && i < stretchFrom + 30 ? 0.3 : 0) },
        { series: 'acme/x2/insulation_thickness', seed: 22, offset: (i) => (i === glitchAt ? 0.3 : 0) },
      ],
      HOUR,
    );
    const report = monitorJson([file, '--lsl', '0.6', '--usl', '1.0']);
    expect(report.spec).toEqual({ lsl: 0.6, usl: 1 });
    const [stretch, glitch] = report.episodes;
    expect(report.episodes).toHaveLength(2);
    expect(stretch).toMatchObject({ series: 'acme/x1/insulation_thickness', rule: 'outOfSpec', severity: 'critical', raisedAt: at(stretchFrom) });
    expect(stretch.outOfSpec).toEqual({ readings: 30, below: 0, above: 30, stretches: 1, longestMs: 2900, totalMs: 2900 });
    expect(stretch.evidence[0]).toEqual({ rule: 'outOfSpec', count: 30, first: at(stretchFrom), last: at(stretchFrom + 29) });
    expect(glitch).toMatchObject({ series: 'acme/x2/insulation_thickness', rule: 'outOfSpec', rules: ['outOfSpec'], severity: 'high', raisedAt: at(glitchAt) });
    expect(glitch.outOfSpec).toEqual({ readings: 1, below: 0, above: 1, stretches: 1, longestMs: 0, totalMs: 0 });
    // Ten quiet minutes (sample time) later the glitch's episode resolved itself.
    expect(glitch.status).toBe('resolved');
    expect(Date.parse(glitch.resolvedAt) - Date.parse(glitch.raisedAt)).toBeGreaterThanOrEqual(10 * 60_000);
    expect(Date.parse(glitch.resolvedAt) - Date.parse(glitch.raisedAt)).toBeLessThan(10 * 60_000 + 2_000);
  });
});

describe('linewatch monitor: options from a file', () => {
  it('takes overrides per characteristic and reports the options and design of each', () => {
    const file = writeSeries(
      [
        { series: 'acme/x1/insulation_thickness', seed: 31 },
        { series: 'acme/x1/conductor_diameter', seed: 32 },
      ],
      15_000, // 25 minutes
    );
    const config = writeRaw(JSON.stringify({ falseAlarmsPerSeriesPerWeek: 0.5, byCharacteristic: { conductor_diameter: { baselineMinutes: 10 } } }), 'live.json');
    const report = monitorJson([file, '--config', config]);
    expect(report.options.falseAlarmsPerSeriesPerWeek).toBe(0.5);
    expect(report.options.byCharacteristic.conductor_diameter).toMatchObject({ falseAlarmsPerSeriesPerWeek: 0.5, baselineMinutes: 10 });
    expect(report.design.budgetPerWeek).toBe(0.5);
    expect(report.design.byCharacteristic.conductor_diameter.baselineSubgroups).toBe(600);
    const [thickness, diameter] = report.series;
    expect(thickness.status).toBe('phase I'); // 25 minutes of its 30
    expect(diameter.limits[0].lockedAt).toBe(at(6_000 - 1));
  });
});

describe('linewatch monitor: rejected rows are listed, never dropped silently', () => {
  it('lists out-of-order, duplicate, bad-value, bad-timestamp and malformed rows by data-row number', () => {
    const file = writeSeries([{ series: 'acme/x/c', seed: 41 }], 20_000, (lines) => {
      // lines[k] is data row k - 1.
      lines[101] = lines[90]; // an earlier reading again: out of order
      lines[201] = lines[200].replace(/,[^,]*$/, ',0.81'); // same timestamp as the row before
      lines[301] = lines[301].replace(/,[^,]*$/, ',abc');
      lines[302] = lines[302].replace(/,[^,]*$/, ',-0.5');
      lines[303] = lines[303].replace('Z,', ',');
      lines[304] = lines[304].replace(/^2026-03-01/, '2026-02-30');
      lines[305] = 'acme,x';
    });
    const report = monitorJson([file]);
    expect(report.rows.rejected).toEqual([
      { row: 100, reason: 'out of order' },
      { row: 200, reason: 'duplicate timestamp' },
      { row: 300, reason: 'not a number' },
      { row: 301, reason: 'negative' },
      { row: 302, reason: 'timestamp without a time zone' },
      { row: 303, reason: 'invalid timestamp' },
      { row: 304, reason: 'malformed row (expected 5 fields, got 2)' },
    ]);
    expect(report.rows).toMatchObject({ total: 20_000, valid: 19_993, rejectedCount: 7 });
    expect(report.rows.reasons['out of order']).toBe(1);
    expect(report.series[0]).toMatchObject({ readings: 19_993, rejected: 6 });
    const text = runLinewatch(['monitor', file]).stdout;
    expect(text).toMatch(/total 20000, valid 19993, rejected 7/);
    expect(text).toMatch(/\n\s+100\s+out of order\n/);
  });
});

describe('linewatch monitor: unusable input gets one line on stderr and exit code 2', () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    ['a missing file', () => ['/nonexistent/x.csv'], /monitor: cannot read \/nonexistent\/x\.csv: no such file/],
    ['a directory', () => [tmpdir()], /monitor: cannot read .*: is a directory/],
    ['a wrong header', () => [writeRaw('time;value\n1;2\n')], /wrong header: missing columns/],
    ['an empty file', () => [writeRaw('')], /file is empty/],
    ['a header only', () => [writeRaw(`${HEADER}\n`)], /no valid rows: it has no data rows/],
    [
      'no valid rows',
      () => [writeRaw(`${HEADER}\n2026-01-01T00:00:00Z,a,l,c,x\n2026-01-01T00:00:01Z,a,l,c,\nyesterday,a,l,c,1\n`)],
      /no valid rows: all 3 data rows were rejected \(1 not a number, 1 empty, 1 invalid timestamp\)/,
    ],
    ['an unknown series', () => [writeRaw(`${HEADER}\n2026-01-01T00:00:00Z,a,l,c,1\n`), '--series', 'a/l/d'], /no rows of series 'a\/l\/d'/],
    ['a bad --series', () => [writeRaw(`${HEADER}\n`), '--series', 'a-l-c'], /--series must be enterprise\/line\/characteristic/],
    ['a bad number option', () => [writeRaw(`${HEADER}\n`), '--usl', 'abc'], /--usl must be a number, got 'abc'/],
    ['crossed limits', () => [writeRaw(`${HEADER}\n`), '--lsl', '2', '--usl', '1'], /--lsl \(2\) must be below --usl \(1\)/],
    ['an unknown option', () => [writeRaw(`${HEADER}\n`), '--bogus'], /Unknown option '--bogus'/],
    ['no file', () => [], /expected one CSV file, got 0/],
    ['a missing config', () => [writeRaw(`${HEADER}\n`), '--config', '/nonexistent/live.json'], /cannot read the configuration \/nonexistent\/live\.json: no such file/],
    ['a config that is no JSON', () => [writeRaw(`${HEADER}\n`), '--config', writeRaw('{"clipSigma": 4,\n}', 'live.json')], /live\.json: not valid JSON \(line 2, column 1\)/],
    ['a misspelt option in the config', () => [writeRaw(`${HEADER}\n`), '--config', writeRaw('{"falseAlarmsPerWeek": 2}', 'live.json')], /falseAlarmsPerWeek: unknown option \(known: subgroupMs, /],
    [
      'an option out of range',
      () => [writeRaw(`${HEADER}\n`), '--config', writeRaw('{"byCharacteristic": {"c": {"cusumSmallK": 0}}}', 'live.json')],
      /byCharacteristic\.c: cusumSmallK must be a number above 0/,
    ],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const r = runLinewatch(['monitor', ...args()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });
});
