/**
 * Which risk routes the dashboard serves, and what it tells the page: a
 * full risk directory (the analytics in this process) gives the ranked list
 * and the breakdown; a summaries-only directory (a dashboard on its own,
 * dashboard/remote-risk-directory.ts) gives the list and says the breakdown
 * is not there, so the page never asks for it. The flags come from the route
 * table (dashboard/route-table.ts), read by the paths the api modules export.
 */
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { RiskDirectory, RiskSummaryDirectory } from '../../core/enterprise-risk/risk-directory.js';
import type { EnterpriseRiskDetail, EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';
import { ENTERPRISE_ROUTES } from '../../dashboard/api/enterprises.js';
import type { LiveSession } from '../../protocol/live-messages.js';
import { RouteTable } from '../../dashboard/route-table.js';
import { bearer, startApi, T0, type ApiHarness } from '../support/http-api-fixture.js';

const summary = (id: string, score: number): EnterpriseRiskSummary => ({
  id,
  name: id,
  score,
  level: score >= 50 ? 'high' : 'low',
  registeredClass: 'B',
  suggestedClass: 'B',
  classDiffers: false,
  lastInspection: '2024-06-01',
  nextInspection: '2025-06-01',
  inspectionDue: false,
  activeAlerts: 0,
  topContributors: [],
  dataAgeMs: null,
  at: T0,
});

const summariesOnly: RiskSummaryDirectory = {
  list: () => [summary('beta', 60), summary('acme', 20)],
  subscribe: () => () => {},
};

const full: RiskDirectory = {
  ...summariesOnly,
  detail: (id) => (id === 'acme' ? ({ score: 20, level: 'low', series: [] } as unknown as EnterpriseRiskDetail) : undefined),
  dailyEvidence: () => undefined,
};

let api: ApiHarness | undefined;
let socket: Socket | undefined;
afterEach(async () => {
  socket?.close();
  await api?.close();
  api = undefined;
  socket = undefined;
});

async function sessionFeatures(harness: ApiHarness): Promise<LiveSession['features']> {
  const url = await harness.app.listen({ port: 0, host: '127.0.0.1' });
  socket = io(url, { auth: { token: await harness.login('reg') }, transports: ['websocket'], reconnection: false, forceNew: true });
  const session = await new Promise<LiveSession>((resolve, reject) => {
    socket!.once('session', resolve);
    socket!.once('connect_error', reject);
  });
  return session.features;
}

describe('risk routes by the directory given', () => {
  it('serves the list and the breakdown from a full directory, and says both exist', async () => {
    api = await startApi({ riskDirectory: full });
    const auth = bearer(await api.login('reg'));
    expect((await api.app.inject({ url: '/api/enterprises', headers: auth })).json().enterprises.map((e: EnterpriseRiskSummary) => e.id)).toEqual(['beta', 'acme']);
    expect((await api.app.inject({ url: '/api/enterprises/acme/risk', headers: auth })).statusCode).toBe(200);
    expect(await sessionFeatures(api)).toMatchObject({ enterprisesApi: true, riskApi: true, riskEvents: true });
  });

  it('serves the list alone from a summaries-only directory, and tells the page there is no breakdown', async () => {
    api = await startApi({ riskDirectory: summariesOnly });
    const auth = bearer(await api.login('reg'));
    expect((await api.app.inject({ url: '/api/enterprises', headers: auth })).json().enterprises.map((e: EnterpriseRiskSummary) => e.id)).toEqual(['beta', 'acme']);
    const breakdown = await api.app.inject({ url: '/api/enterprises/acme/risk', headers: auth });
    expect(breakdown.statusCode).toBe(404);
    expect(breakdown.json().error.code).toBe('LW_HTTP_NOT_FOUND');
    expect(await sessionFeatures(api)).toMatchObject({ enterprisesApi: true, riskApi: false, riskEvents: true });
  });

  it('serves neither without a directory', async () => {
    api = await startApi();
    const auth = bearer(await api.login('reg'));
    expect((await api.app.inject({ url: '/api/enterprises', headers: auth })).statusCode).toBe(404);
    expect(await sessionFeatures(api)).toMatchObject({ enterprisesApi: false, riskApi: false, riskEvents: false });
  });
});

describe('RouteTable', () => {
  it('knows a route by method and full URL, and an api route by the path its module exports', () => {
    const table = new RouteTable();
    table.add('get', '/api/enterprises');
    expect(table.has('GET', '/api/enterprises')).toBe(true);
    expect(table.hasApi('GET', ENTERPRISE_ROUTES.list)).toBe(true);
    expect(table.hasApi('POST', ENTERPRISE_ROUTES.list)).toBe(false);
    expect(table.hasApi('GET', ENTERPRISE_ROUTES.risk)).toBe(false);
    expect(table.list()).toEqual(['GET /api/enterprises']);
  });
});
