import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runLinewatch } from '../support/cli.js';
import { compareReports } from '../support/report-compare.js';
import { SeededRandom } from '../../simulators/random.js';

const EXAMPLES = join(REPO_ROOT, 'test', 'fixtures', 'spc-examples');
const HEADER = 'ts,enterprise,line,characteristic,value';

function writeCsv(values: string[], name = 'series.csv'): string {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-analyze-'));
  const start = Date.parse('2026-01-01T00:00:00Z');
  const rows = values.map((v, i) => `${new Date(start + i * 1000).toISOString()},acme,extruder-1,insulation_thickness,${v}`);
  const file = join(dir, name);
  writeFileSync(file, `${HEADER}\n${rows.join('\n')}\n`);
  return file;
}

function analyzeJson(args: string[]) {
  const r = runLinewatch(['analyze', ...args, '--json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe('linewatch analyze: the worked examples of docs/spc-conventions.md', () => {
  it.each([
    ['c02_step_shift_thickness', []],
    ['c05_subgroups_thickness', ['--subgroup-size', '5']],
  ])('%s matches its expected report', (name, extra) => {
    const report = analyzeJson([join(EXAMPLES, `${name}.csv`), '--lsl', '0.72', '--usl', '0.88', ...extra]);
    const expected = JSON.parse(readFileSync(join(EXAMPLES, `${name}.expected.json`), 'utf8'));
    expect(compareReports(report, expected)).toEqual([]);
  });
});

describe('linewatch analyze: rejected rows', () => {
  it('lists each bad row by data-row number and reason and gives it no sample index', () => {
    const rng = new SeededRandom(11);
    const values = Array.from({ length: 260 }, () => (0.8 + 0.02 * rng.normal()).toFixed(6));
    const bad: Record<number, [string, string]> = {
      3: ['', 'empty'],
      10: ['NaN', 'NaN'],
      11: ['abc', 'not a number'],
      50: ['-0.2', 'negative'],
      120: ['Inf', 'infinite'],
    };
    for (const [row, [text]] of Object.entries(bad)) values[Number(row)] = text;
    values[240] = '5'; // a valid outlier: it must keep the sample index it has among the valid rows
    const report = analyzeJson([writeCsv(values), '--lsl', '0.72', '--usl', '0.88']);
    expect(report.rows.total).toBe(260);
    expect(report.rows.valid).toBe(255);
    expect(report.rows.rejected).toEqual(Object.entries(bad).map(([row, [, reason]]) => ({ row: Number(row), reason })));
    expect(report.outOfSpec.aboveUsl).toEqual([235]);
    expect(report.signals.rule1).toContain(235);
  });

  it('reports a row with missing fields as malformed and carries on', () => {
    const file = writeCsv(['0.8', '0.81', '0.79']);
    writeFileSync(file, `${readFileSync(file, 'utf8')}2026-01-01T00:00:09Z,acme\n`);
    const report = analyzeJson([file, '--baseline', '2']);
    expect(report.rows.rejected).toEqual([{ row: 3, reason: 'malformed row (expected 5 fields, got 2)' }]);
    expect(report.rows.valid).toBe(3);
  });
});

describe('linewatch analyze: specs and options', () => {
  it('handles a one-sided spec (resistance has only a maximum)', () => {
    const rng = new SeededRandom(3);
    const values = Array.from({ length: 300 }, () => (11.6 + 0.1 * rng.normal()).toFixed(4));
    const report = analyzeJson([writeCsv(values), '--usl', '12.1']);
    expect(report.spec).toEqual({ lsl: null, usl: 12.1 });
    expect(report.capability.cp).toBeNull();
    expect(report.capability.cpl).toBeNull();
    expect(report.capability.cpk).toBe(report.capability.cpu);
    expect(report.ppm.belowLsl).toBeNull();
    expect(report.ppm.total).toBe(report.ppm.aboveUsl);
  });

  it('reports an incomplete baseline with no signals rather than inventing one', () => {
    const report = analyzeJson([writeCsv(['0.8', '0.9', '5']), '--lsl', '0.7']);
    expect(report.baseline).toEqual({ n: 3, mean: null, sigma: null, complete: false });
    expect(report.signals.rule1).toEqual([]);
  });

  it('honours --baseline and the chart parameters', () => {
    const values = ['1', '1.2', '0.8', '1.1', '0.9', '1', '1.6'];
    const base = analyzeJson([writeCsv(values), '--baseline', '6']);
    expect(base.baseline.n).toBe(6);
    expect(base.baseline.mean).toBeCloseTo(1, 12);
    // sigma0 = mean(0.2, 0.4, 0.3, 0.2, 0.1) / 1.128; 1.6 is 0.6 above mu0 = 2.26 sigma0: no rule 1.
    expect(base.baseline.sigma).toBeCloseTo(0.24 / 1.128, 12);
    expect(base.signals.rule1).toEqual([]);
    const tight = analyzeJson([writeCsv(values), '--baseline', '6', '--lambda', '1', '--L', '2']);
    expect(tight.signals.ewma).toEqual([6]);
  });

  it('prints the same content for a person without --json', () => {
    const r = runLinewatch(['analyze', join(EXAMPLES, 'c02_step_shift_thickness.csv'), '--lsl', '0.72', '--usl', '0.88']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Cp, Cpl, Cpu, Cpk\s+1\.313, 1\.445, 1\.181, 1\.181/);
    expect(r.stdout).toMatch(/rule 1 .*5 at 301, 311, 366, 456, 465/);
    expect(r.stdout).toMatch(/CUSUM\s+\d+ at 311-326, 332-336/);
  });
});

describe('linewatch analyze: unusable input gets one line on stderr and exit code 2', () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    ['a missing file', () => ['/nonexistent/x.csv'], /cannot read \/nonexistent\/x\.csv: no such file/],
    ['a directory', () => [tmpdir()], /cannot read .*: is a directory/],
    ['a wrong header', () => [writeRaw('time;value\n1;2\n')], /wrong header: missing columns/],
    ['an empty file', () => [writeRaw('')], /file is empty/],
    ['no valid rows', () => [writeCsv(['x', '', '-1'])], /no valid rows: all 3 data rows were rejected \(1 not a number, 1 empty, 1 negative\)/],
    ['a header only', () => [writeRaw(`${HEADER}\n`)], /no valid rows: it has no data rows/],
    ['several series', () => [writeRaw(`${HEADER}\nt,a,l,insulation_thickness,1\nt,b,l,insulation_thickness,1\n`)], /holds 2 series .*--series/],
    ['a bad number option', () => [writeCsv(['1', '2']), '--lsl', 'abc'], /--lsl must be a number, got 'abc'/],
    ['crossed limits', () => [writeCsv(['1', '2']), '--lsl', '2', '--usl', '1'], /--lsl \(2\) must be below --usl \(1\)/],
    ['a subgroup size out of range', () => [writeCsv(['1', '2']), '--subgroup-size', '30'], /--subgroup-size must be a whole number from 2 to 25/],
    ['an unknown option', () => [writeCsv(['1', '2']), '--bogus'], /Unknown option '--bogus'/],
    ['no file', () => [], /expected one CSV file, got 0/],
  ];
  it.each(cases)('%s', (_name, args, message) => {
    const r = runLinewatch(['analyze', ...args()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('picks one series from a file holding several with --series', () => {
    const file = writeRaw(`${HEADER}\nt,a,l,insulation_thickness,1\nt,b,l,insulation_thickness,2\nt,b,l,insulation_thickness,3\n`);
    const report = analyzeJson([file, '--series', 'b/l/insulation_thickness', '--baseline', '2']);
    expect(report.stats.n).toBe(2);
    expect(report.stats.mean).toBe(2.5);
  });
});

function writeRaw(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'linewatch-analyze-')), 'raw.csv');
  writeFileSync(file, text);
  return file;
}
