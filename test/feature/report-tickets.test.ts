/**
 * The printable monthly report opened from the web page: a short-lived
 * ticket from POST /api/reports/tickets, redeemed without a bearer token at
 * GET /reports/monthly?ticket=..., held to the report route's tenancy.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, startApi, type ApiHarness } from '../support/http-api-fixture.js';

// The fixture's clock starts on 2025-03-01, so February is the last whole month.
const MONTH = '2025-02';

async function ticketFor(api: ApiHarness, user: 'reg' | 'qa-acme' | 'qa-beta', body: Record<string, unknown>) {
  const token = await api.login(user);
  return api.app.inject({ method: 'POST', url: '/api/reports/tickets', headers: bearer(token), payload: body });
}

function claimsOf(url: string): Record<string, unknown> {
  const ticket = new URL(url, 'http://x').searchParams.get('ticket') ?? '';
  return JSON.parse(Buffer.from(ticket.split('.')[1], 'base64url').toString('utf8'));
}

describe('report tickets', () => {
  let api: ApiHarness;
  beforeEach(async () => {
    api = await startApi();
  });
  afterEach(() => api.close());

  it('issues a 60 s ticket that opens the printable report without a bearer token', async () => {
    const res = await ticketFor(api, 'reg', { month: MONTH, enterprise: 'acme' });
    expect(res.statusCode).toBe(200);
    const { url } = res.json<{ url: string }>();
    expect(url).toMatch(/^\/reports\/monthly\?ticket=[\w.-]+$/);
    const claims = claimsOf(url);
    expect(claims).toMatchObject({ sub: 'reg', month: MONTH, enterprise: 'acme' });
    expect((claims.exp as number) - (claims.iat as number)).toBe(60);
    expect(claims.role).toBeUndefined();

    const page = await api.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.body).toMatch(/February 2025|2025-02/);
  });

  it('opens the report once per ticket: the same link again is a 401 page, a new ticket works', async () => {
    const { url } = (await ticketFor(api, 'reg', { month: MONTH, enterprise: 'acme' })).json<{ url: string }>();
    expect(typeof claimsOf(url).jti).toBe('string');
    expect((await api.app.inject({ method: 'GET', url })).statusCode).toBe(200);
    const again = await api.app.inject({ method: 'GET', url });
    expect(again.statusCode).toBe(401);
    expect(again.headers['content-type']).toMatch(/^text\/html/);
    expect(again.body).toMatch(/used already/);
    const fresh = (await ticketFor(api, 'reg', { month: MONTH, enterprise: 'acme' })).json<{ url: string }>().url;
    expect(fresh).not.toBe(url);
    expect((await api.app.inject({ method: 'GET', url: fresh })).statusCode).toBe(200);
  });

  it("gives an enterprise user its own enterprise's report when none is named", async () => {
    const res = await ticketFor(api, 'qa-acme', { month: MONTH });
    expect(res.statusCode).toBe(200);
    expect(claimsOf(res.json<{ url: string }>().url)).toMatchObject({ sub: 'qa-acme', enterprise: 'acme' });
    const page = await api.app.inject({ method: 'GET', url: res.json<{ url: string }>().url });
    expect(page.statusCode).toBe(200);
  });

  it('refuses an enterprise user a ticket for another enterprise (403) and a bad month (400)', async () => {
    const other = await ticketFor(api, 'qa-acme', { month: MONTH, enterprise: 'beta' });
    expect(other.statusCode).toBe(403);
    expect(other.json().error.code).toBe('LW_HTTP_FORBIDDEN');
    const month = await ticketFor(api, 'reg', { month: '2025-13' });
    expect(month.statusCode).toBe(400);
    expect(month.json().error.field).toBe('month');
  });

  it('needs a bearer token to issue a ticket', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/reports/tickets', payload: { month: MONTH } });
    expect(res.statusCode).toBe(401);
  });

  it('answers an expired ticket with a 401 page', async () => {
    const { url } = (await ticketFor(api, 'reg', { month: MONTH })).json<{ url: string }>();
    api.clock.now += 61_000;
    const page = await api.app.inject({ method: 'GET', url });
    expect(page.statusCode).toBe(401);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toMatch(/expired/);
    expect(page.body).not.toMatch(/at .*\.(ts|js):\d+/);
  });

  it('answers a forged ticket, a session token and a missing ticket with 401 or 400 pages, never JSON', async () => {
    const { url } = (await ticketFor(api, 'qa-acme', { month: MONTH })).json<{ url: string }>();
    const ticket = new URL(url, 'http://x').searchParams.get('ticket') ?? '';
    const [header, ,] = ticket.split('.');
    // Widen the scope to the whole cluster and re-sign with a key that is not the server's.
    const payload = Buffer.from(JSON.stringify({ ...claimsOf(url), sub: 'reg', enterprise: undefined })).toString('base64url');
    const signature = createHmac('sha256', 'not-the-server-secret-not-the-server-secret').update(`${header}.${payload}`).digest('base64url');
    const forged = await api.app.inject({ method: 'GET', url: `/reports/monthly?ticket=${header}.${payload}.${signature}` });
    expect(forged.statusCode).toBe(401);
    expect(forged.headers['content-type']).toMatch(/^text\/html/);
    expect(forged.body).toMatch(/invalid/);

    const session = await api.login('reg');
    const asTicket = await api.app.inject({ method: 'GET', url: `/reports/monthly?ticket=${session}` });
    expect(asTicket.statusCode).toBe(401);

    // A ticket is not a session token either.
    const asBearer = await api.app.inject({ method: 'GET', url: `/api/reports/monthly?month=${MONTH}&enterprise=acme`, headers: bearer(ticket) });
    expect(asBearer.statusCode).toBe(401);

    const missing = await api.app.inject({ method: 'GET', url: '/reports/monthly' });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toMatch(/^text\/html/);
  });
});
