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
    const [header, payload] = (body.token as string).split('.').slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')));
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
    const resolved = await act('reg', alerts.acme.id, 'resolve', { comment: 'inspected on site' });
    expect(resolved.json().alert).toMatchObject({ status: 'resolved', resolved: { by: 'reg', comment: 'inspected on site' } });
    const again = await act('qa-acme', alerts.acme.id, 'resolve');
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
        get: (target, name, receiver) =>
          name === 'summarize' ? () => Promise.reject(failure) : (Reflect.get(target, name, receiver) as unknown),
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
