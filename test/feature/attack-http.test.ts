/**
 * Attacks on the dashboard over real HTTP and socket.io, against the whole
 * stack in this process: login brute force, tampered and expired tokens,
 * another tenant's data over REST and socket.io, slow loris, connection
 * floods, oversized heads and bodies. Each is refused with a reason, counted
 * (app.refusals(), linewatch_http_refusals_total), and the API and the
 * measurement pipeline keep working. Limits are set low (http.limits).
 */
import { createHmac } from 'node:crypto';
import net from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveSession } from '../../protocol/live-messages.js';
import type { HttpRefusalCode } from '../../dashboard/refusals.js';
import { HONEST, startAttackStack, type AttackStack } from '../support/attack-stack.js';
import { CaseSummary } from '../support/case-summary.js';
import { TEST_PASSWORDS } from '../support/pipeline-config.js';

const LIMITS = { maxConnections: 40, headersTimeoutSeconds: 1, requestTimeoutSeconds: 2, idleTimeoutSeconds: 1, loginAttemptsPerAddressPerMinute: 12, loginFailuresPerUser: 3 };
/** The token secret of the test configuration (pipeline-config.ts). */
type ErrorAnswer = { error: { code: string; message: string; field?: string } };
const TOKEN_SECRET = 'a-test-token-secret-of-at-least-32-chars';
const summary = new CaseSummary('Attack: HTTP and socket.io (requests or connections)');
let env: AttackStack;
let base: string;
const tokens = { regulator: '', enterprise: '' };

beforeAll(async () => {
  env = await startAttackStack({ http: LIMITS });
  base = env.stack.httpUrl;
  tokens.regulator = await login('regulator', TEST_PASSWORDS.regulator).then((r) => r.json().then((b) => (b as { token: string }).token));
  tokens.enterprise = await login('northwind-quality', TEST_PASSWORDS.enterpriseUser).then((r) => r.json().then((b) => (b as { token: string }).token));
});

afterAll(async () => {
  summary.print();
  await env?.close();
});

