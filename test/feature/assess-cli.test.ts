import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { hashPassword } from '../../security/password.js';
import { SeededRandom } from '../../simulators/random.js';
import { runLinewatch } from '../support/cli.js';

/**
 * `linewatch assess`: a CSV of three makers (one in control, one saving
 * material on its insulation, one whose resistance drifts toward its
 * maximum) assessed offline, as text and as JSON.
 */
const START = Date.UTC(2026, 2, 1, 23, 0, 0); // an hour before midnight: the evidence spans two days
const PERIOD_MS = 500; // 2 Hz, two hours
const N = 14_400;
const CHARS = {
  conductor_resistance: { mean: 11.74, sd: 0.07 },
  insulation_thickness: { mean: 0.74, sd: 0.035 },
} as const;
type Char = keyof typeof CHARS;
const STORY: Record<string, (i: number, c: Char) => { mean: number; sd: number }> = {
  steady: (_i, c) => CHARS[c],
  saver: (_i, c) => (c === 'insulation_thickness' ? { mean: 0.56, sd: 0.012 } : CHARS[c]),
  drifter: (i, c) => (c === 'conductor_resistance' && i > 3600 ? { mean: 11.74 + 0.4 * ((i - 3600) / 10_800), sd: 0.07 } : CHARS[c]),
};

