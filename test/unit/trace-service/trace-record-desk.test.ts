/**
 * The trace record desk on a real embedded register (DuckDB in a temporary
 * folder): who may write what, validation before storing, the checks
 * against the register, all-or-nothing CSV imports and signed routine reports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openRegister } from '../../../register/open-register.js';
import type { Register } from '../../../register/port.js';
import { type TraceActor, TraceError, TraceRecordDesk } from '../../../trace-service/index.js';

const REGULATOR: TraceActor = { id: 'reg', role: 'regulator', enterprise: null };
const E1_USER: TraceActor = { id: 'e1-qa', role: 'enterprise', enterprise: 'e1' };
const E2_USER: TraceActor = { id: 'e2-qa', role: 'enterprise', enterprise: 'e2' };

const lot = (id: string, lotNumber: string, enterprise = 'e1') => ({
  kind: 'trace.material-lot',
  id,
  enterprise,
  material: 'copper-rod',
  supplier: 'Jiangxi Copper',
  lot: lotNumber,
  certificate: 'QC-1',
  receivedOn: '2026-03-02',
  quantity: '12 t',
});
const recall = {
  kind: 'trace.recall',
  enterprise: 'e1',
  title: 'Thin insulation',
  basis: { by: 'lot', lot: 'ml-1' },
  reels: ['R-1'],
  customers: ['C'],
  status: 'open',
  openedAt: '2026-03-10T09:00:00Z',
  openedBy: 'reg',
  actions: [],
};
const routine = { kind: 'trace.routine', id: 'ro-1', enterprise: 'e1', period: 'daily', periodStart: '2026-03-04', draft: { episodes: 2 }, remarks: '' };

/** The error a call failed with, for its code, message and rows. */
async function refusal(call: Promise<unknown>): Promise<TraceError> {
  try {
    await call;
  } catch (err) {
    if (err instanceof TraceError) return err;
    throw err;
  }
  throw new Error('expected the call to be refused');
}