function login(username: string, password: string): Promise<Response> {
  return fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

const get = (path: string, token?: string) => fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
const refusals = () => env.stack.app.refusals();
const delta = (before: Readonly<Record<HttpRefusalCode, number>>, code: HttpRefusalCode) => refusals()[code] - before[code];

/** The API answers the regulator and the measurement pipeline stores the honest gateway's batch. */
async function stillWorking(name: string) {
  expect((await get('/api/alerts', tokens.regulator)).status, `${name}: the API`).toBe(200);
  expect((await env.honestBatch()).stored, `${name}: the pipeline`).toBe(5);
}

function hs256(header: object, payload: object, secret = TOKEN_SECRET): string {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const unsigned = `${b64(header)}.${b64(payload)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/** Sends raw bytes and resolves with the status line the server answered (or '' if it only closed). */
function rawRequest(head: string, drip?: { bytes: string; everyMs: number }): Promise<string> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(head);
      if (drip) {
        let i = 0;
        const timer = setInterval(() => (socket.writable ? socket.write(drip.bytes[i++ % drip.bytes.length]) : clearInterval(timer)), drip.everyMs);
        socket.once('close', () => clearInterval(timer));
      }
    });
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.once('close', () => resolve(answer.split('\r\n')[0] ?? ''));
  });
}

describe('authentication attacks', () => {
  it('login brute force: 401 until the user name is locked, then 429; the address limit caps it too', async () => {
    const before = refusals();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login('regulator', `guess-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, ...Array(9).fill(429)]);
    // Locked even with the right password, from this address, until the window ends.
    const locked = await login('regulator', TEST_PASSWORDS.regulator);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await locked.json()) as ErrorAnswer).error.code).toBe('LW_HTTP_RATE_LIMITED');
    expect(delta(before, 'unauthorized')).toBe(3);
    expect(delta(before, 'rate-limited')).toBe(10);
    // Tokens issued before keep working.
    await stillWorking('brute force');
    summary.add({ case: 'login brute force (13 attempts)', sent: 13, stored: 0, rejected: 13, lost: 0, uncharted: 0, note: '3 x 401, then 429 (user locked, then address limit)' });
  });

  it('tampered tokens are refused with 401: payload rewritten, alg none, another key, cut short, garbage', async () => {
    const before = refusals();
    const [h, p, s] = tokens.enterprise.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const rewritten = `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'regulator' })).toString('base64url')}.${s}`;
    const otherTenant = `${h}.${Buffer.from(JSON.stringify({ ...claims, enterprise: HONEST.enterprise })).toString('base64url')}.${s}`;
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ ...claims, sub: 'regulator', role: 'regulator' })).toString('base64url')}.`;
    const foreignKey = hs256({ alg: 'HS256', typ: 'JWT' }, { ...claims, sub: 'regulator', role: 'regulator' }, 'another-secret-that-is-long-enough-1234');
    const bad = [rewritten, otherTenant, none, foreignKey, tokens.enterprise.slice(0, -5), 'garbage'];
    for (const token of bad) {
      const res = await get('/api/alerts', token);
      expect(res.status, token).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('invalid_token');
      expect(((await res.json()) as ErrorAnswer).error.message).toMatch(/invalid/);
    }
    expect(delta(before, 'unauthorized')).toBe(bad.length);
    await stillWorking('token tampering');
    summary.add({ case: 'tampered tokens', sent: bad.length, stored: 0, rejected: bad.length, lost: 0, uncharted: 0, note: '401 invalid_token' });
  });

  it('an expired token (signed with the right key) is refused with 401 saying it expired, over REST and socket.io', async () => {
    const before = refusals();
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = hs256({ alg: 'HS256', typ: 'JWT' }, { sub: 'regulator', role: 'regulator', iat: past - 600, exp: past });
    const res = await get('/api/alerts', expired);
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorAnswer).error.message).toMatch(/expired/);
    const refusal = await connectLive(expired).then(
      () => null,
      (err: Error) => err.message,
    );
    expect(refusal).toMatch(/expired/);
    expect(delta(before, 'unauthorized')).toBe(1);
    expect(delta(before, 'live-unauthorized')).toBe(1);
    await stillWorking('expired token');
    summary.add({ case: 'expired token (REST + socket.io)', sent: 2, stored: 0, rejected: 2, lost: 0, uncharted: 0, note: '401 / connect_error: expired' });
  });

  it('a token signed with the right key but living longer than the session policy is refused, whatever its exp says', async () => {
    const before = refusals();
    const now = Math.floor(Date.now() / 1000);
    const year = 365 * 24 * 3600;
    const tooLong = [
      hs256({ alg: 'HS256', typ: 'JWT' }, { sub: 'regulator', role: 'regulator', iat: now, exp: now + year }), // a year from now
      hs256({ alg: 'HS256', typ: 'JWT' }, { sub: 'regulator', role: 'regulator', iat: now - 2 * year, exp: now + 60 }), // issued long ago
      hs256({ alg: 'HS256', typ: 'JWT' }, { sub: 'regulator', role: 'regulator', iat: now + 3600, exp: now + 7200 }), // issued in the future
      hs256({ alg: 'HS256', typ: 'JWT' }, { sub: 'regulator', role: 'regulator', exp: now + 60 }), // no issue time
    ];
    for (const token of tooLong) {
      const res = await get('/api/alerts', token);
      expect(res.status, token).toBe(401);
      expect(res.headers.get('www-authenticate')).toContain('invalid_token');
      const refusal = await connectLive(token).then(
        () => null,
        (err: Error) => err.message,
      );
      expect(refusal).not.toBeNull();
    }
    expect(delta(before, 'unauthorized')).toBe(tooLong.length);
    expect(delta(before, 'live-unauthorized')).toBe(tooLong.length);
    await stillWorking('over-long token');
    summary.add({ case: 'tokens beyond the session lifetime (REST + socket.io)', sent: 2 * tooLong.length, stored: 0, rejected: 2 * tooLong.length, lost: 0, uncharted: 0, note: '401 invalid_token' });
  });
});

function connectLive(token: string): Promise<{ socket: Socket; session: LiveSession }> {
  const socket = io(base, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('session', (session: LiveSession) => resolve({ socket, session }));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

describe('cross-tenant reads', () => {
  it("an enterprise user asking for another enterprise's alerts, series or risk gets 403, even for one that does not exist", async () => {
    const before = refusals();
    const paths = [
      `/api/alerts?enterprise=${HONEST.enterprise}`,
      `/api/series/${HONEST.enterprise}/${HONEST.line}/insulation_thickness`,
      '/api/series/no-such-enterprise/L1/insulation_thickness',
      `/api/enterprises/${HONEST.enterprise}/risk`,
    ];
    for (const path of paths) {
      const res = await get(path, tokens.enterprise);
      expect(res.status, path).toBe(403);
      expect(((await res.json()) as ErrorAnswer).error.code).toBe('LW_HTTP_FORBIDDEN');
    }
    expect(delta(before, 'forbidden')).toBe(paths.length);
    // The regulator reads the same series, with the honest gateway's points in it.
    const series = await get(`/api/series/${HONEST.enterprise}/${HONEST.line}/insulation_thickness`, tokens.regulator);
    expect(series.status).toBe(200);
    expect(((await series.json()) as { count: number }).count).toBeGreaterThan(0);
    await stillWorking('cross-tenant REST');
    summary.add({ case: 'cross-tenant REST reads', sent: paths.length, stored: 0, rejected: paths.length, lost: 0, uncharted: 0, note: '403' });
  });

  it('over socket.io an enterprise user gets only its own enterprise, whatever it emits; a token for another tenant is refused', async () => {
    const before = refusals();
    const { socket, session } = await connectLive(tokens.enterprise);
    try {
      expect(session.enterprises.map((e) => e.id)).toEqual(['northwind-cable']);
      socket.emit('join', `enterprise:${HONEST.enterprise}`);
      socket.emit('subscribe', { enterprise: HONEST.enterprise });
    } finally {
      socket.close();
    }
    const [h, p, s] = tokens.enterprise.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, enterprise: HONEST.enterprise })).toString('base64url')}.${s}`;
    expect(
      await connectLive(forged).then(
        () => 'accepted',
        (err: Error) => err.message,
      ),
    ).toMatch(/invalid/);
    expect(
      await connectLive('').then(
        () => 'accepted',
        (err: Error) => err.message,
      ),
    ).toMatch(/no token/);
    expect(delta(before, 'live-unauthorized')).toBe(2);
    await stillWorking('cross-tenant socket.io');
    summary.add({ case: 'cross-tenant socket.io', sent: 3, stored: 0, rejected: 2, lost: 0, uncharted: 0, note: 'own enterprise only; forged / missing token refused' });
  });
});

