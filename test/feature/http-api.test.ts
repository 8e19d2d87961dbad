/**
 * The HTTP API as the dashboard and an attacker see it: through app.inject()
 * against a real embedded store and a real EpisodeBook, with an injected clock.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Alert } from '../../monitor/alert.js';
import { StoreError } from '../../store/errors.js';
import type { Measurement, TimeSeriesStore } from '../../store/port.js';
import { bearer, PASSWORDS, startApi, T0, TOKEN_SECRET, type ApiHarness } from '../support/http-api-fixture.js';
import { DEFAULT_CAUSE_CATALOGUE } from '../../monitor/causes.js';
import type { Finding } from '../../core/findings/finding.js';
import { testFindings } from '../support/finding-fixture.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string } };

const HOUR = 3_600_000;

function raiseAlerts(api: ApiHarness) {
  const acme = api.book.signal({ enterprise: 'acme', line: 'line-1', characteristic: 'insulation_thickness' }, 'ewma', T0 - 60_000, 0.61, T0 - 50_000)!.alert;
  const beta = api.book.signal({ enterprise: 'beta', line: 'line-1', characteristic: 'conductor_resistance' }, 'outOfSpec', T0 - 30_000, 7.5, T0 - 20_000)!.alert;
  return { acme, beta };
}

describe('login', () => {
  let api: ApiHarness;
  beforeEach(async () => {
    api = await startApi({ loginRateLimit: { perUserMaxFailures: 3, perIpMax: 8 } });
  });
  afterEach(() => api.close());

  it('returns a bearer token, its expiry and who logged in', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'qa-acme', password: PASSWORDS['qa-acme'] } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.user).toEqual({ id: 'qa-acme', name: 'qa-acme', role: 'enterprise', enterprise: 'acme' });
    expect(body.tokenType).toBe('Bearer');
    // Default lifetime: 8 h from the injected clock (JWT times are whole seconds).
    expect(body.expiresAt).toBe(T0 + 8 * HOUR);
    const [header, payload] = (body.token as string)
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
    expect(header).toMatchObject({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({ sub: 'qa-acme', role: 'enterprise', enterprise: 'acme', iat: T0 / 1000, exp: T0 / 1000 + 8 * 3600 });
  });

  it('answers a wrong password and an unknown user with the same 401', async () => {
    const wrong = await api.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'qa-acme', password: 'guess' } });
    const unknown = await api.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'nobody', password: 'guess' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json<ErrorAnswer>().error.code).toBe('LW_HTTP_UNAUTHORIZED');
  });

  it('names the missing field of a malformed login', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'qa-acme' } });
    expect(res.statusCode).toBe(400);
    expect(res.json<ErrorAnswer>().error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field: 'password' });
    expect(res.json<ErrorAnswer>().error.message).toMatch(/password/);
  });

  it('refuses a user name with 429 and Retry-After after N failures, even with the right password, until the window passes', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await api.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'qa-beta', password: `guess-${i}` } });
      expect(res.statusCode).toBe(401);
    }
    const locked = await api.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'qa-beta', password: PASSWORDS['qa-beta'] } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json<ErrorAnswer>().error.code).toBe('LW_HTTP_RATE_LIMITED');
    expect(Number(locked.headers['retry-after'])).toBe(15 * 60);
    // Other users are not affected.
    expect((await api.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'reg', password: PASSWORDS.reg } })).statusCode).toBe(200);
    api.clock.now += 15 * 60_000;
    const later = await api.app.inject({ method: 'POST', url: '/api/login', payload: { username: 'qa-beta', password: PASSWORDS['qa-beta'] } });
    expect(later.statusCode).toBe(200);
  });

  it('limits attempts per client address across user names', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await api.app.inject({ method: 'POST', url: '/api/login', remoteAddress: '10.0.0.9', payload: { username: `user-${i}`, password: 'x' } });
      codes.push(res.statusCode);
      if (res.statusCode === 429) {
        expect(res.headers['retry-after']).toBe('60');
        expect(res.json<ErrorAnswer>().error.code).toBe('LW_HTTP_RATE_LIMITED');
      }
    }
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429]);
    // Another address still gets through.
    const other = await api.app.inject({ method: 'POST', url: '/api/login', remoteAddress: '10.0.0.10', payload: { username: 'reg', password: PASSWORDS.reg } });
    expect(other.statusCode).toBe(200);
  });
});

describe('bearer tokens', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ tokenTtlSeconds: 600 });
  });
  afterAll(() => api.close());

  const get = (headers: Record<string, string> = {}) => api.app.inject({ method: 'GET', url: '/api/alerts', headers });

  it('refuses a request without a token with 401 and a challenge', async () => {
    const res = await get();
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="linewatch"');
    expect(res.json<ErrorAnswer>().error.code).toBe('LW_HTTP_UNAUTHORIZED');
  });

  it('refuses a malformed Authorization header', async () => {
    for (const authorization of ['Basic abc', 'Bearer', 'Bearer a b', 'token']) {
      const res = await get({ authorization });
      expect(res.statusCode, authorization).toBe(401);
    }
  });

  it('refuses a tampered token: a payload rewritten to regulator, a token signed with another key, alg none', async () => {
    const token = await api.login('qa-acme');
    const [h, , s] = token.split('.');
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const forged = `${h}.${b64({ sub: 'qa-acme', role: 'regulator', iat: T0 / 1000, exp: T0 / 1000 + 600 })}.${s}`;
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'reg', role: 'regulator', iat: T0 / 1000, exp: T0 / 1000 + 600 })}.`;
    const other = await startApi({ tokenSecret: `${TOKEN_SECRET}-but-another-one` });
    try {
      const foreign = await other.login('reg');
      for (const bad of [forged, none, foreign, 'not.a.jwt', `${token}x`]) {
        const res = await get(bearer(bad));
        expect(res.statusCode, bad).toBe(401);
        expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
        expect(res.json<ErrorAnswer>().error.message).toMatch(/invalid/);
      }
    } finally {
      await other.close();
    }
    expect((await get(bearer(token))).statusCode).toBe(200);
  });

  it('refuses an expired token', async () => {
    const token = await api.login('reg');
    // fast-jwt accepts a token up to and including its exp second.
    api.clock.now = T0 + 600_000;
    expect((await get(bearer(token))).statusCode).toBe(200);
    api.clock.now = T0 + 600_001;
    const res = await get(bearer(token));
    expect(res.statusCode).toBe(401);
    expect(res.json<ErrorAnswer>().error.message).toMatch(/expired/);
    api.clock.now = T0;
  });

  it('gives socket.io the same check through app.verifyToken', async () => {
    const token = await api.login('qa-beta');
    const principal = api.app.verifyToken(token);
    expect(principal).toMatchObject({ id: 'qa-beta', role: 'enterprise', enterprise: 'beta' });
    expect(principal.canSee('beta')).toBe(true);
    expect(principal.canSee('acme')).toBe(false);
    expect(() => api.app.verifyToken('x.y.z')).toThrow(/invalid/);
  });
});

describe('alerts', () => {
  let api: ApiHarness;
  let alerts: { acme: Alert; beta: Alert };
  let tokens: Record<'reg' | 'qa-acme' | 'qa-beta', string>;
  beforeAll(async () => {
    api = await startApi();
    alerts = raiseAlerts(api);
    tokens = { reg: await api.login('reg'), 'qa-acme': await api.login('qa-acme'), 'qa-beta': await api.login('qa-beta') };
  });
  afterAll(() => api.close());

  const list = (who: keyof typeof tokens, query = '') => api.app.inject({ method: 'GET', url: `/api/alerts${query}`, headers: bearer(tokens[who]) });
  const act = (who: keyof typeof tokens, id: string, action: 'ack' | 'resolve', payload: object = { comment: 'die worn, replaced' }) =>
    api.app.inject({ method: 'POST', url: `/api/alerts/${encodeURIComponent(id)}/${action}`, headers: bearer(tokens[who]), payload });

  it('shows a regulator every enterprise, newest first, filtered on request', async () => {
    const all = await list('reg');
    expect(all.statusCode).toBe(200);
    expect(all.json().alerts.map((a: Alert) => a.enterprise)).toEqual(['beta', 'acme']);
    expect(all.json().total).toBe(2);
    expect((await list('reg', '?enterprise=acme')).json().alerts.map((a: Alert) => a.id)).toEqual([alerts.acme.id]);
    expect((await list('reg', `?since=${T0 - 40_000}`)).json().alerts.map((a: Alert) => a.id)).toEqual([alerts.beta.id]);
    expect((await list('reg', `?since=${new Date(T0 - 40_000).toISOString()}`)).json().alerts.map((a: Alert) => a.id)).toEqual([alerts.beta.id]);
    expect((await list('reg', '?limit=1')).json()).toMatchObject({ total: 2, alerts: [{ id: alerts.beta.id }] });
  });

  it("shows an enterprise user its own alerts only and refuses another enterprise's with 403", async () => {
    expect((await list('qa-acme')).json().alerts.map((a: Alert) => a.id)).toEqual([alerts.acme.id]);
    expect((await list('qa-acme', '?enterprise=acme')).json().alerts.map((a: Alert) => a.id)).toEqual([alerts.acme.id]);
    const other = await list('qa-acme', '?enterprise=beta');
    expect(other.statusCode).toBe(403);
    expect(other.json<ErrorAnswer>().error.code).toBe('LW_HTTP_FORBIDDEN');
    // An enterprise that does not exist is someone else's too: no probing through 404s.
    expect((await list('qa-acme', '?enterprise=gamma')).statusCode).toBe(403);
    expect((await list('reg', '?enterprise=gamma')).statusCode).toBe(404);
  });

  it("reads one alert: 404 unknown, 403 another enterprise's", async () => {
    const one = (who: keyof typeof tokens, id: string) => api.app.inject({ method: 'GET', url: `/api/alerts/${id}`, headers: bearer(tokens[who]) });
    expect((await one('qa-acme', alerts.acme.id)).json().alert).toMatchObject({ id: alerts.acme.id, status: 'active' });
    expect((await one('reg', alerts.acme.id)).statusCode).toBe(200);
    expect((await one('qa-beta', alerts.acme.id)).statusCode).toBe(403);
    const missing = await one('reg', 'acme.line-1.insulation_thickness.rule1.1');
    expect(missing.statusCode).toBe(404);
    expect(missing.json<ErrorAnswer>().error.code).toBe('LW_HTTP_NOT_FOUND');
  });

  it("refuses to act on another enterprise's alert and leaves it untouched", async () => {
    const res = await act('qa-acme', alerts.beta.id, 'ack');
    expect(res.statusCode).toBe(403);
    expect((await act('qa-acme', alerts.beta.id, 'resolve')).statusCode).toBe(403);
    expect(api.book.get(alerts.beta.id)?.status).toBe('active');
  });

  it('runs ack then resolve with who and why; a second resolve is 409, an unknown alert 404', async () => {
    api.clock.now = T0 + 1000;
    const ack = await act('qa-acme', alerts.acme.id, 'ack', { comment: '  die worn, changing it  ' });
    expect(ack.statusCode).toBe(200);
    expect(ack.json().alert).toMatchObject({ status: 'acknowledged', acknowledged: { by: 'qa-acme', at: T0 + 1000, comment: 'die worn, changing it' } });
    expect((await act('qa-acme', alerts.acme.id, 'ack')).statusCode).toBe(409);
    const resolved = await act('reg', alerts.acme.id, 'resolve', { comment: 'inspected on site', cause: 'tooling', action: 'replaced-tooling' });
    expect(resolved.json().alert).toMatchObject({ status: 'resolved', resolved: { by: 'reg', comment: 'inspected on site', cause: 'tooling', action: 'replaced-tooling' } });
    const again = await act('qa-acme', alerts.acme.id, 'resolve', { comment: 'again', cause: 'tooling', action: 'replaced-tooling' });
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorAnswer>().error).toMatchObject({ code: 'LW_HTTP_CONFLICT', message: expect.stringMatching(/already resolved/) });
    expect((await act('reg', 'acme.line-1.eccentricity.rule2.5', 'ack')).statusCode).toBe(404);
    expect((await list('reg', '?status=resolved')).json().alerts.map((a: Alert) => a.id)).toEqual([alerts.acme.id]);
  });

  it('requires a comment of 1 to 2000 characters that is not blank', async () => {
    for (const [payload, problem] of [
      [{}, /required/],
      [{ comment: '' }, /empty/],
      [{ comment: '   ' }, /not blank/],
      [{ comment: 'x'.repeat(2001) }, /at most 2000/],
      // (ajv coerces a number to a string, as fastify configures it, so 42 would be taken as '42'.)
      [{ comment: { text: 'x' } }, /must be a string/],
      [{ comment: 'ok', by: 'reg' }, /'by' is not accepted/],
    ] as const) {
      const res = await act('reg', alerts.beta.id, 'ack', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const { error } = res.json<ErrorAnswer>();
      expect(error.code).toBe('LW_HTTP_BAD_REQUEST');
      expect(error.field).toBe(Object.keys(payload).includes('by') ? 'by' : 'comment');
      expect(error.message).toMatch(problem);
    }
    expect(api.book.get(alerts.beta.id)?.status).toBe('active');
  });

  it('names the query parameter that is wrong', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['?status=open', 'status', /one of: active, acknowledged, resolved/],
      ['?since=yesterday', 'since', /a time/],
      ['?since=2025-02-30', 'since', /not a time/],
      ['?enterprise=a/b', 'enterprise', /letters, digits/],
      ['?limit=0', 'limit', /at least 1/],
      ['?statsu=active', 'statsu', /not accepted/],
    ];
    for (const [query, field, message] of cases) {
      const res = await list('reg', query);
      expect(res.statusCode, query).toBe(400);
      expect(res.json<ErrorAnswer>().error, query).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field, message: expect.stringMatching(message) });
    }
  });
});

describe('alert episodes: filters, series groups, causes, bulk acknowledgement, Pareto', () => {
  let api: ApiHarness;
  let tokens: Record<'reg' | 'qa-acme' | 'qa-beta', string>;
  const thickness = { enterprise: 'acme', line: 'line-1', characteristic: 'insulation_thickness' };
  const resistance = { enterprise: 'acme', line: 'line-1', characteristic: 'conductor_resistance' };
  const betaThickness = { enterprise: 'beta', line: 'line-1', characteristic: 'insulation_thickness' };
  /** The episodes, oldest first: ids by name. */
  const ep: Record<string, Alert> = {};
  const MIN = 60_000;

  beforeAll(async () => {
    api = await startApi();
    const b = api.book;
    // acme thickness: a small shift resolved with a cause, an out-of-spec stretch that resolved by itself, and an open episode that escalated.
    ep.old = b.signal(thickness, 'cusumSmall', T0 - 3 * HOUR, 0.66, T0 - 3 * HOUR)!.alert;
    b.resolve(ep.old.id, 'qa-acme', 'die worn', T0 - 3 * HOUR + MIN, 'tooling', 'replaced-tooling');
    ep.glitch = b.signal(thickness, 'outOfSpec', T0 - 2 * HOUR, 0.52, T0 - 2 * HOUR)!.alert;
    b.autoResolve(b.get(ep.glitch.id)!, T0 - 2 * HOUR + 10 * MIN, T0 - 2 * HOUR + 10 * MIN);
    ep.open = b.signal(thickness, 'cusumLarge', T0 - 10 * MIN, 0.64, T0 - 10 * MIN, { shiftSigma: -2.1, limitsVersion: 1 })!.alert;
    b.signal(thickness, 'outOfSpec', T0 - 9 * MIN, 0.52, T0 - 9 * MIN, { severity: 'critical' });
    // acme resistance: one medium episode, open.
    ep.ewma = b.signal(resistance, 'ewma', T0 - HOUR, 11.9, T0 - HOUR)!.alert;
    // beta thickness: one resolved with a cause, one open.
    ep.betaOld = b.signal(betaThickness, 'cusumSmall', T0 - 5 * HOUR, 0.7, T0 - 5 * HOUR)!.alert;
    b.resolve(ep.betaOld.id, 'qa-beta', 'new lot', T0 - 5 * HOUR + MIN, 'material', 'changed-material');
    ep.beta = b.signal(betaThickness, 'shewhart', T0 - 30 * MIN, 0.6, T0 - 30 * MIN)!.alert;
    tokens = { reg: await api.login('reg'), 'qa-acme': await api.login('qa-acme'), 'qa-beta': await api.login('qa-beta') };
  });
  afterAll(() => api.close());

  const get = (who: keyof typeof tokens, url: string) => api.app.inject({ method: 'GET', url, headers: bearer(tokens[who]) });
  const post = (who: keyof typeof tokens, url: string, payload: object) => api.app.inject({ method: 'POST', url, headers: bearer(tokens[who]), payload });
  const ids = async (who: keyof typeof tokens, query: string) => {
    const res = await get(who, `/api/alerts${query}`);
    expect(res.statusCode, query).toBe(200);
    return res.json<{ alerts: Alert[] }>().alerts.map((a) => a.id);
  };

  it('filters by rule (any rule that fired on the episode), severity, line, characteristic, status and time range', async () => {
    expect(await ids('reg', '?rule=outOfSpec')).toEqual([ep.open.id, ep.glitch.id]);
    expect(await ids('reg', '?rule=shewhart')).toEqual([ep.beta.id]);
    expect(await ids('reg', '?severity=critical')).toEqual([ep.open.id]);
    expect(await ids('reg', '?severity=medium&status=active')).toEqual([ep.ewma.id]);
    expect(await ids('reg', '?line=line-1&characteristic=conductor_resistance')).toEqual([ep.ewma.id]);
    expect(await ids('reg', '?characteristic=insulation_thickness&status=resolved')).toEqual([ep.glitch.id, ep.old.id, ep.betaOld.id]);
    expect(await ids('reg', `?since=${T0 - 4 * HOUR}&until=${new Date(T0 - HOUR).toISOString()}`)).toEqual([ep.glitch.id, ep.old.id]);
    // An enterprise user's filters apply within its own enterprise.
    expect(await ids('qa-beta', '?rule=cusumSmall')).toEqual([ep.betaOld.id]);
    expect(await ids('qa-acme', '?characteristic=insulation_thickness&status=active')).toEqual([ep.open.id]);
  });

  it('groups episodes by series: the open one and the history, newest first, worst open series first', async () => {
    const res = await get('reg', '/api/alerts?groupBy=series');
    expect(res.statusCode).toBe(200);
    const { groups, total } = res.json<{ groups: Array<{ series: object; open: Alert | null; episodes: Alert[]; count: number }>; total: number }>();
    expect(total).toBe(3);
    expect(groups.map((g) => g.series)).toEqual([thickness, betaThickness, resistance]);
    expect(groups[0].open).toMatchObject({ id: ep.open.id, severity: 'critical', status: 'active', shiftSigma: -2.1, rules: [{ rule: 'cusumLarge' }, { rule: 'outOfSpec' }] });
    expect(groups[0].episodes.map((a) => a.id)).toEqual([ep.open.id, ep.glitch.id, ep.old.id]);
    expect(groups[0].count).toBe(3);
    expect(groups[1]).toMatchObject({ open: { id: ep.beta.id }, count: 2 });

    // Filters first, then groups; perSeries caps the history, not the count.
    const resolved = (await get('reg', '/api/alerts?groupBy=series&status=resolved&perSeries=1')).json<{ groups: Array<{ open: Alert | null; episodes: Alert[]; count: number }> }>();
    expect(resolved.groups.map((g) => [g.open, g.episodes.map((a) => a.id), g.count])).toEqual([
      [null, [ep.glitch.id], 2],
      [null, [ep.betaOld.id], 1],
    ]);
    // An enterprise user's groups are its own.
    const own = (await get('qa-beta', '/api/alerts?groupBy=series')).json<{ groups: Array<{ series: { enterprise: string } }> }>();
    expect(own.groups.map((g) => g.series.enterprise)).toEqual(['beta']);
    expect((await get('qa-beta', '/api/alerts?groupBy=series&enterprise=acme')).statusCode).toBe(403);
  });

  it('refuses a bad filter with 400 naming the field', async () => {
    const cases: Array<[string, string, RegExp]> = [
      ['?rule=rule1', 'rule', /one of: outOfSpec, shewhart, cusumLarge, cusumSmall, ewma, riskLevel/],
      ['?severity=urgent', 'severity', /one of: critical, high, medium, low/],
      ['?characteristic=diameter', 'characteristic', /one of: conductor_diameter/],
      ['?line=a/b', 'line', /letters, digits/],
      ['?until=tomorrow', 'until', /a time/],
      [`?since=${T0}&until=${T0 - 1}`, 'until', /must be after 'since'/],
      ['?groupBy=line', 'groupBy', /one of: series/],
      ['?perSeries=5', 'perSeries', /needs groupBy=series/],
      ['?groupBy=series&perSeries=0', 'perSeries', /at least 1/],
    ];
    for (const [query, field, message] of cases) {
      const res = await get('reg', `/api/alerts${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json<ErrorAnswer>().error, query).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field, message: expect.stringMatching(message) });
    }
  });

  it('gives the catalogue of causes and corrective actions', async () => {
    const res = await get('qa-acme', '/api/alerts/causes');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ causes: DEFAULT_CAUSE_CATALOGUE.causes.map((c) => ({ ...c })), actions: DEFAULT_CAUSE_CATALOGUE.actions.map((a) => ({ ...a })) });
  });

  it('resolves only with a cause and a corrective action from the catalogue, and takes them on an acknowledgement too', async () => {
    const resolve = (payload: object) => post('qa-beta', `/api/alerts/${ep.beta.id}/resolve`, payload);
    for (const [payload, field, message] of [
      [{ comment: 'fixed' }, 'cause', /'cause' is required to resolve: one of material, tooling/],
      [{ comment: 'fixed', cause: 'tooling' }, 'action', /'action' is required to resolve: one of adjusted-process/],
      [{ comment: 'fixed', cause: 'gremlins', action: 'none-needed' }, 'cause', /must be one of: material/],
      [{ comment: 'fixed', cause: 'tooling', action: 'prayed' }, 'action', /must be one of: adjusted-process/],
      [{ comment: 'fixed', cause: 'Tooling!', action: 'none-needed' }, 'cause', /must match the pattern/],
    ] as const) {
      const res = await resolve(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json<ErrorAnswer>().error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field, message: expect.stringMatching(message) });
    }
    expect(api.book.get(ep.beta.id)?.status).toBe('active');

    const ack = await post('qa-beta', `/api/alerts/${ep.beta.id}/ack`, { comment: 'looking', cause: 'setting' });
    expect(ack.json().alert).toMatchObject({ status: 'acknowledged', acknowledged: { by: 'qa-beta', comment: 'looking', cause: 'setting', action: null } });
    const done = await resolve({ comment: 'line speed back to nominal', cause: 'setting', action: 'adjusted-process' });
    expect(done.statusCode).toBe(200);
    expect(done.json().alert).toMatchObject({ status: 'resolved', resolved: { by: 'qa-beta', cause: 'setting', action: 'adjusted-process' } });

    // An episode that resolved by itself is given its cause afterwards, once.
    const late = await post('qa-acme', `/api/alerts/${ep.glitch.id}/resolve`, { comment: 'gauge head dirty', cause: 'gauge', action: 'recalibrated-gauge' });
    expect(late.json().alert).toMatchObject({ status: 'resolved', resolved: { by: 'qa-acme', cause: 'gauge' } });
    expect((await post('qa-acme', `/api/alerts/${ep.glitch.id}/resolve`, { comment: 'again', cause: 'gauge', action: 'recalibrated-gauge' })).statusCode).toBe(409);
  });

  it('acknowledges several alerts with one comment; each that cannot be is a failure, and another enterprise’s leaks nothing', async () => {
    const strangers = `beta.line-1.insulation_thickness.shewhart.${T0 - 30 * MIN}`;
    const res = await post('qa-acme', '/api/alerts/ack', {
      ids: [ep.ewma.id, ep.open.id, ep.ewma.id, strangers, 'gamma.line-1.eccentricity.ewma.1', 'acme.line-9.eccentricity.ewma.1', ep.old.id],
      comment: 'seen at the shift handover',
      cause: 'setting',
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ acknowledged: Alert[]; failures: Array<{ id: string; code: string; message: string }> }>();
    expect(body.acknowledged.map((a) => [a.id, a.status, a.acknowledged?.comment, a.acknowledged?.cause])).toEqual([
      [ep.ewma.id, 'acknowledged', 'seen at the shift handover', 'setting'],
      [ep.open.id, 'acknowledged', 'seen at the shift handover', 'setting'],
    ]);
    expect(body.failures.map((f) => [f.id, f.code])).toEqual([
      [strangers, 'LW_HTTP_FORBIDDEN'],
      ['gamma.line-1.eccentricity.ewma.1', 'LW_HTTP_FORBIDDEN'],
      ['acme.line-9.eccentricity.ewma.1', 'LW_HTTP_NOT_FOUND'],
      [ep.old.id, 'LW_HTTP_CONFLICT'],
    ]);
    // Beta's alert exists, gamma's does not: the answers are the same words, and say nothing of beta's alert.
    expect(body.failures[0].message).toBe(body.failures[1].message);
    expect(JSON.stringify(body.failures[0])).not.toMatch(/resolved|acknowledged|active|0\.6/);
    expect(api.book.get(ep.beta.id)?.acknowledged?.comment).toBe('looking');
  });

  it('refuses a bulk acknowledgement without ids, with too many, or with a bad cause', async () => {
    const many = Array.from({ length: 501 }, (_, i) => `acme.line-1.insulation_thickness.ewma.${i}`);
    for (const [payload, field, message] of [
      [{ ids: [], comment: 'x' }, 'ids', /must not be empty/],
      [{ ids: many, comment: 'x' }, 'ids', /at most 500 items/],
      [{ ids: ['a b'], comment: 'x' }, 'ids.0', /an alert id/],
      [{ ids: [ep.ewma.id] }, 'comment', /required/],
      [{ ids: [ep.ewma.id], comment: 'x', cause: 'gremlins' }, 'cause', /must be one of/],
    ] as const) {
      const res = await post('reg', '/api/alerts/ack', payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
      expect(res.json<ErrorAnswer>().error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field, message: expect.stringMatching(message) });
    }
  });

  it('counts causes: a Pareto per enterprise with its characteristics, or of one characteristic', async () => {
    const res = await get('reg', '/api/alerts/pareto?enterprise=acme');
    expect(res.statusCode).toBe(200);
    const p = res.json<{
      episodes: number;
      unassigned: number;
      bars: Array<{ cause: string; label: string; count: number; share: number; cumulative: number }>;
      byCharacteristic: Array<{ characteristic: string; episodes: number; bars: unknown[] }>;
    }>();
    // old: tooling (resolved); glitch: gauge (given later); open and ewma: setting (bulk acknowledgement).
    expect(p.episodes).toBe(4);
    expect(p.unassigned).toBe(0);
    expect(p.bars.map((b) => [b.cause, b.count])).toEqual([
      ['setting', 2],
      ['gauge', 1],
      ['tooling', 1],
    ]);
    expect(p.bars[0]).toMatchObject({ label: 'Line setting (speed, temperature, tension)', share: 0.5, cumulative: 0.5 });
    expect(p.bars[2].cumulative).toBe(1);
    expect(p.byCharacteristic.map((c) => [c.characteristic, c.episodes])).toEqual([
      ['conductor_resistance', 1],
      ['insulation_thickness', 3],
    ]);

    const one = (await get('reg', `/api/alerts/pareto?enterprise=acme&characteristic=insulation_thickness&since=${T0 - 150 * MIN}`)).json();
    expect(one).toEqual({ episodes: 2, unassigned: 0, bars: [expect.objectContaining({ cause: 'gauge', count: 1 }), expect.objectContaining({ cause: 'setting', count: 1 })] });
    expect(one.byCharacteristic).toBeUndefined();
    // A regulator without an enterprise counts the whole cluster; an enterprise user its own only.
    expect((await get('reg', '/api/alerts/pareto')).json().episodes).toBe(6);
    expect((await get('qa-beta', '/api/alerts/pareto')).json()).toMatchObject({ episodes: 2, bars: [{ cause: 'material' }, { cause: 'setting' }] });
    expect((await get('qa-beta', '/api/alerts/pareto?enterprise=acme')).statusCode).toBe(403);
    const bad = await get('reg', '/api/alerts/pareto?characteristic=diameter');
    expect(bad.json<ErrorAnswer>().error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field: 'characteristic' });
    expect((await get('reg', '/api/alerts/pareto?rule=ewma')).json<ErrorAnswer>().error).toMatchObject({ field: 'rule', message: expect.stringMatching(/not accepted/) });
  });
});

describe('control limits', () => {
  const calls: string[] = [];
  const baseline = { subgroups: 0, needed: 120, refused: 0, lastRefusal: null };
  const limits = {
    reestablish: (e: string, l: string, c: string) => (calls.push(`${e}/${l}/${c}`), e !== 'beta' || c !== 'conductor_resistance'),
    baseline: () => baseline,
  };
  let api: ApiHarness;
  let tokens: Record<'reg' | 'qa-acme' | 'qa-beta', string>;
  beforeAll(async () => {
    api = await startApi({ limits });
    tokens = { reg: await api.login('reg'), 'qa-acme': await api.login('qa-acme'), 'qa-beta': await api.login('qa-beta') };
  });
  afterAll(() => api.close());
  const post = (who: keyof typeof tokens, url: string, token = tokens[who]) => api.app.inject({ method: 'POST', url, headers: bearer(token) });

  it("re-establishes a series' limits for its enterprise's user or a regulator: 202 with the new Phase I's progress", async () => {
    const res = await post('qa-acme', '/api/series/acme/line-1/insulation_thickness/limits');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toEqual({ series: { enterprise: 'acme', line: 'line-1', characteristic: 'insulation_thickness' }, baseline });
    expect((await post('reg', '/api/series/beta/line-1/insulation_thickness/limits')).statusCode).toBe(202);
    expect(calls).toEqual(['acme/line-1/insulation_thickness', 'beta/line-1/insulation_thickness']);
  });

  it("refuses another enterprise's series (even one that does not exist), an unknown series, and one not monitored here", async () => {
    calls.length = 0;
    expect((await post('qa-acme', '/api/series/beta/line-1/insulation_thickness/limits')).json<ErrorAnswer>().error.code).toBe('LW_HTTP_FORBIDDEN');
    expect((await post('qa-acme', '/api/series/beta/line-9/insulation_thickness/limits')).statusCode).toBe(403);
    for (const url of ['/api/series/acme/line-9/insulation_thickness/limits', '/api/series/acme/line-1/eccentricity/limits', '/api/series/beta/line-1/conductor_resistance/limits']) {
      const res = await post('reg', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json<ErrorAnswer>().error.code).toBe('LW_HTTP_NOT_FOUND');
    }
    expect((await post('reg', '/api/series/acme/line-1/diameter/limits')).json<ErrorAnswer>().error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field: 'characteristic' });
    expect(calls).toEqual(['beta/line-1/conductor_resistance']);
  });

  it('answers 503 where the analytics service does not run in process', async () => {
    const alone = await startApi();
    try {
      const res = await alone.app.inject({ method: 'POST', url: '/api/series/acme/line-1/insulation_thickness/limits', headers: bearer(await alone.login('qa-acme')) });
      expect(res.statusCode).toBe(503);
      expect(res.json<ErrorAnswer>().error).toMatchObject({ code: 'LW_HTTP_UNAVAILABLE', message: expect.stringMatching(/linewatch start/) });
    } finally {
      await alone.close();
    }
  });
});

describe('findings', () => {
  const findings = testFindings();
  let api: ApiHarness;
  let tokens: Record<'reg' | 'qa-acme' | 'qa-beta', string>;
  let acmeDrift: Finding;
  let betaSilent: Finding;
  let closed: Finding;
  beforeAll(async () => {
    closed = findings.open({ enterprise: 'acme', kind: 'out-of-spec', line: 'line-1', characteristic: 'insulation_thickness', severity: 'critical' }, T0 - 5 * HOUR);
    closed = findings.close(closed.id, T0 - 4 * HOUR);
    acmeDrift = findings.open({ enterprise: 'acme', kind: 'drift', line: 'line-1', characteristic: 'insulation_thickness', evidence: { hoursToLimit: 3.5 } }, T0 - HOUR);
    betaSilent = findings.open({ enterprise: 'beta', kind: 'silent-gateway', gateway: 'beta-gw1', evidence: { silentMs: 900_000 } }, T0 - 30 * 60_000);
    api = await startApi({ findings });
    tokens = { reg: await api.login('reg'), 'qa-acme': await api.login('qa-acme'), 'qa-beta': await api.login('qa-beta') };
  });
  afterAll(() => api.close());
  const get = (who: keyof typeof tokens, url: string) => api.app.inject({ method: 'GET', url, headers: bearer(tokens[who]) });
  const listed = async (who: keyof typeof tokens, query = '') => (await get(who, `/api/findings${query}`)).json<{ findings: Finding[] }>().findings.map((f) => f.id);

  it('lists findings newest first: every enterprise for a regulator, its own for an enterprise user', async () => {
    const res = await get('reg', '/api/findings');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      total: 3,
      findings: [{ id: betaSilent.id, kind: 'silent-gateway', gateway: 'beta-gw1', evidence: { silentMs: 900_000 } }, { id: acmeDrift.id }, { id: closed.id }],
    });
    // Closed ones since `since`; open ones whenever they opened.
    expect(await listed('reg', `?since=${T0 - 3 * HOUR}`)).toEqual([betaSilent.id, acmeDrift.id]);
    expect(await listed('reg', '?status=open')).toEqual([betaSilent.id, acmeDrift.id]);
    expect(await listed('reg', `?status=closed&since=${new Date(T0 - 6 * HOUR).toISOString()}`)).toEqual([closed.id]);
    expect(await listed('reg', '?enterprise=beta')).toEqual([betaSilent.id]);
    expect(await listed('qa-acme')).toEqual([acmeDrift.id, closed.id]);
    expect(await listed('qa-acme', '?enterprise=acme&limit=1')).toEqual([acmeDrift.id]);
  });

  it("refuses another enterprise's findings and bad parameters", async () => {
    expect((await get('qa-acme', '/api/findings?enterprise=beta')).json<ErrorAnswer>().error.code).toBe('LW_HTTP_FORBIDDEN');
    expect((await get('qa-acme', '/api/findings?enterprise=gamma')).statusCode).toBe(403);
    expect((await get('reg', '/api/findings?enterprise=gamma')).statusCode).toBe(404);
    for (const [query, field] of [
      ['?status=resolved', 'status'],
      ['?since=soon', 'since'],
      ['?kind=drift', 'kind'],
      ['?limit=0', 'limit'],
    ]) {
      const res = await get('reg', `/api/findings${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json<ErrorAnswer>().error.field).toBe(field);
    }
  });

  it('has no findings route where there is no finding directory', async () => {
    const alone = await startApi();
    try {
      const res = await alone.app.inject({ method: 'GET', url: '/api/findings', headers: bearer(await alone.login('reg')) });
      expect(res.statusCode).toBe(404);
      expect(res.json<ErrorAnswer>().error.code).toBe('LW_HTTP_NOT_FOUND');
    } finally {
      await alone.close();
    }
  });
});