describe('TraceRecordDesk', () => {
  let dir: string;
  let register: Register;
  let desk: TraceRecordDesk;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linewatch-trace-desk-'));
    register = await openRegister({ kind: 'embedded', file: join(dir, 'register.duckdb') });
    desk = new TraceRecordDesk(register, new Set(['e1', 'e2']));
  });
  afterEach(async () => {
    await register.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lets an enterprise user write its own records, audited under its name, and not another enterprise's", async () => {
    const view = await desk.create(E1_USER, { ...lot('ml-1', 'CU-1'), enterprise: undefined });
    expect(view).toMatchObject({ id: 'ml-1', enterprise: 'e1', kind: 'trace.material-lot', version: 1, createdBy: 'e1-qa' });
    const audit = await register.queryAudit({ entityId: 'ml-1' });
    expect(audit.entries.map((e) => [e.action, e.user])).toEqual([['create', 'e1-qa']]);

    const other = await refusal(desk.create(E1_USER, lot('ml-9', 'CU-9', 'e2')));
    expect(other.code).toBe('LW_TRACE_FORBIDDEN');
    expect(other.message).toBe("user 'e1-qa' of enterprise 'e1' may not write records of enterprise 'e2'");
    expect((await refusal(desk.update(E2_USER, 'ml-1', 1, { ...lot('ml-1', 'CU-2') }))).code).toBe('LW_TRACE_NOT_FOUND');
    expect((await refusal(desk.delete(E2_USER, 'ml-1', 1))).code).toBe('LW_TRACE_NOT_FOUND');
    expect((await refusal(desk.list(E2_USER, { enterprise: 'e1' }))).code).toBe('LW_TRACE_FORBIDDEN');
    expect(await desk.list(E2_USER)).toEqual([]);
    expect((await desk.list(REGULATOR)).map((v) => v.id)).toEqual(['ml-1']);
  });

  it('lets only a regulator write a recall case', async () => {
    const refused = await refusal(desk.create(E1_USER, recall));
    expect(refused.code).toBe('LW_TRACE_FORBIDDEN');
    expect(refused.message).toMatch(/may not write trace\.recall records: recall cases are opened and kept by a regulator/);
    const view = await desk.create(REGULATOR, recall);
    expect(view.kind).toBe('trace.recall');
    expect((await refusal(desk.get(E1_USER, view.id))).code).toBe('LW_TRACE_FORBIDDEN');
    expect((await desk.list(E1_USER)).map((v) => v.kind)).not.toContain('trace.recall');
  });

  it('validates before storing, naming the field, and refuses a supervision record id as not found', async () => {
    const bad = await refusal(desk.create(E1_USER, { ...lot('ml-1', 'CU-1'), receivedOn: '2026-02-30' }));
    expect(bad).toMatchObject({ code: 'LW_TRACE_INPUT', field: 'materialLot.receivedOn' });
    expect((await refusal(desk.create(E1_USER, { kind: 'spot-check' }))).message).toMatch(/^kind: expected one of trace\.material-lot, /);
    await register.createRecord({ id: 'sc-1', enterprise: 'e1', kind: 'spot-check', body: {} }, 'reg');
    expect((await refusal(desk.get(REGULATOR, 'sc-1'))).code).toBe('LW_TRACE_NOT_FOUND');
    expect(await register.listRecords({ kind: 'trace.material-lot' })).toEqual([]);
  });

  it('refuses a lot received twice and reel lots naming a lot the register does not hold', async () => {
    await desk.create(E1_USER, lot('ml-1', 'CU-1'));
    const twice = await refusal(desk.create(E1_USER, lot('ml-2', 'cu-1')));
    expect(twice.message).toBe("materialLot.lot: lot 'cu-1' of copper-rod from Jiangxi Copper is already recorded as 'ml-1'");
    const missing = await refusal(desk.create(E1_USER, { kind: 'trace.reel-lots', reel: 'R-1', lots: ['ml-1', 'ml-7'] }));
    expect(missing.message).toBe("reelLots.lots[1]: no material lot 'ml-7' of enterprise 'e1' in the register");
    expect((await desk.create(E1_USER, { kind: 'trace.reel-lots', reel: 'R-1', lots: ['ml-1'] })).record).toMatchObject({ reel: 'R-1', lots: ['ml-1'] });
  });

  it('imports a CSV all or nothing, naming each bad row, and exports what it stored', async () => {
    await desk.create(E1_USER, lot('ml-1', 'CU-1'));
    const header = 'id,enterprise,reel,lots';
    const refused = await refusal(desk.importCsv(E1_USER, 'trace.reel-lots', `${header}\nrl-1,e1,R-1,ml-1\nrl-2,e1,R-2,ml-1;ml-404\n`));
    expect(refused.rows).toEqual([{ row: 3, reason: "reelLots.lots[1]: no material lot 'ml-404' of enterprise 'e1' in the register" }]);
    expect(refused.message).toMatch(/^the trace\.reel-lots CSV has 1 bad row\(s\), nothing was imported: row 3: /);
    const foreign = await refusal(desk.importCsv(E1_USER, 'trace.reel-lots', `${header}\nrl-1,e1,R-1,ml-1\nrl-2,e2,R-2,ml-1\n`));
    expect(foreign).toMatchObject({ code: 'LW_TRACE_FORBIDDEN', rows: [{ row: 3, reason: "user 'e1-qa' of enterprise 'e1' may not write records of enterprise 'e2'" }] });
    expect(await register.listRecords({ kind: 'trace.reel-lots' })).toEqual([]);

    const taken = await refusal(desk.importCsv(E1_USER, 'trace.reel-lots', `${header}\nrl-1,e1,R-1,ml-1\nml-1,e1,R-2,ml-1\n`));
    expect(taken.rows.map((r) => r.row)).toEqual([3]);
    expect(await register.listRecords({ kind: 'trace.reel-lots' })).toEqual([]);

    const stored = await desk.importCsv(E1_USER, 'trace.reel-lots', `${header}\nrl-1,e1,R-1,ml-1\nrl-2,e1,R-2,ml-1\n`);
    expect(stored.map((r) => r.id)).toEqual(['rl-1', 'rl-2']);
    expect(await desk.exportCsv(E1_USER, 'trace.reel-lots')).toBe(`${header}\r\nrl-1,e1,R-1,ml-1\r\nrl-2,e1,R-2,ml-1\r\n`);
    expect(await desk.exportCsv(E2_USER, 'trace.reel-lots')).toBe(`${header}\r\n`);
    expect((await refusal(desk.importCsv(REGULATOR, 'trace.recall', 'id\n'))).message).toMatch(
      /^kind: a CSV holds one of trace\.material-lot, trace\.reel-lots, trace\.reel-test, trace\.shipment, got 'trace\.recall'$/,
    );
  });

  it('never changes or deletes a signed routine report', async () => {
    const draft = await desk.create(E1_USER, routine);
    const signed = await desk.update(E1_USER, 'ro-1', draft.version, { ...routine, remarks: 'all in order', signedBy: 'zhou.q', signedAs: 'quality-safety-officer', signedAt: '2026-03-05T08:00:00Z' });
    expect(signed.version).toBe(2);
    for (const call of [desk.update(E1_USER, 'ro-1', 2, { ...routine, remarks: 'changed' }), desk.delete(E1_USER, 'ro-1', 2), desk.delete(REGULATOR, 'ro-1', 2)]) {
      const refused = await refusal(call);
      expect(refused.code).toBe('LW_TRACE_SIGNED');
      expect(refused.message).toBe("routine report 'ro-1' was signed by zhou.q on 2026-03-05T08:00:00Z: a signed report cannot be changed or deleted");
    }
    expect((await register.getRecord('ro-1')).body).toMatchObject({ remarks: 'all in order' });
  });
});
