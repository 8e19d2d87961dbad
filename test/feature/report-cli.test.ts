/**
 * `linewatch report` as a user runs it: a configuration file, the embedded
 * store it names (filled beforehand, then closed), JSON and HTML output, and
 * one-line errors with exit 2 for what the user can fix.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAUSE_CATALOGUE } from '../../monitor/causes.js';
import { openStore } from '../../store/open-store.js';
import { runLinewatch } from '../support/cli.js';
import { plannedAlertEvents, plannedMeasurements, plannedRiskEvents, reportConfig } from '../unit/report/report-fixture.js';

let dir: string;
let configFile: string;

/** The label the configuration file gives the cause 'tooling': the report must take its labels from the file. */
const TOOLING_LABEL = 'Die or tip worn (site catalogue)';

/** The fixture's cluster as a configuration file, its store in ./data beside it, with its own cause catalogue. */
function writeConfig(folder: string, dataDir: string): string {
  const c = reportConfig(dataDir);
  const file = join(folder, 'linewatch.json');
  const alerts = { causes: DEFAULT_CAUSE_CATALOGUE.causes.map((x) => (x.id === 'tooling' ? { id: x.id, label: TOOLING_LABEL } : x)) };
  const body = { version: 1, enterprises: c.enterprises, products: c.products, gateways: [], services: [], users: [], alerts, store: { kind: 'embedded', dataDir } };
  writeFileSync(file, JSON.stringify(body, null, 2));
  return file;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-report-cli-'));
  configFile = writeConfig(dir, './data');
  const store = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
  await store.writeMeasurements(plannedMeasurements());
  await store.appendEvents([...plannedAlertEvents(), ...plannedRiskEvents()]);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function report(args: string[]) {
  return runLinewatch(['report', '--config', configFile, ...args]);
}

/** A failure a user can fix: exit 2, one line on stderr, no stack trace, nothing on stdout. */
function expectOneLineError(r: ReturnType<typeof runLinewatch>, pattern: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\s+at\s+\S+\s+\(|Error:/);
}

describe('linewatch report: output', () => {
  it('prints the month as JSON', () => {
    const r = report(['--month', '2026-01']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ kind: 'linewatch.monthly-report', scope: 'cluster', hasData: true, store: 'embedded', period: { month: '2026-01', days: 31 } });
    expect(json.ranking.entries.map((e: { enterprise: string }) => e.enterprise)).toEqual(['beta', 'acme', 'gamma']);
    const row = json.enterprises[0].characteristics[0];
    expect(row).toMatchObject({ line: 'L1', characteristic: 'insulation_thickness', daysWithData: 31 });
    expect(row.n).toBeGreaterThan(4000);
    // Episodes, not per-rule alerts, and their causes labelled from the file's catalogue.
    expect(json.formatVersion).toBe(2);
    expect(json.totals.episodes.raised).toBe(9);
    expect(json.totals.causes.bars.map((b: { cause: string; label: string; count: number }) => [b.cause, b.label, b.count])).toContainEqual(['tooling', TOOLING_LABEL, 2]);
  });

  it('writes the printable page to --out, and says where', () => {
    const out = join(dir, 'jan.html');
    const r = report(['--month', '2026-01', '--format', 'html', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`linewatch report: 2026-01 written to ${out} (html)\n`);
    const page = readFileSync(out, 'utf8');
    expect(page.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page).toContain('Monthly quality report');
    expect(page).toContain('id="enterprise-gamma"');
    expect(page).toContain(`<tr><td>${TOOLING_LABEL}</td><td class="num">2</td>`);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('gives one enterprise only with --enterprise', () => {
    const r = report(['--month', '2026-01', '--enterprise', 'beta']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.enterprises.map((e: { id: string }) => e.id)).toEqual(['beta']);
    expect(r.stdout).not.toMatch(/acme|gamma/i);
  });

  it('reports a month without data as such, exit 0', () => {
    const r = report(['--month', '2025-06']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ hasData: false, noDataReason: expect.stringContaining('2025-06') });
  });
});

describe('linewatch report: one-line errors', () => {
  it.each([
    [['--month', '2026-13'], /^linewatch report: month must be a calendar month YYYY-MM/],
    [['--month', '2200-01'], /^linewatch report: month 2200-01 has not begun yet/],
    [['--month', '2026-01', '--enterprise', 'nobody'], /^linewatch report: no enterprise 'nobody' in /],
    [['--month', '2026-01', '--format', 'pdf'], /^linewatch report: --format must be json or html, got 'pdf'/],
    [[], /^linewatch report: --month YYYY-MM is required/],
    [['--month', '2026-01', '--bogus'], /^linewatch report: Unknown option '--bogus'/],
  ])('%j', (args, pattern) => {
    expectOneLineError(report(args), pattern);
  });

  it('needs a configuration', () => {
    expectOneLineError(runLinewatch(['report', '--month', '2026-01']), /--config FILE is required/);
  });

  it('says so when nothing was ever stored where the configuration points, and creates nothing there', () => {
    const empty = mkdtempSync(join(tmpdir(), 'linewatch-report-cli-empty-'));
    const file = writeConfig(empty, './nothing-here');
    expectOneLineError(runLinewatch(['report', '--config', file, '--month', '2026-01']), /no embedded store in .*nothing-here/);
    expect(existsSync(join(empty, 'nothing-here'))).toBe(false);
    rmSync(empty, { recursive: true, force: true });
  });

  it('names the fix when a running service holds the embedded store', async () => {
    // DuckDB locks the database per process: this test process stands in for linewatch analytics.
    const held = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
    try {
      expectOneLineError(report(['--month', '2026-01']), /the embedded store is in use by another process \(PID \d+\).*stop linewatch start\/analytics or use InfluxDB/);
    } finally {
      await held.close();
    }
  });

  it('says why it cannot write --out', () => {
    const r = report(['--month', '2026-01', '--out', join(dir, 'no-such-folder', 'r.json')]);
    expectOneLineError(r, /cannot write .*r\.json: no such file or directory/);
  });
});
