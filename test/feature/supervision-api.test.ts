/**
 * The supervision register's HTTP API through the real fastify app, on a
 * real embedded register (DuckDB in a temporary folder): records with their
 * audit, the all-or-nothing import, enterprise users read-only and scoped,
 * the proposal workflow, draws, and the public routes (no login, published
 * data only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SUPERVISION_OPTIONS } from '../../config/supervision-config.js';
import { openRegister } from '../../register/open-register.js';
import type { Register } from '../../register/port.js';
import { SupervisionService } from '../../supervision-service/supervision-service.js';
import { bearer, startApi, T0, testConfig, type ApiHarness } from '../support/http-api-fixture.js';
import { startPostgres, type PostgresTestServer } from '../support/postgres.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string; rows?: { row: number; reason: string }[] } };

interface Harness {
  readonly api: ApiHarness;
  readonly register: Register;
  readonly reg: string;
  readonly acme: string;
  close(): Promise<void>;
}

type OpenTestRegister = (dir: string, now: () => number) => Promise<Register>;

const embedded: OpenTestRegister = (dir, now) => openRegister({ kind: 'embedded', file: join(dir, 'register.duckdb') }, { now });

async function start(openTestRegister: OpenTestRegister = embedded): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-supervision-api-'));
  const clock = { now: T0 };
  const register = await openTestRegister(dir, () => clock.now);
  const config = await testConfig(dir);
  const supervision = await SupervisionService.open({
    register,
    config: {
      ...config,
      supervision: {
        ...DEFAULT_SUPERVISION_OPTIONS,
        inspectors: [
          { id: 'wang', name: 'Wang', conflicts: ['acme'] },
          { id: 'li', name: 'Li', conflicts: [] },
          { id: 'zhao', name: 'Zhao', conflicts: ['beta'] },
        ],
      },
    },
    clock: () => clock.now,
  });
  const api = await startApi({ supervision });
  api.clock.now = T0;
  const [reg, acme] = [await api.login('reg'), await api.login('qa-acme')];
  return {
    api,
    register,
    reg,
    acme,
    async close() {
      await api.close();
      await register.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const spotCheck = (over: Record<string, unknown> = {}) => ({
  kind: 'spot-check',
  enterprise: 'acme',
  date: '2025-02-10',
  level: 'county',
  product: 'BV-1.5',
  result: 'pass',
  failedItems: [],
  ...over,
});

describe('supervision API', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await start();
  });
  afterEach(() => h.close());

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string | null, payload?: unknown, headers: Record<string, string> = {}) =>
    h.api.app.inject({ method, url, ...(token ? { headers: { ...bearer(token), ...headers } } : { headers }), ...(payload !== undefined ? { payload: payload as string } : {}) });

  it('creates, reads, updates with the version read, and deletes a record, auditing before and after', async () => {
    const created = await call('POST', '/api/register/records', h.reg, spotCheck({ id: 'sc-1' }));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'sc-1', enterprise: 'acme', kind: 'spot-check', version: 1, createdBy: 'reg', record: { level: 'county', result: 'pass' } });

    const updated = await call('PUT', '/api/register/records/sc-1', h.reg, { version: 1, record: spotCheck({ level: 'city' }) });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ version: 2, record: { level: 'city' } });

    const stale = await call('PUT', '/api/register/records/sc-1', h.reg, { version: 1, record: spotCheck({ level: 'national' }) });
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as ErrorAnswer).error.code).toBe('LW_HTTP_CONFLICT');

    const audit = await call('GET', '/api/audit?entity=record&entityId=sc-1', h.reg);
    expect(audit.statusCode).toBe(200);
    const entries = (audit.json() as { entries: { action: string; user: string; before: { body: { level?: string } } | null; after: { body: { level?: string } } | null }[] }).entries;
    expect(entries.map((e) => e.action)).toEqual(['update', 'create']);
    expect(entries[0]).toMatchObject({ user: 'reg', before: { version: 1, body: { level: 'county' } }, after: { version: 2, body: { level: 'city' } } });

    expect((await call('DELETE', '/api/register/records/sc-1?version=2', h.reg)).statusCode).toBe(200);
    const gone = await call('GET', '/api/register/records/sc-1', h.reg);
    expect(gone.statusCode).toBe(404);
    const after = (await call('GET', '/api/audit?entity=record&entityId=sc-1&limit=1', h.reg)).json() as { entries: { action: string; after: unknown }[] };
    expect(after.entries[0]).toMatchObject({ action: 'delete', after: null });
  });

  it('answers bad input with 400 naming the field, never a stack', async () => {
    const bad = await call('POST', '/api/register/records', h.reg, spotCheck({ level: 'province' }));
    expect(bad.statusCode).toBe(400);
    const body = bad.json() as ErrorAnswer;
    expect(body.error.code).toBe('LW_HTTP_BAD_REQUEST');
    expect(body.error.field).toBe('spotCheck.level');
    expect(body.error.message).toContain("got 'province'");
    expect(bad.body).not.toMatch(/\bat .*\.(ts|js):\d+/);
    const unknownEnterprise = await call('POST', '/api/register/records', h.reg, spotCheck({ enterprise: 'nobody' }));
    expect((unknownEnterprise.json() as ErrorAnswer).error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field: 'enterprise' });
    const noVersion = await call('PUT', '/api/register/records/x', h.reg, { record: spotCheck() });
    expect((noVersion.json() as ErrorAnswer).error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field: 'version' });
    const badKind = await call('GET', '/api/register/export?kind=tea', h.reg);
    expect(badKind.statusCode).toBe(400);
    expect((badKind.json() as ErrorAnswer).error.field).toBe('kind');
  });

  it('imports a CSV all or nothing: one bad row is named and nothing changes', async () => {
    const header = 'id,enterprise,internal,published,date,level,product,result,failedItems\r\n';
    const rows = ['sc-a,acme,false,true,2025-01-05,county,BV-1.5,pass,', 'sc-b,beta,false,false,2025-01-06,province,BV-2.5,fail,resistance', 'sc-c,beta,false,false,2025-01-07,city,=1+2,pass,'];
    const refused = await call('POST', '/api/register/import?kind=spot-check', h.reg, header + rows.join('\r\n'), { 'content-type': 'text/csv' });
    expect(refused.statusCode).toBe(400);
    const error = (refused.json() as ErrorAnswer).error;
    expect(error.rows).toEqual([{ row: 3, reason: expect.stringContaining('level') }]);
    expect(error.message).toContain('nothing was imported');
    expect(((await call('GET', '/api/register/records', h.reg)).json() as { records: unknown[] }).records).toEqual([]);
    expect(((await call('GET', '/api/audit', h.reg)).json() as { entries: { entity: string }[] }).entries.filter((e) => e.entity === 'record')).toEqual([]);

    const fixed = header + [rows[0], rows[1].replace('province', 'provincial'), rows[2]].join('\r\n');
    const ok = await call('POST', '/api/register/import?kind=spot-check', h.reg, fixed, { 'content-type': 'text/csv' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toEqual({ kind: 'spot-check', imported: 3, ids: ['sc-a', 'sc-b', 'sc-c'] });
    const exported = await call('GET', '/api/register/export?kind=spot-check&enterprise=beta', h.reg);
    expect(exported.headers['content-type']).toContain('text/csv');
    // The formula comes back guarded, so a spreadsheet shows it as text.
    expect(exported.body).toContain(",city,'=1+2,pass,");
    expect(exported.body).not.toContain('sc-a');
  });

  it('lets an enterprise user read only its own enterprise, and change nothing', async () => {
    await call('POST', '/api/register/records', h.reg, spotCheck({ id: 'mine' }));
    await call('POST', '/api/register/records', h.reg, spotCheck({ id: 'theirs', enterprise: 'beta', product: 'BV-2.5' }));
    const list = await call('GET', '/api/register/records', h.acme);
    expect((list.json() as { records: { id: string }[] }).records.map((r) => r.id)).toEqual(['mine']);
    expect((await call('GET', '/api/register/records?enterprise=beta', h.acme)).statusCode).toBe(403);
    expect((await call('GET', '/api/register/records/theirs', h.acme)).statusCode).toBe(404);
    expect((await call('GET', '/api/register/records/mine', h.acme)).statusCode).toBe(200);
    const write = await call('POST', '/api/register/records', h.acme, spotCheck({ id: 'sneaky' }));
    expect(write.statusCode).toBe(403);
    expect((await call('PUT', '/api/register/records/mine', h.acme, { version: 1, record: spotCheck({ result: 'fail', failedItems: ['x'] }) })).statusCode).toBe(403);
    expect((await call('DELETE', '/api/register/records/mine?version=1', h.acme)).statusCode).toBe(403);
    expect((await call('GET', '/api/audit', h.acme)).statusCode).toBe(403);
    expect((await call('GET', '/api/enterprises/beta/class', h.acme)).statusCode).toBe(403);
    expect((await call('GET', '/api/enterprises/acme/class', h.acme)).statusCode).toBe(200);
    expect((await call('POST', '/api/draws', h.acme, { period: 'p', seed: 's' })).statusCode).toBe(403);
    const plan = (await call('GET', '/api/inspections/plan', h.acme)).json() as { rows: { enterprise: string }[] };
    expect(plan.rows.map((r) => r.enterprise)).toEqual(['acme']);
    expect((await call('GET', '/api/register/records/sneaky', h.reg)).statusCode).toBe(404);
  });

  it('proposes C for a C record at once; accepting it changes the class and keeps the history', async () => {
    await call('POST', '/api/register/records', h.reg, spotCheck({ id: 'sc-fail', level: 'provincial', result: 'fail', failedItems: ['conductor resistance'] }));
    const pending = (await call('GET', '/api/proposals?status=pending', h.reg)).json() as { proposals: { id: string; enterprise: string; fromClass: string; toClass: string }[] };
    expect(pending.proposals.map((p) => [p.enterprise, p.fromClass, p.toClass])).toEqual([['acme', 'B', 'C']]);
    const id = pending.proposals[0].id;

    const before = (await call('GET', '/api/enterprises/acme/class', h.reg)).json() as {
      suggestion: { suggested: string; conditions: { id: string; status: string; records: string[]; evidence: string }[] };
    };
    expect(before.suggestion.suggested).toBe('C');
    const cause = before.suggestion.conditions.find((c) => c.status === 'failed')!;
    expect(cause.records).toEqual(['sc-fail']);
    expect(before.suggestion.conditions.length).toBeGreaterThan(8);

    const noReason = await call('POST', `/api/proposals/${id}/decision`, h.reg, { action: 'accept', reason: ' ' });
    expect((noReason.json() as ErrorAnswer).error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field: 'reason' });
    expect((await call('POST', `/api/proposals/${id}/decision`, h.acme, { action: 'accept', reason: 'mine' })).statusCode).toBe(403);

    const accepted = await call('POST', `/api/proposals/${id}/decision`, h.reg, { action: 'accept', reason: 'provincial spot check failed' });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ status: 'accepted', decidedBy: 'reg', decisionReason: 'provincial spot check failed' });
    const after = (await call('GET', '/api/enterprises/acme/class', h.reg)).json() as {
      registered: { class: string };
      history: { class: string; proposalId: string | null }[];
      pendingProposal: unknown;
    };
    expect(after.registered.class).toBe('C');
    expect(after.history.map((e) => [e.class, e.proposalId])).toEqual([
      ['B', null],
      ['C', id],
    ]);
    expect(after.pendingProposal).toBeNull();
    expect((await call('POST', `/api/proposals/${id}/decision`, h.reg, { action: 'reject', reason: 'again' })).statusCode).toBe(409);
    const targets = (await call('GET', '/api/overview/targets', h.reg)).json() as { counts: Record<string, number> };
    expect(targets.counts).toEqual({ A: 1, B: 0, C: 1 });
  });

  it('draws reproducibly from the seed, never pairing a conflicted inspector, and publishes the draw', async () => {
    const made = await call('POST', '/api/draws', h.reg, { period: '2025-Q2', seed: 'bulletin 2025-03-01', count: 2, inspectorsPerEnterprise: 1 });
    expect(made.statusCode).toBe(201);
    const first = made.json() as { id: string; picks: { enterprise: string; inspectors: string[] }[]; reproducible: boolean; published: boolean };
    expect(first.reproducible).toBe(true);
    expect(first.published).toBe(false);
    for (const p of first.picks) {
      if (p.enterprise === 'acme') expect(p.inspectors).not.toContain('wang');
      if (p.enterprise === 'beta') expect(p.inspectors).not.toContain('zhao');
    }
    const again = (await call('POST', '/api/draws', h.reg, { period: '2025-Q2', seed: 'bulletin 2025-03-01', count: 2, inspectorsPerEnterprise: 1 })).json() as typeof first;
    expect(again.picks).toEqual(first.picks);
    const tooMany = await call('POST', '/api/draws', h.reg, { period: '2025-Q2', seed: 's', count: 2, inspectorsPerEnterprise: 3 });
    expect(tooMany.statusCode).toBe(400);
    expect((tooMany.json() as ErrorAnswer).error.message).toMatch(/inspector/);

    expect(((await call('GET', '/api/public/draws', null)).json() as { draws: unknown[] }).draws).toEqual([]);
    expect((await call('POST', `/api/draws/${first.id}/publish`, h.reg)).json()).toMatchObject({ published: true, publishedBy: 'reg' });
    expect((await call('POST', `/api/draws/${first.id}/publish`, h.reg)).statusCode).toBe(409);
    const listed = (await call('GET', '/api/draws?period=2025-Q2', h.reg)).json() as { draws: { id: string }[] };
    expect(listed.draws).toHaveLength(2);
    const publicDraws = (await call('GET', '/api/public/draws', null)).json() as { draws: { id: string; picks: Record<string, unknown>[] }[] };
    expect(publicDraws.draws.map((d) => d.id)).toEqual([first.id]);
    // The odds (class and risk weights) stay inside.
    expect(Object.keys(publicDraws.draws[0].picks[0]).sort()).toEqual(['enterprise', 'inspectors', 'name']);
  });

  it('serves the public routes without login, with published data only; the register needs login', async () => {
    await call('POST', '/api/register/records', h.reg, spotCheck({ id: 'pub', published: true, product: 'PUBLISHED-CHECK' }));
    await call('POST', '/api/register/records', h.reg, spotCheck({ id: 'secret', published: true, internal: true, product: 'INTERNAL-CHECK' }));
    await call('POST', '/api/register/records', h.reg, spotCheck({ id: 'quiet', product: 'UNPUBLISHED-CHECK' }));
    await call('POST', '/api/register/records', h.reg, {
      kind: 'penalty',
      id: 'pen',
      enterprise: 'beta',
      date: '2025-01-20',
      decisionNumber: 'No. 7',
      reason: 'PUBLISHED-PENALTY',
      qualityRelated: true,
      published: true,
    });

    expect((await call('GET', '/api/register/records', null)).statusCode).toBe(401);
    const page = await call('GET', '/api/public', null);
    expect(page.statusCode).toBe(200);
    const body = page.json() as { enterprises: { enterprise: string; class: string }[]; spotChecks: { product: string }[]; penalties: { reason: string }[] };
    expect(body.spotChecks.map((s) => s.product)).toEqual(['PUBLISHED-CHECK']);
    expect(body.penalties.map((p) => p.reason)).toEqual(['PUBLISHED-PENALTY']);
    expect(body.enterprises).toEqual([
      { enterprise: 'acme', name: 'Acme Cable', class: 'B' },
      { enterprise: 'beta', name: 'Beta Wire', class: 'A' },
    ]);
    expect(page.body).not.toMatch(/INTERNAL-CHECK|UNPUBLISHED-CHECK|score|risk|suggest|lsl|usl/i);
    const html = await call('GET', '/public', null);
    expect(html.statusCode).toBe(200);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('PUBLISHED-CHECK');
    expect(html.body).toContain('Acme Cable');
    expect(html.body).not.toMatch(/INTERNAL-CHECK|UNPUBLISHED-CHECK|<script/i);
    const classes = (await call('GET', '/api/public/classes', null)).json() as { enterprises: unknown[] };
    expect(classes.enterprises).toHaveLength(2);
  });
});

describe('supervision API on PostgreSQL', () => {
  let server: PostgresTestServer;
  let h: Harness;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => server?.dispose(), 60_000);
  beforeEach(async () => {
    const database = await server.createDatabase();
    h = await start((_dir, now) =>
      openRegister({ kind: 'postgres', host: server.host, port: server.port, database, user: server.user }, { now, env: { LINEWATCH_REGISTER_PASSWORD: server.password } }),
    );
  });
  afterEach(() => h.close());

  it('refuses an import with one bad row whole, then a good one makes a proposal whose accept changes the class', async () => {
    const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
      h.api.app.inject({ method: 'POST', url, headers: { ...bearer(h.reg), ...headers }, payload: payload as string });
    const header = 'id,enterprise,internal,published,date,level,product,result,failedItems\r\n';
    const good = 'sc-1,acme,false,false,2025-01-05,provincial,BV-1.5,fail,resistance\r\n';
    const bad = 'sc-2,beta,false,false,2025-13-01,county,BV-2.5,pass,\r\n';
    const refused = await post('/api/register/import?kind=spot-check', header + good + bad, { 'content-type': 'text/csv' });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as ErrorAnswer).error.rows).toEqual([{ row: 3, reason: expect.stringContaining('date') }]);
    expect(await h.register.listRecords()).toEqual([]);
    expect(await h.register.listProposals()).toEqual([]);

    expect((await post('/api/register/import?kind=spot-check', header + good, { 'content-type': 'text/csv' })).statusCode).toBe(201);
    const [proposal] = await h.register.listProposals({ status: 'pending' });
    expect(proposal).toMatchObject({ enterprise: 'acme', toClass: 'C' });
    expect((await post(`/api/proposals/${proposal.id}/decision`, { action: 'accept', reason: 'provincial check failed' })).statusCode).toBe(200);
    expect((await h.register.classHistory('acme')).map((e) => e.class)).toEqual(['B', 'C']);
  });
});
