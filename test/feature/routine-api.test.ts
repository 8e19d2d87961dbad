/**
 * The routine reports' HTTP API through the real fastify app, on a real
 * embedded store and register: the draft from stored episodes, reels and
 * silent-gateway findings; saving and signing by the enterprise's own user;
 * the refusals (a regulator or another enterprise cannot sign, a signed
 * report cannot change, a bad period start is named); the regulator's
 * compliance of a month.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../core/findings/finding.js';
import type { EventPageReader } from '../../domain/event-log-record.js';
import { encodeAlertRecord } from '../../protocol/event-log/alert-records.js';
import { encodeFindingRecord } from '../../protocol/event-log/finding-records.js';
import { encodeReelRecord } from '../../protocol/event-log/reel-records.js';
import { openRegister } from '../../register/open-register.js';
import type { Register } from '../../register/port.js';
import { RoutineService } from '../../trace-service/routine-service.js';
import { E1, R1, at } from '../unit/trace/routine-fixture.js';
import { bearer, startApi, type ApiHarness } from '../support/http-api-fixture.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string } };
type Report = { id: string; period: string; periodStart: string; remarks: string; signedBy: string | null; signedAs: string | null; signedAt: string | null; draft: Record<string, unknown> };
type Draft = {
  episodes: { count: number; list: { id: string; cause: string | null; comments: string[] }[] };
  reels: { nonconforming: number; nonconformingReels: { reel: string }[] };
  gateways: { minutesDown: number };
};

const NOW = at('2026-04-10T09:00:00Z');

function silentGateway(status: 'open' | 'closed'): Finding {
  return {
    id: 'silent-gateway.acme.gw-1',
    enterprise: 'acme',
    kind: 'silent-gateway',
    severity: 'high',
    status,
    openedAt: at('2026-03-31T23:10:00Z'),
    updatedAt: at('2026-03-31T23:10:00Z'),
    closedAt: status === 'closed' ? at('2026-04-01T01:30:00Z') : null,
    line: null,
    characteristic: null,
    gateway: 'gw-1',
    summary: 'gateway gw-1 silent',
    evidence: { silentForMs: 600_000, lines: 'line-1' },
  };
}

describe('routine reports API', () => {
  let dir: string;
  let register: Register;
  let api: ApiHarness;
  let reg: string;
  let acme: string;
  let beta: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linewatch-routine-api-'));
    register = await openRegister({ kind: 'embedded', file: join(dir, 'register.duckdb') });
    // The harness opens the store; the service reads it through this once it exists.
    const store: EventPageReader = { readEventPage: (q) => api.store.readEventPage(q) };
    const enterprises = [
      { id: 'acme', name: 'Acme Cable' },
      { id: 'beta', name: 'Beta Wire' },
    ];
    api = await startApi({ routine: new RoutineService({ register, store, enterprises, clock: () => NOW }) });
    await api.store.appendEvents([
      encodeAlertRecord({ kind: 'acknowledged', at: at('2026-03-31T23:40:00Z'), alert: { ...E1, enterprise: 'acme' } }),
      encodeReelRecord({ ...R1, enterprise: 'acme', product: 'BV-1.5' }),
      encodeFindingRecord({ kind: 'opened', at: at('2026-03-31T23:10:00Z'), finding: silentGateway('open') }),
      encodeFindingRecord({ kind: 'closed', at: at('2026-04-01T01:30:00Z'), finding: silentGateway('closed') }),
    ]);
    [reg, acme, beta] = [await api.login('reg'), await api.login('qa-acme'), await api.login('qa-beta')];
  });
  afterAll(async () => {
    await api.close();
    await register.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, token: string) => api.app.inject({ method: 'GET', url, headers: bearer(token) });
  const post = (url: string, token: string, payload: object) => api.app.inject({ method: 'POST', url, headers: bearer(token), payload });

  it('drafts the day from the stored episodes, reels and gateway findings, saves remarks and signs; then the report is frozen', async () => {
    const draftRes = await get('/api/trace/routine/draft?period=daily&periodStart=2026-03-31', acme);
    expect(draftRes.statusCode, draftRes.body).toBe(200);
    const draft = draftRes.json() as Draft;
    expect(draft.episodes.list).toEqual([expect.objectContaining({ id: E1.id, cause: 'die-wear', comments: ['die changed'] })]);
    expect(draft.reels.nonconformingReels.map((r) => r.reel)).toEqual(['r1']);
    expect(draft.gateways.minutesDown).toBe(60);

    const saved = await post('/api/trace/routine', acme, { period: 'daily', periodStart: '2026-03-31', remarks: 'die replaced on line-1' });
    expect(saved.statusCode, saved.body).toBe(200);
    const report = saved.json() as Report;
    expect(report).toMatchObject({ enterprise: 'acme', period: 'daily', periodStart: '2026-03-31', remarks: 'die replaced on line-1', signedBy: null });

    // A regulator cannot sign for the enterprise, nor can another enterprise's user.
    const byRegulator = await post(`/api/trace/routine/${report.id}/sign`, reg, { signedAs: 'quality-safety-director' });
    expect(byRegulator.statusCode).toBe(403);
    expect((byRegulator.json() as ErrorAnswer).error.message).toMatch(/user 'reg' may not sign enterprise 'acme''s routine reports/);
    expect((await post(`/api/trace/routine/${report.id}/sign`, beta, { signedAs: 'quality-safety-officer' })).statusCode).toBe(403);
    const badRole = await post(`/api/trace/routine/${report.id}/sign`, acme, { signedAs: 'manager' });
    expect(badRole.statusCode).toBe(400);
    expect((badRole.json() as ErrorAnswer).error).toMatchObject({ field: 'signedAs', message: expect.stringContaining('quality-safety-officer or quality-safety-director') });

    const signed = await post(`/api/trace/routine/${report.id}/sign`, acme, { signedAs: 'quality-safety-officer' });
    expect(signed.statusCode, signed.body).toBe(200);
    const signedReport = signed.json() as Report;
    expect(signedReport).toMatchObject({ signedBy: 'qa-acme', signedAs: 'quality-safety-officer', signedAt: '2026-04-10T09:00:00.000Z', remarks: 'die replaced on line-1' });
    expect(signedReport.draft).toEqual(draft);

    // A signed report cannot change: not its remarks, not a second signature.
    const resave = await post('/api/trace/routine', acme, { period: 'daily', periodStart: '2026-03-31', remarks: 'rewritten' });
    expect(resave.statusCode).toBe(409);
    expect((resave.json() as ErrorAnswer).error.message).toMatch(/signed by qa-acme .*: a signed report cannot change/);
    expect((await post(`/api/trace/routine/${report.id}/sign`, acme, { signedAs: 'quality-safety-director' })).statusCode).toBe(409);

    const listed = (await get('/api/trace/routine?enterprise=acme', reg)).json() as { reports: Report[] };
    expect(listed.reports.map((r) => [r.id, r.signedBy, r.remarks])).toEqual([[report.id, 'qa-acme', 'die replaced on line-1']]);
    expect((await get('/api/trace/routine?enterprise=acme', beta)).statusCode).toBe(403);
  });

  it('refuses a period start that cannot start the period with 400 naming periodStart', async () => {
    const notMonday = await get('/api/trace/routine/draft?period=weekly&periodStart=2026-04-01', acme);
    expect(notMonday.statusCode).toBe(400);
    expect((notMonday.json() as ErrorAnswer).error).toEqual({
      code: 'LW_HTTP_BAD_REQUEST',
      field: 'periodStart',
      message: 'periodStart: a weekly report starts on a Monday; 2026-04-01 is not one (its week starts 2026-03-30)',
    });
    const notADay = await post('/api/trace/routine', acme, { period: 'monthly', periodStart: '2026-02-30', remarks: '' });
    expect((notADay.json() as ErrorAnswer).error).toMatchObject({ field: 'periodStart', message: expect.stringContaining('expected a day YYYY-MM-DD, got "2026-02-30"') });
    const future = await get('/api/trace/routine/draft?period=daily&periodStart=2026-05-01', acme);
    expect((future.json() as ErrorAnswer).error).toMatchObject({ field: 'periodStart', message: 'periodStart: 2026-05-01 is in the future' });
    const badPeriod = await get('/api/trace/routine/draft?period=yearly&periodStart=2026-01-01', acme);
    expect((badPeriod.json() as ErrorAnswer).error).toMatchObject({ field: 'period' });
  });

  it('shows a regulator every enterprise’s month: signed against due, the monthly review present or missing', async () => {
    const res = await get('/api/trace/routine/compliance?month=2026-03', reg);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { month: string; enterprises: { enterprise: string; daily: { due: number; signed: number }; weekly: { due: number; signed: number }; monthlyReview: string }[] };
    expect(body.enterprises.map((e) => [e.enterprise, e.daily.due, e.daily.signed, e.weekly.due, e.weekly.signed, e.monthlyReview])).toEqual([
      ['acme', 31, 1, 5, 0, 'missing'],
      ['beta', 31, 0, 5, 0, 'missing'],
    ]);
    expect((await get('/api/trace/routine/compliance?month=2026-03', acme)).statusCode).toBe(403);
    expect(((await get('/api/trace/routine/compliance?month=March', reg)).json() as ErrorAnswer).error).toMatchObject({ field: 'month' });
  });
});