describe('slow and oversized requests, connection floods', () => {
  it('slow loris: headers dripped a byte at a time get 408 at the headers timeout and the socket is closed', async () => {
    const before = refusals();
    const loris = 15;
    const answers = Promise.all(Array.from({ length: loris }, () => rawRequest('GET /healthz HTTP/1.1\r\nHost: x\r\n', { bytes: 'X-Slow: 1\r\n', everyMs: 100 })));
    // While they drip, the API answers others.
    await stillWorking('slow loris (during)');
    expect(await answers).toEqual(Array(loris).fill('HTTP/1.1 408 Request Timeout'));
    expect(delta(before, 'request-timeout')).toBe(loris);
    await stillWorking('slow loris (after)');
    summary.add({ case: `HTTP slow loris (${loris} sockets)`, sent: loris, stored: 0, rejected: loris, lost: 0, uncharted: 0, note: '408, closed (connections)' });
  });

  it('a flood of silent connections: those beyond maxConnections are closed unread, the rest at the idle timeout; the API serves after', async () => {
    const before = refusals();
    const flood = 120;
    const { hostname, port } = new URL(base);
    const sockets = await Promise.all(
      Array.from(
        { length: flood },
        () =>
          new Promise<net.Socket>((resolve) => {
            const socket = net.connect(Number(port), hostname, () => resolve(socket));
            socket.on('error', () => {});
          }),
      ),
    );
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => (s.destroyed ? resolve() : s.once('close', () => resolve())))));
    const dropped = delta(before, 'server-full');
    const timedOut = delta(before, 'idle-connection');
    expect(dropped).toBeGreaterThan(0);
    expect(dropped + timedOut).toBe(flood);
    await stillWorking('HTTP connection flood');
    summary.add({
      case: `HTTP connection flood (${flood} sockets)`,
      sent: flood,
      stored: 0,
      rejected: dropped + timedOut,
      lost: 0,
      uncharted: 0,
      note: `server-full ${dropped}, idle-connection ${timedOut} (connections)`,
    });
  });

  it('an oversized head gets 431, an oversized body 413, a deeply nested body 400 naming the field', async () => {
    const before = refusals();
    const head = await rawRequest(`GET /api/alerts HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(32 * 1024)}\r\n\r\n`);
    expect(head).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    const body = await fetch(`${base}/api/alerts/x/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.regulator}` },
      body: JSON.stringify({ comment: 'y'.repeat(200 * 1024) }),
    });
    expect(body.status).toBe(413);
    expect(((await body.json()) as ErrorAnswer).error.code).toBe('LW_HTTP_PAYLOAD_TOO_LARGE');
    const depth = 10_000;
    const nested = await fetch(`${base}/api/alerts/x/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.regulator}` },
      body: `{"comment":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    });
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as ErrorAnswer).error).toMatchObject({ code: 'LW_HTTP_BAD_REQUEST', field: 'comment' });
    expect([delta(before, 'headers-too-large'), delta(before, 'body-too-large'), delta(before, 'bad-request')]).toEqual([1, 1, 1]);
    await stillWorking('oversized requests');
    summary.add({ case: 'oversized head / body, deep nesting', sent: 3, stored: 0, rejected: 3, lost: 0, uncharted: 0, note: '431, 413, 400 field comment' });
  });

  it('exports every refusal as linewatch_http_refusals_total', async () => {
    const metrics = await (await get('/metrics')).text();
    const counts = refusals();
    for (const code of ['unauthorized', 'rate-limited', 'forbidden', 'request-timeout', 'live-unauthorized'] as const) {
      expect(counts[code], code).toBeGreaterThan(0);
      expect(metrics).toContain(`linewatch_http_refusals_total{code="${code}"} ${counts[code]}`);
    }
  });
});