let dir: string;
let csv: string;
let config: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-assess-'));
  const hash = await hashPassword('pw', { N: 1024 });
  const ids = Object.keys(STORY);
  config = join(dir, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      version: 1,
      enterprises: ids.map((id, k) => ({ id, name: id, class: (['C', 'A', 'B'] as const)[k], lastInspection: '2025-11-01', lines: [{ id: 'L1', product: 'BV' }] })),
      products: [{ id: 'BV', name: 'BV 1.5', characteristics: { conductor_resistance: { usl: 12.1 }, insulation_thickness: { lsl: 0.53, nominal: 0.7 } } }],
      gateways: ids.map((id) => ({ id: `${id}-gw`, enterprise: id, passwordHash: hash })),
      services: [],
      users: [],
      http: { tokenSecret: 'assess-cli-test-secret-of-32-characters-at-least' },
      live: { baselineMinutes: 5 },
      store: { kind: 'embedded', dataDir: join(dir, 'data') },
      mqtt: { listen: { port: 0 } },
    }),
  );
  const rng = new SeededRandom(5);
  const rows = ['ts,enterprise,line,characteristic,value'];
  for (let i = 0; i < N; i++) {
    for (const [id, story] of Object.entries(STORY)) {
      for (const c of Object.keys(CHARS) as Char[]) {
        const { mean, sd } = story(i, c);
        rows.push(`${new Date(START + i * PERIOD_MS).toISOString()},${id},L1,${c},${(mean + sd * rng.normal()).toFixed(5)}`);
      }
    }
  }
  rows.push(`${new Date(START).toISOString()},stranger,L1,conductor_resistance,11.7`);
  rows.push(`${new Date(START).toISOString()},steady,L1,conductor_resistance,not-a-number`);
  csv = join(dir, 'fleet.csv');
  writeFileSync(csv, `${rows.join('\n')}\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('linewatch assess', () => {
  it('ranks the makers, names each problem on its characteristic and gives the daily evidence, as JSON', () => {
    const r = runLinewatch(['assess', csv, '--config', config, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.enterprises.map((e: { id: string }) => e.id).at(-1)).toBe('steady');
    const of = (id: string) => body.enterprises.find((e: { id: string }) => e.id === id);
    expect(of('steady')).toMatchObject({ level: 'low', registeredClass: 'C', riskClass: 'C' });
    expect(of('saver').diagnoses[0]).toMatchObject({ characteristic: 'insulation_thickness', diagnosis: 'off-centre' });
    expect(of('drifter').diagnoses[0]).toMatchObject({ characteristic: 'conductor_resistance', diagnosis: 'drifting' });
    expect(of('saver').evidenceSummary).toMatchObject({ fromDay: '2026-03-01', toDay: '2026-03-02', days: 2, readings: 2 * N });
    expect(
      of('saver')
        .evidence.series.map((d: { day: string }) => d.day)
        .sort(),
    ).toEqual(['2026-03-01', '2026-03-01', '2026-03-02', '2026-03-02']);
    expect(of('saver').evidence.enterprise.reduce((a: number, d: { highRiskMinutes: number }) => a + d.highRiskMinutes, 0)).toBeGreaterThan(60);
    expect(of('steady').classState).toMatchObject({ suggested: 'C', at: START + (N - 1) * PERIOD_MS });
    expect(body.refused).toEqual({ readings: 1, reasons: ["unknown enterprise 'stranger'"] });
    expect(body.rejectedRows).toBe(1);
    // Without --records the register's conditions are unknown: nobody is A, and each suggestion says why.
    expect(body.records).toBeNull();
    for (const e of body.enterprises) {
      expect(e.classification.suggested).not.toBe('A');
      expect(e.classification.asOf).toBe('2026-03-02');
      expect(e.classification.conditions.find((c: { id: string }) => c.id === 'a.tax').status).toBe('unknown');
    }
  });

  it('suggests C by a failed provincial spot check in the records, naming the record', () => {
    const records = join(dir, 'records.json');
    const spotCheck = {
      kind: 'spot-check',
      id: 'sc-drifter-2025',
      enterprise: 'drifter',
      date: '2025-06-03',
      level: 'provincial',
      product: 'BV 1.5',
      result: 'fail',
      failedItems: ['conductor_resistance'],
    };
    writeFileSync(records, JSON.stringify({ records: [spotCheck] }));
    const r = runLinewatch(['assess', csv, '--config', config, '--records', records, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout);
    const of = (id: string) => body.enterprises.find((e: { id: string }) => e.id === id).classification;
    expect(of('drifter').suggested).toBe('C');
    expect(of('drifter').conditions.find((c: { id: string }) => c.id === 'c.spot-check-failed')).toMatchObject({ class: 'C', status: 'failed', records: ['sc-drifter-2025'] });
    expect(of('drifter').summary).toMatch(/sc-drifter-2025/);
    // The record is the drifter's alone.
    expect(of('saver').suggested).toBe('B');
    expect(of('steady').conditions.filter((c: { status: string; class: string }) => c.class === 'C' && c.status === 'failed')).toEqual([]);
  });

  it('refuses a bad records file in one line naming the record and field, before reading the CSV', () => {
    const records = join(dir, 'bad-records.json');
    const good = { kind: 'refusal', id: 'ref-1', enterprise: 'saver', date: '2025-02-01', level: 'county', note: 'door closed' };
    writeFileSync(records, JSON.stringify([good, { kind: 'spot-check', id: 'sc-2', enterprise: 'saver', date: '2025-06-03', level: 'regional', product: 'BV', result: 'fail', failedItems: [] }]));
    const r = runLinewatch(['assess', csv, '--config', config, '--records', records]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/assess: .*bad-records\.json: .*records\[1\]\.spotCheck\.level/);
    writeFileSync(records, JSON.stringify([{ ...good, enterprise: 'stranger' }]));
    const stranger = runLinewatch(['assess', csv, '--config', config, '--records', records]);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toMatch(/records\[0\]\.enterprise: 'stranger'/);
  });

  it('prints the same for a person', () => {
    const r = runLinewatch(['assess', csv, '--config', config]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^saver \(saver\): score [\d.]+, (high|critical); registered A/m);
    expect(r.stdout).toMatch(/L1 insulation_thickness: off-centre/);
    expect(r.stdout).toMatch(/without register records \(no --records\).*no enterprise can be suggested A/);
    expect(r.stdout).toMatch(/^ {2}suggested class B by the standard, as of 2026-03-02: B: no C condition/m);
    expect(r.stdout).toMatch(/^ {4}C c\.spot-check-failed: /m);
    expect(r.stdout).toMatch(/^ {4}A a\.quality: (unknown|FAILED): /m);
    expect(r.stdout).toMatch(/evidence: 2 day\(s\) 2026-03-01 to 2026-03-02/);
    expect(r.stdout).toMatch(/refused 1 readings of series the configuration does not define: unknown enterprise 'stranger'/);
  });

  it('says in one line what is wrong with its input', () => {
    const noConfig = runLinewatch(['assess', csv]);
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr.trim().split('\n')).toHaveLength(1);
    expect(noConfig.stderr).toMatch(/assess: --config FILE is required/);
    const missing = runLinewatch(['assess', join(dir, 'nope.csv'), '--config', config]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/assess: cannot read .*nope\.csv/);
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, 'ts,enterprise,line,characteristic,value\n');
    expect(runLinewatch(['assess', empty, '--config', config]).stderr).toMatch(/no valid rows: it has no data rows/);
  });
});
