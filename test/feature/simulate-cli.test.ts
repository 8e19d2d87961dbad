import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runLinewatch } from '../support/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'linewatch-simulate-'));
// Where a usage error must stop before writing anything.
const X = join(dir, 'never-written.csv');

function simulate(name: string, args: string[]): string {
  const file = join(dir, name);
  const r = runLinewatch(['simulate', ...args, '--out', file]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^wrote \d+ rows to .+\n$/);
  return file;
}

function analyze(args: string[]) {
  const r = runLinewatch(['analyze', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('linewatch simulate: one scenario', () => {
  it('writes a drift toward the resistance maximum that analyze reads and flags', () => {
    const file = simulate('drift.csv', ['--scenario', 'drift', '--characteristic', 'conductor_resistance', '--duration', '10m', '--rate', '10', '--seed', '7']);
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('ts,enterprise,line,characteristic,value');
    expect(lines[1]).toMatch(/^2026-01-01T00:00:00(\.\d{3})?Z,sim-enterprise,line-1,conductor_resistance,\d+\.\d+$/);
    const report = analyze([file, '--usl', '12.1']);
    expect(report.rows.total).toBe(6000);
    expect(report.rows.valid).toBe(6000);
    // The drift starts a third of the way in (sample ~2000) and reaches the maximum at the end.
    const afterStart = (indices: number[]) => indices.filter((i) => i >= 2000);
    expect(afterStart(report.signals.cusum).length).toBeGreaterThan(1000);
    expect(report.outOfSpec.aboveUsl.length).toBeGreaterThan(0);
    expect(Math.min(...report.outOfSpec.aboveUsl)).toBeGreaterThan(2000);
    expect(report.baseline.mean).toBeGreaterThan(11.6);
    expect(report.baseline.mean).toBeLessThan(11.9);
  });

  it('is the same file for the same seed and another for another seed', () => {
    const args = ['--scenario', 'step', '--duration', '2m', '--at', '1m'];
    const a = readFileSync(simulate('a.csv', [...args, '--seed', '3']), 'utf8');
    const b = readFileSync(simulate('b.csv', [...args, '--seed', '3']), 'utf8');
    const c = readFileSync(simulate('c.csv', [...args, '--seed', '4']), 'utf8');
    expect(b).toBe(a);
    expect(c).not.toBe(a);
  });

  it('writes bad values that analyze rejects row by row with their reasons', () => {
    const file = simulate('bad.csv', ['--scenario', 'bad-values', '--fraction', '0.1', '--duration', '5m', '--at', '0s', '--enterprise', 'acme', '--line', 'extruder-2']);
    const report = analyze([file, '--lsl', '0.53']);
    expect(report.rows.total).toBe(3000);
    const reasons = new Set(report.rows.rejected.map((r: { reason: string }) => r.reason));
    expect(reasons).toEqual(new Set(['NaN', 'negative', 'empty']));
    // The fourth kind, an absurd overflow value, is a valid number to analyze: it shows as beyond 3 sigma.
    const absurd = readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.endsWith(',9.9e+37')).length;
    expect(absurd).toBeGreaterThan(0);
    expect(report.rows.valid).toBe(3000 - report.rows.rejected.length);
    expect(report.rows.rejected.length + absurd).toBeGreaterThan(3000 * 0.1 - 4 * Math.sqrt(3000 * 0.1 * 0.9));
    expect(report.rows.rejected.length + absurd).toBeLessThan(3000 * 0.1 + 4 * Math.sqrt(3000 * 0.1 * 0.9));
  });

  it('writes to standard output with --out -', () => {
    const r = runLinewatch(['simulate', '--duration', '10s', '--rate', '2', '--out', '-']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(21);
  });
});

describe('linewatch simulate: fleets', () => {
  it('writes the demo fleet of a configuration, and analyze and monitor find the drifting resistance in it', () => {
    // Five minutes: the problems start after the live monitor's 2-minute Phase I (simulators/demo-roles.ts).
    const file = simulate('demo.csv', ['--fleet', 'demo', '--config', 'config/demo.json', '--duration', '5m']);
    const rows = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
    // Every configured series, under its configured ids, 3,000 readings each (5 minutes at 10 Hz).
    const config = JSON.parse(readFileSync('config/demo.json', 'utf8'));
    const configured = config.enterprises.flatMap((e: { id: string; lines: { id: string; product: string }[] }) =>
      e.lines.flatMap((l) => Object.keys(config.products.find((p: { id: string }) => p.id === l.product).characteristics).map((c) => `${e.id}/${l.id}/${c}`)),
    );
    const perSeries = new Map<string, number>();
    for (const r of rows) {
      const [, e, l, c] = r.split(',');
      perSeries.set(`${e}/${l}/${c}`, (perSeries.get(`${e}/${l}/${c}`) ?? 0) + 1);
    }
    expect([...perSeries.keys()].sort()).toEqual([...configured].sort());
    expect(new Set(perSeries.values())).toEqual(new Set([3000]));
    // The second enterprise of the configuration drifts (simulators/demo-roles.ts); the sixth stays in control.
    const drift = analyze([file, '--series', 'jinxing/L1/conductor_resistance', '--usl', '7.41']);
    expect(drift.signals.cusum.filter((i: number) => i >= 1300).length).toBeGreaterThan(400);
    const calm = analyze([file, '--series', 'ruifeng/L1/conductor_resistance', '--usl', '12.1']);
    expect(calm.signals.cusum.length).toBeLessThan(drift.signals.cusum.length / 5);
    // The live engine, with the demo's options: one episode on the drifting series, none on the calm one.
    const run = runLinewatch(['monitor', file, '--config', 'config/demo.json', '--json']);
    expect(run.stderr).toBe('');
    const monitored = JSON.parse(run.stdout);
    const on = (series: string) => monitored.episodes.filter((e: { series: string }) => e.series === series);
    expect(on('jinxing/L1/conductor_resistance')).toHaveLength(1);
    expect(on('ruifeng/L1/conductor_resistance')).toHaveLength(0);
  });

  it('writes a fleet of N enterprises', () => {
    const file = simulate('fleet.csv', ['--fleet', '3', '--duration', '30s', '--rate', '1', '--seed', '9']);
    const rows = readFileSync(file, 'utf8').trimEnd().split('\n').slice(1);
    expect(rows).toHaveLength(3 * 3 * 4 * 30);
    expect(new Set(rows.map((r) => r.split(',')[1]))).toEqual(new Set(['ent-0001', 'ent-0002', 'ent-0003']));
  });
});

describe('linewatch simulate: bad usage exits 2 with one line', () => {
  it.each([
    [['--scenario', 'wobble', '--out', X], /--scenario must be one of/],
    [['--out', X, '--rate', '0'], /--rate must be above 0/],
    [['--out', X, '--rate', 'fast'], /--rate must be a number/],
    [['--out', X, '--duration', '10x'], /--duration must be a duration/],
    [['--out', X, '--duration', '30d'], /--duration must be from/],
    [['--scenario', 'drift'], /--out FILE is required/],
    [['--scenario', 'drift', '--factor', '2', '--out', X], /--factor applies to --scenario variance, not drift/],
    [['--fleet', 'demo', '--scenario', 'drift', '--out', X], /--scenario applies to one series, not to --fleet/],
    [['--fleet', 'county', '--out', X], /--fleet must be demo or a number/],
    [['--fleet', 'demo', '--out', X], /--config FILE is required/],
    [['--fleet', '3', '--config', 'config/demo.json', '--out', X], /--config applies to --fleet demo only/],
    [['--characteristic', 'colour', '--out', X], /--characteristic must be one of/],
    [['--enterprise', 'a/b', '--out', X], /--enterprise: enterprise id "a\/b" contains/],
    [['--seed', '1.5', '--out', X], /--seed must be a whole number/],
    [['--start', '2026-01-01 00:00', '--out', X], /--start must be an ISO 8601 time/],
    [['--out', join(dir, 'no', 'such', 'dir.csv')], /cannot write .*: no such file or directory/],
    [['--out', X, '--bogus'], /Unknown option '--bogus'/],
  ])('%j', (args, message) => {
    const r = runLinewatch(['simulate', ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^linewatch simulate: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
  });

  it('is listed by linewatch --help and explains itself with --help', () => {
    expect(runLinewatch(['--help']).stdout).toMatch(/simulate\s+write synthetic line data/);
    const r = runLinewatch(['simulate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: linewatch simulate/);
  });
});
