/**
 * The traceability records' HTTP API over real HTTP (the app listening on a
 * port, fetch as the client) on a real embedded register (DuckDB in a
 * temporary folder): an enterprise user keeps its own material lots, reel
 * lots, tests and shipments, cannot write another enterprise's nor a recall
 * case; a CSV with one bad row imports nothing and names the row; an export
 * imports back unchanged; the supervision register's own routes never show them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SUPERVISION_OPTIONS } from '../../config/supervision-config.js';
import { openRegister } from '../../register/open-register.js';
import type { Register } from '../../register/port.js';
import { SupervisionService } from '../../supervision-service/supervision-service.js';
import { TraceRecordDesk } from '../../trace-service/index.js';
import { bearer, startApi, T0, testConfig, type ApiHarness } from '../support/http-api-fixture.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string; rows?: { row: number; reason: string }[] } };

const LOTS_CSV = [
  'id,enterprise,material,supplier,lot,certificate,receivedOn,quantity',
  'ml-cu-17,acme,copper-rod,Jiangxi Copper,CU-2603-17,QC-881,2026-03-02,12.5 t',
  'ml-pvc-9,acme,pvc-insulation,Zhongtai,PVC-9,,2026-03-03,2 t',
].join('\r\n');

describe('traceability records API over HTTP', () => {
  let dir: string;
  let register: Register;
  let api: ApiHarness;
  let base: string;
  let reg: string;
  let acme: string;
  let beta: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linewatch-trace-api-'));
    register = await openRegister({ kind: 'embedded', file: join(dir, 'register.duckdb') }, { now: () => T0 });
    const config = await testConfig(dir);
    const supervision = await SupervisionService.open({ register, config: { ...config, supervision: DEFAULT_SUPERVISION_OPTIONS }, clock: () => T0 });
    const traceRecords = new TraceRecordDesk(register, new Set(config.enterprises.map((e) => e.id)));
    api = await startApi({ supervision, traceRecords });
    base = await api.app.listen({ port: 0, host: '127.0.0.1' });
    [reg, acme, beta] = [await api.login('reg'), await api.login('qa-acme'), await api.login('qa-beta')];
  });
  afterEach(async () => {
    await api.close();
    await register.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = async (method: string, path: string, token: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: { ...bearer(token), ...(body !== undefined ? { 'content-type': type } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as Record<string, unknown> };
  };

  it("lets an enterprise user record its own lots, tests and shipments, and refuses another enterprise's and a recall", async () => {
    const lot = await send('POST', '/trace/records', acme, {
      kind: 'trace.material-lot',
      id: 'ml-1',
      material: 'copper-rod',
      supplier: 'Jiangxi Copper',
      lot: 'CU-1',
      certificate: '',
      receivedOn: '2026-03-02',
      quantity: '',
    });
    expect(lot.status).toBe(201);
    expect(lot.json()).toMatchObject({ id: 'ml-1', enterprise: 'acme', version: 1, createdBy: 'qa-acme', record: { kind: 'trace.material-lot', lot: 'CU-1' } });
    expect((await send('POST', '/trace/records', acme, { kind: 'trace.reel-lots', id: 'rl-1', reel: 'R-0042', lots: ['ml-1'] })).status).toBe(201);
    const test = {
      kind: 'trace.reel-test',
      id: 'rt-1',
      reel: 'R-0042',
      test: 'conductor-resistance-20c',
      value: 12.2,
      unit: 'ohm/km',
      result: 'fail',
      instrument: 'QJ-57',
      testedAt: '2026-03-04T08:15:00Z',
      by: 'li.na',
    };
    expect((await send('POST', '/trace/records', acme, test)).status).toBe(201);
    const shipment = await send('POST', '/trace/records', acme, {
      kind: 'trace.shipment',
      id: 'sh-1',
      reels: ['R-0042'],
      customer: 'State Grid',
      shippedOn: '2026-03-06',
      destination: 'Changsha',
      document: '',
    });
    expect(shipment.status).toBe(201);

    const fixed = await send('PUT', '/trace/records/rt-1', acme, { expectedVersion: 1, record: { ...test, value: 12.05, result: 'pass' } });
    expect(fixed.status).toBe(200);
    expect(fixed.json()).toMatchObject({ version: 2, record: { value: 12.05, result: 'pass' } });
    const stale = await send('PUT', '/trace/records/rt-1', acme, { expectedVersion: 1, record: test });
    expect(stale.status).toBe(409);

    const foreign = await send('POST', '/trace/records', acme, { kind: 'trace.material-lot', enterprise: 'beta', material: 'xlpe', supplier: 'S', lot: 'X', receivedOn: '2026-03-02' });
    expect(foreign.status).toBe(403);
    expect((foreign.json() as ErrorAnswer).error.message).toBe("user 'qa-acme' of enterprise 'acme' may not write records of enterprise 'beta'");
    const recall = {
      kind: 'trace.recall',
      enterprise: 'acme',
      title: 'High resistance',
      basis: { by: 'lot', lot: 'ml-1' },
      reels: ['R-0042'],
      customers: ['State Grid'],
      status: 'open',
      openedAt: '2026-03-10T09:00:00Z',
      openedBy: 'reg',
    };
    expect((await send('POST', '/trace/records', acme, recall)).status).toBe(403);
    expect((await send('POST', '/trace/records', reg, recall)).status).toBe(201);

    expect((await send('GET', '/trace/records/ml-1', beta)).status).toBe(404);
    expect((await send('DELETE', '/trace/records/sh-1?expectedVersion=1', beta)).status).toBe(404);
    expect((await send('GET', '/trace/records?enterprise=acme', beta)).status).toBe(403);
    expect((await send('GET', '/trace/records', beta)).json()).toEqual({ records: [] });
    const own = (await send('GET', '/trace/records', acme)).json() as { records: { id: string }[] };
    expect(own.records.map((r) => r.id).sort()).toEqual(['ml-1', 'rl-1', 'rt-1', 'sh-1']);
    const all = (await send('GET', '/trace/records?kind=trace.recall', reg)).json() as { records: { kind: string }[] };
    expect(all.records.map((r) => r.kind)).toEqual(['trace.recall']);

    const bad = await send('POST', '/trace/records', acme, { ...test, id: 'rt-2', testedAt: '2026-03-04 08:15' });
    expect(bad.status).toBe(400);
    expect((bad.json() as ErrorAnswer).error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field: 'reelTest.testedAt' });

    // The bureau's register routes know nothing of them.
    const supervisionList = (await send('GET', '/register/records', reg)).json() as { records: unknown[] };
    expect(supervisionList.records).toEqual([]);
    expect((await send('GET', '/register/records/ml-1', reg)).status).toBe(404);

    const deleted = await send('DELETE', '/trace/records/sh-1?expectedVersion=1', acme);
    expect(deleted.json()).toEqual({ id: 'sh-1', deleted: true });
    const audit = await register.queryAudit({ entityId: 'sh-1' });
    expect(audit.entries.map((e) => [e.action, e.user])).toEqual([
      ['delete', 'qa-acme'],
      ['create', 'qa-acme'],
    ]);
  });

  it('imports nothing from a CSV with one bad row and names the row; an export imports back unchanged', async () => {
    const badCsv = `${LOTS_CSV}\r\nml-xlpe-1,acme,xlpe,Wanma,X-1,,2026-02-30,1 t\r\n`;
    const refused = await send('POST', '/trace/records/import?kind=trace.material-lot', acme, badCsv, 'text/csv');
    expect(refused.status).toBe(400);
    expect((refused.json() as ErrorAnswer).error.rows).toEqual([{ row: 4, reason: "materialLot.receivedOn: expected a date YYYY-MM-DD that exists, got '2026-02-30'" }]);
    expect((refused.json() as ErrorAnswer).error.message).toMatch(/nothing was imported: row 4: materialLot\.receivedOn/);
    expect(await register.listRecords()).toEqual([]);

    const imported = await send('POST', '/trace/records/import?kind=trace.material-lot', acme, LOTS_CSV, 'text/csv');
    expect(imported.status).toBe(201);
    expect(imported.json()).toEqual({ kind: 'trace.material-lot', imported: 2, ids: ['ml-cu-17', 'ml-pvc-9'] });
    const reels = 'id,enterprise,reel,lots\r\nrl-1,acme,R-0042,ml-cu-17; ml-pvc-9\r\nrl-2,acme,R-0043,ml-cu-17;ml-none\r\n';
    const unknownLot = await send('POST', '/trace/records/import?kind=trace.reel-lots', acme, reels, 'text/csv');
    expect((unknownLot.json() as ErrorAnswer).error.rows).toEqual([{ row: 3, reason: "reelLots.lots[1]: no material lot 'ml-none' of enterprise 'acme' in the register" }]);
    const foreignRows = await send('POST', '/trace/records/import?kind=trace.material-lot', beta, LOTS_CSV.replaceAll('ml-', 'b-'), 'text/csv');
    expect(foreignRows.status).toBe(403);
    expect((foreignRows.json() as ErrorAnswer).error.rows?.map((r) => r.row)).toEqual([2, 3]);

    const exported = await fetch(`${base}/api/trace/records/export?kind=trace.material-lot`, { headers: bearer(acme) });
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(exported.headers.get('content-disposition')).toBe('attachment; filename="trace.material-lot-acme.csv"');
    const csv = await exported.text();
    expect(csv).toBe(`${LOTS_CSV}\r\n`);
    // Back into an empty register, the export gives the same records.
    const before = (await send('GET', '/trace/records?kind=trace.material-lot', reg)).json() as { records: { id: string; record: unknown }[] };
    for (const r of before.records) expect((await send('DELETE', `/trace/records/${r.id}?expectedVersion=1`, acme)).status).toBe(200);
    expect((await send('POST', '/trace/records/import?kind=trace.material-lot', acme, csv, 'text/csv')).status).toBe(201);
    const after = (await send('GET', '/trace/records?kind=trace.material-lot', reg)).json() as { records: { id: string; record: unknown }[] };
    expect(after.records.map((r) => r.record)).toEqual(before.records.map((r) => r.record));
    expect((await send('GET', '/trace/records/export?kind=trace.material-lot&enterprise=acme', beta)).status).toBe(403);
  });
});