describe('series', () => {
  let api: ApiHarness;
  let tokens: Record<'reg' | 'qa-acme' | 'qa-beta', string>;
  const key = { enterprise: 'acme', line: 'line-1', characteristic: 'insulation_thickness' } as const;
  const base = '/api/series/acme/line-1/insulation_thickness';
  beforeAll(async () => {
    api = await startApi({ series: { maxRawPoints: 1_000 } });
    // 3,000 points at 10 Hz ending at T0: 5 minutes.
    const points: Measurement[] = Array.from({ length: 3_000 }, (_, i) => ({ ...key, ts: T0 - 300_000 + i * 100, value: 0.7 + (i % 10) / 1000 }));
    await api.store.writeMeasurements(points);
    tokens = { reg: await api.login('reg'), 'qa-acme': await api.login('qa-acme'), 'qa-beta': await api.login('qa-beta') };
  });
  afterAll(() => api.close());

  const get = (who: keyof typeof tokens, url: string) => api.app.inject({ method: 'GET', url, headers: bearer(tokens[who]) });

  it('answers a small range with raw points and the spec', async () => {
    const res = await get('qa-acme', `${base}?from=${T0 - 10_000}&to=${T0 - 9_000}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'raw', key, unit: 'mm', spec: { lsl: 0.53, usl: null, nominal: 0.7 }, from: T0 - 10_000, to: T0 - 9_000, count: 10 });
    expect(body.points).toHaveLength(10);
    expect(body.points[0]).toEqual([T0 - 10_000, 0.7]);
    expect(body.points[9][0]).toBe(T0 - 9_100);
  });

  it('answers the default range (the last hour before now) downsampled when it holds more than the raw limit', async () => {
    const res = await get('reg', base);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ kind: 'downsampled', from: T0 - HOUR, to: T0, count: 3_000, bucketMs: HOUR / 1_000 });
    expect(body.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(3_000);
    const few = (await get('reg', `${base}?from=${new Date(T0 - 300_000).toISOString()}&to=${new Date(T0).toISOString()}&buckets=5`)).json();
    expect(few).toMatchObject({ kind: 'downsampled', bucketMs: 60_000 });
    expect(few.buckets).toHaveLength(5);
    expect(few.buckets[0]).toMatchObject({ start: T0 - 300_000, count: 600, min: 0.7, max: 0.709 });
  });

  it('answers an empty range with no points', async () => {
    const res = await get('reg', `/api/series/acme/line-1/conductor_resistance?from=${T0 - 1000}&to=${T0}`);
    expect(res.json()).toMatchObject({ kind: 'raw', count: 0, points: [], spec: { lsl: null, usl: 12.1, nominal: null } });
  });

  it("refuses another enterprise's series with 403, even one that does not exist", async () => {
    expect((await get('qa-beta', base)).statusCode).toBe(403);
    expect((await get('qa-beta', '/api/series/acme/line-9/insulation_thickness')).statusCode).toBe(403);
    expect((await get('qa-acme', '/api/series/beta/line-1/insulation_thickness')).json<ErrorAnswer>().error.code).toBe('LW_HTTP_FORBIDDEN');
  });

  it('answers 404 for a series the configuration does not define', async () => {
    for (const url of ['/api/series/acme/line-9/insulation_thickness', '/api/series/acme/line-1/eccentricity', '/api/series/gamma/line-1/insulation_thickness']) {
      const res = await get('reg', url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json<ErrorAnswer>().error.code).toBe('LW_HTTP_NOT_FOUND');
    }
  });

  it('answers 400 naming the field for bad times, an empty range, an unknown characteristic or too many buckets', async () => {
    const cases: Array<[string, string, RegExp]> = [
      [`${base}?from=noon`, 'from', /a time/],
      [`${base}?to=2025-03-01T08:00:00`, 'to', /with a zone/],
      [`${base}?from=${T0}&to=${T0}`, 'from', /must be before 'to'/],
      [`${base}?from=${T0}&to=${T0 - 1}`, 'from', /must be before 'to'/],
      [`${base}?buckets=5001`, 'buckets', /at most 5000/],
      [`${base}?buckets=1.5`, 'buckets', /whole number/],
      ['/api/series/acme/line-1/diameter', 'characteristic', /one of: conductor_diameter, insulation_thickness/],
    ];
    for (const [url, field, message] of cases) {
      const res = await get('reg', url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json<ErrorAnswer>().error, url).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field, message: expect.stringMatching(message) });
    }
  });
});

describe('failures and health', () => {
  it('reports liveness and store readiness without a token', async () => {
    const api = await startApi();
    try {
      expect((await api.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await api.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ready', store: { adapter: 'embedded', ok: true } });
      // The store's detail names files: it stays in the log.
      expect(ready.body).not.toContain('duckdb');
      await api.store.close();
      const down = await api.app.inject({ method: 'GET', url: '/readyz' });
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ status: 'unavailable', error: { code: 'LW_HTTP_UNAVAILABLE' } });
    } finally {
      await api.close();
    }
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const api = await startApi();
    try {
      const res = await api.app.inject({ method: 'GET', url: '/api/nothing?x=1' });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ error: { code: 'LW_HTTP_NOT_FOUND', message: 'no route GET /api/nothing' } });
    } finally {
      await api.close();
    }
  });

  it('answers a store outage with 503 and a crash with a 500 that shows no stack trace', async () => {
    let failure: Error = new StoreError('LW_STORE_UNAVAILABLE', 'influxdb at http://10.1.2.3:8086 timed out');
    const failing = (store: TimeSeriesStore) =>
      new Proxy(store, {
        get: (target, name, receiver) => (name === 'summarize' ? () => Promise.reject(failure) : (Reflect.get(target, name, receiver) as unknown)),
      });
    const api = await startApi();
    const crash = (): never => {
      throw new Error('boom at /srv/secret/path.ts:12');
    };
    const broken = await startApi({
      store: failing(api.store),
      alerts: { list: crash, get: crash, acknowledge: crash, resolve: crash, acknowledgeMany: crash, pareto: crash, catalogue: DEFAULT_CAUSE_CATALOGUE, subscribe: () => () => undefined },
    });
    try {
      const token = await broken.login('reg');
      const outage = await broken.app.inject({ method: 'GET', url: '/api/series/acme/line-1/insulation_thickness', headers: bearer(token) });
      expect(outage.statusCode).toBe(503);
      expect(outage.headers['retry-after']).toBe('5');
      expect(outage.json<ErrorAnswer>().error.code).toBe('LW_HTTP_UNAVAILABLE');
      expect(outage.body).not.toContain('10.1.2.3');
      failure = new TypeError("Cannot read properties of undefined (reading 'count')");
      for (const url of ['/api/series/acme/line-1/insulation_thickness', '/api/alerts']) {
        const crash = await broken.app.inject({ method: 'GET', url, headers: bearer(token) });
        expect(crash.statusCode, url).toBe(500);
        expect(crash.json<ErrorAnswer>().error.code).toBe('LW_HTTP_INTERNAL');
        expect(crash.body).not.toMatch(/boom|secret|Cannot read|at .*\.ts|stack/);
        expect(crash.json<ErrorAnswer>().error.message).toMatch(/request id/);
      }
    } finally {
      await broken.close();
      await api.close();
    }
  });
});
