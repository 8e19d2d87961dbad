/**
 * GET /api/reports/monthly on a bare fastify instance with the real auth
 * hook, validation messages and error handler (dashboard/app.ts registers
 * the plugin the same way): tenancy, formats and the answers to bad input.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installAuth } from '../../../dashboard/api/auth.js';
import { handleError, handleNotFound } from '../../../dashboard/api/error-handler.js';
import { reportRoutes } from '../../../dashboard/api/reports.js';
import { validationError } from '../../../dashboard/api/validation-message.js';
import type { LinewatchConfig } from '../../../config/resolve.js';
import { filledStore, JAN, NOW, reportConfig, type FilledStore } from './report-fixture.js';

let fx: FilledStore;
let app: FastifyInstance;
let config: LinewatchConfig;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  fx = await filledStore();
  config = reportConfig(fx.dataDir);
  app = Fastify({ schemaErrorFormatter: validationError, ajv: { customOptions: { removeAdditional: false } } });
  app.setErrorHandler(handleError);
  installAuth(app, { config, tokenSecret: 'report-routes-test-secret-of-32-characters-or-more', tokenTtlSeconds: 3600, clock: () => NOW });
  app.register(
    async (api) => {
      api.setNotFoundHandler(handleNotFound);
      api.addHook('onRequest', api.authenticate);
      api.register(reportRoutes, { config, store: fx.store, clock: () => NOW });
    },
    { prefix: '/api' },
  );
  await app.ready();
  for (const user of config.users) tokens[user.id] = app.issueToken(user).token;
});
afterAll(async () => {
  await app.close();
  await fx.close();
});

function get(user: string | null, query: string) {
  return app.inject({ method: 'GET', url: `/api/reports/monthly?${query}`, headers: user ? { authorization: `Bearer ${tokens[user]}` } : {} });
}

describe('tenancy', () => {
  it('gives a regulator the whole cluster', async () => {
    const res = await get('reg', `month=${JAN.month}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.scope).toBe('cluster');
    expect(body.enterprises.map((e: { id: string }) => e.id)).toEqual(['acme', 'beta', 'gamma']);
  });

  it('gives a regulator one enterprise when asked', async () => {
    const body = (await get('reg', `month=${JAN.month}&enterprise=acme`)).json();
    expect(body.scope).toBe('enterprise');
    expect(body.enterprises.map((e: { id: string }) => e.id)).toEqual(['acme']);
  });

  it("gives an enterprise user its own enterprise, named or not, and nothing of another's", async () => {
    for (const query of [`month=${JAN.month}`, `month=${JAN.month}&enterprise=beta`]) {
      const res = await get('qa-beta', query);
      expect(res.statusCode).toBe(200);
      expect(res.json().enterprises.map((e: { id: string }) => e.id)).toEqual(['beta']);
      expect(res.body).not.toMatch(/acme|gamma/i);
    }
  });

  it("refuses an enterprise user another enterprise's report, existing or not, with 403", async () => {
    for (const other of ['acme', 'nobody']) {
      const res = await get('qa-beta', `month=${JAN.month}&enterprise=${other}`);
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('LW_HTTP_FORBIDDEN');
      expect(res.body).not.toContain('Acme');
    }
  });

  it('refuses a request without a token', async () => {
    expect((await get(null, `month=${JAN.month}`)).statusCode).toBe(401);
  });
});

describe('formats', () => {
  it('answers the printable page for format=html, with a policy that forbids scripts and loads', async () => {
    const res = await get('qa-acme', `month=${JAN.month}&format=html`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(res.body).toContain('Acme Cable');
    expect(res.body).not.toContain('Beta Wire');
  });

  it('answers the report object for format=json and by default', async () => {
    const a = (await get('reg', `month=${JAN.month}&format=json`)).json();
    const b = (await get('reg', `month=${JAN.month}`)).json();
    expect(a).toEqual(b);
    expect(a.kind).toBe('linewatch.monthly-report');
  });

  it('answers an empty month with a report that says so', async () => {
    const res = await get('reg', 'month=2025-06');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ hasData: false, noDataReason: expect.stringContaining('2025-06') });
  });
});

describe('the month by default', () => {
  it('is the latest complete month with data of the scope, named by /reports/latest-month', async () => {
    const latest = await app.inject({ method: 'GET', url: '/api/reports/latest-month', headers: { authorization: `Bearer ${tokens.reg}` } });
    expect(latest.statusCode).toBe(200);
    // February is under way at NOW and has data too; January is the latest complete month with data.
    expect(latest.json()).toEqual({ month: JAN.month, hasData: true, monthComplete: true });
    const res = await get('reg', '');
    expect(res.statusCode).toBe(200);
    expect(res.json().period.month).toBe(JAN.month);
    expect(res.json().hasData).toBe(true);
  });

  it("holds an enterprise user to its own enterprise's data", async () => {
    const own = await app.inject({ method: 'GET', url: '/api/reports/latest-month?enterprise=beta', headers: { authorization: `Bearer ${tokens['qa-beta']}` } });
    expect(own.json()).toEqual({ month: JAN.month, hasData: true, monthComplete: true });
    const other = await app.inject({ method: 'GET', url: '/api/reports/latest-month?enterprise=acme', headers: { authorization: `Bearer ${tokens['qa-beta']}` } });
    expect(other.statusCode).toBe(403);
  });
});

describe('bad requests', () => {
  it.each([
    ['month=2026-13', 'month'],
    ['month=2026-03', 'month'],
    ['month=x', 'month'],
    ['month=', 'month'],
    [`month=${JAN.month}&format=pdf`, 'format'],
    [`month=${JAN.month}&extra=1`, 'extra'],
    [`month=${JAN.month}&enterprise=a%20b`, 'enterprise'],
  ])('%j is a 400 naming %s', async (query, field) => {
    const res = await get('reg', query);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field });
  });

  it('answers 404 for an enterprise the configuration does not have', async () => {
    const res = await get('reg', `month=${JAN.month}&enterprise=nobody`);
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('LW_HTTP_NOT_FOUND');
  });
});
