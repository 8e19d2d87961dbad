/**
 * Trace and recall over real HTTP on a real embedded stack: reel records
 * written into the store as the analytics writes them (encodeReelRecord),
 * an alert episode as its journal writes it, lots, reel lots, tests,
 * shipments and a calibration in the stack's register. Traced by line and
 * range, by lot and by episode: exactly the reels touched and exactly their
 * customers; the CSV; a recall case opened and acted on with who and when;
 * an enterprise user sees only its own and cannot open a recall.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../../monitor/alert.js';
import { createLogger } from '../../ops/logger.js';
import { encodeAlertRecord } from '../../protocol/event-log/alert-records.js';
import { encodeReelRecord } from '../../protocol/event-log/reel-records.js';
import type { JsonObject } from '../../register/port.js';
import { type EmbeddedStack, startEmbeddedStack } from '../../stack/embedded-stack.js';
import type { ReelRecord, ReelVerdict } from '../../trace/reels/reel-record.js';
import type { ForwardTrace, RecallCase, RecallCaseList, ReelTrace } from '../../trace/trace-view.js';
import { pipelineTestConfig, TEST_PASSWORDS } from '../support/pipeline-config.js';

const H = 3_600_000;
const DAY = Date.UTC(2026, 2, 4);
const NW = 'northwind-cable';
const ER = 'eastriver-wire';

function reel(enterprise: string, line: string, id: string, fromH: number, toH: number, verdict: ReelVerdict): ReelRecord {
  const outOfSpec = verdict === 'nonconforming' ? 4 : 0;
  return {
    enterprise,
    line,
    reel: id,
    product: 'BV-1.5',
    startedAt: DAY + fromH * H,
    endedAt: DAY + toH * H,
    endedBy: 'end',
    startM: fromH * 1000,
    endM: toH * 1000,
    status: 'final',
    lateReadings: 0,
    characteristics: [
      { characteristic: 'insulation_thickness', n: 7200, min: 0.5, max: 0.8, mean: 0.7, sd: 0.01, lsl: 0.53, usl: null, ppk: 1.5, outOfSpec, metresOutOfSpec: outOfSpec > 0 ? 12 : 0, verdict },
    ],
    verdict,
  };
}

const EPISODE: Alert = {
  id: `${NW}.extruder-1.insulation_thickness.outOfSpec.${DAY + 2.5 * H}`,
  enterprise: NW,
  line: 'extruder-1',
  characteristic: 'insulation_thickness',
  rule: 'outOfSpec',
  rules: [{ rule: 'outOfSpec', count: 8, firstSampleTs: DAY + 2.5 * H, lastSampleTs: DAY + 4.5 * H }],
  severity: 'high',
  status: 'resolved',
  firstSampleTs: DAY + 2.5 * H,
  lastSampleTs: DAY + 4.5 * H,
  count: 8,
  firstValue: 0.5,
  lastValue: 0.51,
  raisedAt: DAY + 2.5 * H,
  resolvedSampleTs: DAY + 5 * H,
  shiftSigma: null,
  outOfSpec: { readings: 8, below: 8, above: 0, stretches: 2, longestMs: 1000, totalMs: 2000 },
  limitsVersion: 1,
  acknowledged: null,
  resolved: { by: 'northwind-quality', at: DAY + 5 * H, comment: 'die replaced', cause: 'die-wear', action: 'replace-die' },
};

let stack: EmbeddedStack;
const dir = mkdtempSync(join(tmpdir(), 'linewatch-trace-api-'));
const tokens: Record<string, string> = {};

async function login(username: string, password: string): Promise<string> {
  const res = await fetch(`${stack.httpUrl}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

function call(user: 'regulator' | 'northwind-quality', path: string, body?: unknown): Promise<Response> {
  return fetch(`${stack.httpUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${tokens[user]}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

async function json<T>(res: Response, status = 200): Promise<T> {
  const body = (await res.json()) as T;
  expect(res.status, JSON.stringify(body)).toBe(status);
  return body;
}

beforeAll(async () => {
  const config = await pipelineTestConfig({ dataDir: join(dir, 'data') });
  stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, dataDir: join(dir, 'data'), log: createLogger('trace-api', 'silent') });
  await stack.store.appendEvents([
    encodeReelRecord(reel(NW, 'extruder-1', 'N1', 0, 2, 'conforming')),
    encodeReelRecord(reel(NW, 'extruder-1', 'N2', 2, 4, 'nonconforming')),
    encodeReelRecord(reel(NW, 'extruder-1', 'N3', 4, 6, 'nonconforming')),
    encodeReelRecord(reel(NW, 'extruder-1', 'N4', 6, 8, 'conforming')),
    encodeReelRecord(reel(ER, 'L1', 'E1', 0, 8, 'nonconforming')),
    encodeAlertRecord({ kind: 'raised', at: DAY + 2.5 * H, alert: { ...EPISODE, status: 'active', resolvedSampleTs: null, resolved: null } }),
    encodeAlertRecord({ kind: 'resolved', at: DAY + 5 * H, alert: EPISODE }),
  ]);
  const record = (id: string, enterprise: string, kind: string, body: JsonObject) => ({ id, enterprise, kind, body });
  await stack.supervision.register.importRecords(
    [
      record('lot-cu-7', NW, 'trace.material-lot', { material: 'copper-rod', supplier: 'Jiangxi Copper', lot: 'JX-2026-07', certificate: 'CoC-771', receivedOn: '2026-03-01', quantity: '10 t' }),
      record('lot-pvc-2', NW, 'trace.material-lot', { material: 'pvc-insulation', supplier: 'Poly Co', lot: 'P-22', certificate: '', receivedOn: '2026-03-01', quantity: '' }),
      record('rl-n1', NW, 'trace.reel-lots', { reel: 'N1', lots: ['lot-cu-7', 'lot-pvc-2'] }),
      record('rl-n2', NW, 'trace.reel-lots', { reel: 'N2', lots: ['lot-pvc-2'] }),
      record('rl-n3', NW, 'trace.reel-lots', { reel: 'N3', lots: ['lot-cu-7'] }),
      record('rl-n4', NW, 'trace.reel-lots', { reel: 'N4', lots: ['lot-pvc-2'] }),
      record('t-n2', NW, 'trace.reel-test', {
        reel: 'N2',
        test: 'conductor-resistance-20c',
        value: 12.6,
        unit: 'ohm/km',
        result: 'fail',
        instrument: 'QJ57-3',
        testedAt: '2026-03-04T05:00:00.000Z',
        by: 'lab',
      }),
      record('s-1', NW, 'trace.shipment', { reels: ['N1', 'N2'], customer: 'Anhui Grid', shippedOn: '2026-03-05', destination: 'Hefei', document: 'WB-1' }),
      record('s-2', NW, 'trace.shipment', { reels: ['N3'], customer: '=Builders, Ltd', shippedOn: '2026-03-06', destination: 'Wuhu', document: 'WB-2' }),
      record('s-3', NW, 'trace.shipment', { reels: ['N4'], customer: 'Later Buyer', shippedOn: '2026-03-07', destination: 'Bengbu', document: '' }),
      record('s-e1', ER, 'trace.shipment', { reels: ['E1'], customer: 'Eastriver Customer', shippedOn: '2026-03-05', destination: 'Nanjing', document: '' }),
      record('cal-1', NW, 'calibration', {
        instrument: 'gauge-7',
        line: 'extruder-1',
        characteristic: 'insulation_thickness',
        validFrom: '2025-03-04',
        validUntil: '2026-03-03',
        certificateNumber: 'CAL-1',
      }),
    ],
    'test',
  );
  tokens.regulator = await login('regulator', TEST_PASSWORDS.regulator);
  tokens['northwind-quality'] = await login('northwind-quality', TEST_PASSWORDS.enterpriseUser);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const iso = (h: number) => new Date(DAY + h * H).toISOString();

describe('trace over HTTP', () => {
  it('by line and range: exactly the reels wound in it and their customers', async () => {
    const trace = await json<ForwardTrace>(await call('regulator', `/api/trace/reels?enterprise=${NW}&line=extruder-1&from=${iso(2)}&to=${iso(6)}`));
    expect(trace.reels.map((r) => [r.reel, r.verdict])).toEqual([
      ['N2', 'nonconforming'],
      ['N3', 'nonconforming'],
    ]);
    expect(trace.reels[0].tests).toEqual({ count: 1, failed: ['conductor-resistance-20c'] });
    expect(trace.reels[0].shipments.map((s) => [s.customer, s.destination, s.shippedOn])).toEqual([['Anhui Grid', 'Hefei', '2026-03-05']]);
    expect(trace.reels[0].lengthM).toBe(2000);
    expect(trace.customers).toEqual(['=Builders, Ltd', 'Anhui Grid']);
    expect(trace.skipped).toEqual([]);
  });

  it('by lot: every reel that consumed it; by supplier lot number too', async () => {
    const byId = await json<ForwardTrace>(await call('regulator', `/api/trace/reels?enterprise=${NW}&lot=lot-cu-7`));
    expect(byId.reels.map((r) => r.reel)).toEqual(['N1', 'N3']);
    expect(byId.customers).toEqual(['=Builders, Ltd', 'Anhui Grid']);
    const byNumber = await json<ForwardTrace>(await call('regulator', `/api/trace/reels?enterprise=${NW}&lot=P-22`));
    expect(byNumber.reels.map((r) => r.reel)).toEqual(['N1', 'N2', 'N4']);
    expect(byNumber.customers).toEqual(['Anhui Grid', 'Later Buyer']);
  });

  it('by episode: the reels of its line while it was open', async () => {
    const trace = await json<ForwardTrace>(await call('regulator', `/api/trace/reels?episode=${encodeURIComponent(EPISODE.id)}`));
    expect(trace.enterprise).toBe(NW);
    expect(trace.basis).toMatchObject({ by: 'episode', episode: { id: EPISODE.id, openedAt: DAY + 2.5 * H, closedAt: DAY + 5 * H, cause: 'die-wear' } });
    expect(trace.reels.map((r) => r.reel)).toEqual(['N2', 'N3']);
    expect(trace.customers).toEqual(['=Builders, Ltd', 'Anhui Grid']);
  });

  it('as CSV, formula cells guarded', async () => {
    const res = await call('regulator', `/api/trace/reels?enterprise=${NW}&line=extruder-1&from=${iso(2)}&to=${iso(6)}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await res.text()).split('\r\n')).toEqual([
      'reel,line,product,started_at,ended_at,status,verdict,nonconforming,length_m,tests,failed_tests,customer,destination,shipped_on,document',
      'N2,extruder-1,BV-1.5,2026-03-04T02:00:00.000Z,2026-03-04T04:00:00.000Z,final,nonconforming,insulation_thickness,2000,1,conductor-resistance-20c,Anhui Grid,Hefei,2026-03-05,WB-1',
      `N3,extruder-1,BV-1.5,2026-03-04T04:00:00.000Z,2026-03-04T06:00:00.000Z,final,nonconforming,insulation_thickness,2000,0,,"'=Builders, Ltd",Wuhu,2026-03-06,WB-2`,
      '',
    ]);
  });

  it('the reverse: a reel with its lots, episodes, tests, shipments and calibration', async () => {
    const t = await json<ReelTrace>(await call('regulator', `/api/trace/reels/N2?enterprise=${NW}`));
    expect(t.record).toMatchObject({ reel: 'N2', line: 'extruder-1', product: 'BV-1.5', verdict: 'nonconforming' });
    expect(t.lots.map((l) => [l.id, l.lot, l.supplier])).toEqual([['lot-pvc-2', 'P-22', 'Poly Co']]);
    expect(t.episodes.map((e) => e.id)).toEqual([EPISODE.id]);
    expect(t.tests.map((x) => [x.test, x.result])).toEqual([['conductor-resistance-20c', 'fail']]);
    expect(t.shipments.map((s) => s.customer)).toEqual(['Anhui Grid']);
    // The gauge's certificate ran out the day before.
    expect(t.calibration).toEqual([{ characteristic: 'insulation_thickness', status: 'lapsed', instruments: [], uncoveredDays: ['2026-03-04'] }]);
  });

  it('refuses bad parameters naming them', async () => {
    const field = async (path: string) => (await json<{ error: { field?: string } }>(await call('regulator', path), 400)).error.field;
    expect(await field(`/api/trace/reels?enterprise=${NW}&line=extruder-1&to=${iso(6)}`)).toBe('from');
    expect(await field(`/api/trace/reels?enterprise=${NW}&line=extruder-1&lot=P-22`)).toBe('lot');
    expect(await field(`/api/trace/reels?enterprise=${NW}&line=extruder-1&from=${iso(6)}&to=${iso(2)}`)).toBe('to');
    expect(await field(`/api/trace/reels?line=extruder-1&from=${iso(2)}&to=${iso(6)}`)).toBe('enterprise');
    expect(await field(`/api/trace/reels?enterprise=${NW}&line=extruder-1&from=2026-02-30T00:00:00Z&to=${iso(6)}`)).toBe('from');
    expect((await call('regulator', `/api/trace/reels/N9?enterprise=${NW}`)).status).toBe(404);
  });
});

describe('recall cases', () => {
  it('a regulator opens one from an episode and adds an action with who and when', async () => {
    const before = Date.now();
    const opened = await json<RecallCase>(
      await call('regulator', '/api/trace/recalls', { enterprise: NW, title: 'Thin insulation on extruder-1', basis: { by: 'episode', episode: EPISODE.id } }),
      201,
    );
    expect(opened).toMatchObject({ enterprise: NW, kind: 'trace.recall', status: 'open', openedBy: 'regulator', reels: ['N2', 'N3'], customers: ['=Builders, Ltd', 'Anhui Grid'], actions: [] });
    expect(opened.basis).toEqual({ by: 'episode', episode: EPISODE.id, line: 'extruder-1', from: iso(2.5), to: iso(5) });
    expect(Date.parse(opened.openedAt)).toBeGreaterThanOrEqual(before - 1000);

    const acted = await json<RecallCase>(await call('regulator', `/api/trace/recalls/${opened.id}/actions`, { action: 'customers notified', note: 'by phone and letter', status: 'notified' }));
    expect(acted.status).toBe('notified');
    expect(acted.actions).toHaveLength(1);
    expect(acted.actions[0]).toMatchObject({ by: 'regulator', action: 'customers notified', note: 'by phone and letter' });
    expect(Date.parse(acted.actions[0].at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Date.parse(acted.actions[0].at)).toBeLessThanOrEqual(Date.now() + 1000);

    const badStatus = await json<{ error: { field?: string } }>(await call('regulator', `/api/trace/recalls/${opened.id}/actions`, { action: 'x', note: '', status: 'finished' }), 400);
    expect(badStatus.error.field).toMatch(/status/);

    const noFrom = await json<{ error: { field?: string } }>(await call('regulator', '/api/trace/recalls', { enterprise: NW, title: 't', basis: { by: 'line', line: 'extruder-1', to: iso(6) } }), 400);
    expect(noFrom.error.field).toBe('basis.from');
    const lotWithLine = await json<{ error: { field?: string } }>(
      await call('regulator', '/api/trace/recalls', { enterprise: NW, title: 't', basis: { by: 'lot', lot: 'lot-cu-7', line: 'extruder-1' } }),
      400,
    );
    expect(lotWithLine.error.field).toBe('basis.line');
    expect((await call('regulator', '/api/trace/recalls', { enterprise: NW, title: 't', basis: { by: 'lot', lot: 'no-such-lot' } })).status).toBe(404);

    const got = await json<RecallCase>(await call('regulator', `/api/trace/recalls/${opened.id}`));
    expect(got.actions.map((a) => a.action)).toEqual(['customers notified']);
    const list = await json<RecallCaseList>(await call('regulator', `/api/trace/recalls?enterprise=${NW}`));
    expect(list.recalls.map((r) => r.id)).toContain(opened.id);
    expect((await json<RecallCaseList>(await call('regulator', `/api/trace/recalls?enterprise=${ER}`))).recalls).toEqual([]);
  });

  it('an enterprise user sees only its own and cannot open or act on a recall', async () => {
    const own = await json<ForwardTrace>(await call('northwind-quality', `/api/trace/reels?line=extruder-1&from=${iso(0)}&to=${iso(8)}`));
    expect(own.reels.map((r) => r.reel)).toEqual(['N1', 'N2', 'N3', 'N4']);
    expect((await call('northwind-quality', `/api/trace/reels?enterprise=${ER}&line=L1&from=${iso(0)}&to=${iso(8)}`)).status).toBe(403);
    expect((await call('northwind-quality', '/api/trace/reels/E1')).status).toBe(404);
    expect((await call('northwind-quality', '/api/trace/recalls', { enterprise: NW, title: 'mine', basis: { by: 'lot', lot: 'lot-cu-7' } })).status).toBe(403);

    const eastCase = await json<RecallCase>(
      await call('regulator', '/api/trace/recalls', { enterprise: ER, title: 'Eastriver line L1', basis: { by: 'line', line: 'L1', from: iso(0), to: iso(8) } }),
      201,
    );
    expect(eastCase.customers).toEqual(['Eastriver Customer']);
    const seen = await json<RecallCaseList>(await call('northwind-quality', '/api/trace/recalls'));
    expect(seen.recalls.length).toBeGreaterThan(0);
    expect(seen.recalls.every((r) => r.enterprise === NW)).toBe(true);
    expect((await call('northwind-quality', `/api/trace/recalls/${eastCase.id}`)).status).toBe(404);
    expect((await call('northwind-quality', `/api/trace/recalls/${seen.recalls[0].id}/actions`, { action: 'x', note: '' })).status).toBe(403);
  });
});
