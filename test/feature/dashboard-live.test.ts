/**
 * The live channel as a browser and an attacker see it: a real server on
 * 127.0.0.1, real socket.io clients, the same tokens as the HTTP API.
 * Tenancy: a regulator receives every enterprise's alert, risk and finding
 * events, an enterprise user only its own; a bad, missing or expired token is refused,
 * and a session ends on the socket when its token expires.
 */
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpisodeBook } from '../../monitor/episode-book.js';
import type { AlertEvent, AlertRule } from '../../monitor/alert.js';
import type { FindingEvent, LiveRiskEvent, LiveSession } from '../../protocol/live-messages.js';
import { testFindings } from '../support/finding-fixture.js';
import { testDirectory, startApi, T0, type ApiHarness } from '../support/http-api-fixture.js';

/** An EpisodeBook whose raised alerts are published, as the analytics service does. */
function liveDirectory(book: EpisodeBook, clock: () => number) {
  const directory = testDirectory(book, clock);
  let ts = T0;
  const raise = (enterprise: string, rule: AlertRule = 'ewma') =>
    directory.publish(book.signal({ enterprise, line: 'line-1', characteristic: 'insulation_thickness' }, rule, (ts += 1000), 0.6, clock())!);
  return { directory, raise };
}

function riskSource() {
  const listeners = new Set<(event: LiveRiskEvent) => void>();
  return {
    subscribe(listener: (event: LiveRiskEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event: LiveRiskEvent) {
      for (const l of listeners) l(event);
    },
  };
}

interface Client {
  socket: Socket;
  session: LiveSession;
  alerts: AlertEvent[];
  risks: LiveRiskEvent[];
  findings: FindingEvent[];
}

/** Connects and resolves with the session message, or rejects with the connect_error. */
function connect(url: string, auth: Record<string, unknown> | undefined): Promise<Client> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  const alerts: AlertEvent[] = [];
  const risks: LiveRiskEvent[] = [];
  const findings: FindingEvent[] = [];
  socket.on('alert', (e: AlertEvent) => alerts.push(e));
  socket.on('risk', (e: LiveRiskEvent) => risks.push(e));
  socket.on('finding', (e: FindingEvent) => findings.push(e));
  return new Promise((resolve, reject) => {
    socket.once('session', (session: LiveSession) => resolve({ socket, session, alerts, risks, findings }));
    socket.once('connect_error', (err: Error & { data?: unknown }) => {
      socket.close();
      reject(err);
    });
  });
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('live events over socket.io', () => {
  let api: ApiHarness;
  let url: string;
  let live: ReturnType<typeof liveDirectory>;
  const risk = riskSource();
  const findings = testFindings();
  const clients: Client[] = [];
  const open = async (auth: Record<string, unknown> | undefined) => {
    const c = await connect(url, auth);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    // The book reads the harness's clock, which exists once startApi returns (the closure reads it later).
    live = liveDirectory(new EpisodeBook(), () => api.clock.now);
    api = await startApi({ alerts: live.directory, risk, findings });
    url = await api.app.listen({ port: 0, host: '127.0.0.1' });
  });

  afterAll(async () => {
    for (const c of clients) c.socket.close();
    // Closing with a client still connected must not hang: the live channel closes its sockets first.
    const straggler = await connect(url, { token: await api.login('reg') }).catch(() => null);
    await api.close();
    straggler?.socket.close();
  });

  it("sends a regulator every enterprise's reference data, alerts and risk changes", async () => {
    const reg = await open({ token: await api.login('reg') });
    expect(reg.session.user).toEqual({ id: 'reg', name: 'County bureau', role: 'regulator', enterprise: null });
    expect(reg.session.enterprises.map((e) => e.id)).toEqual(['acme', 'beta']);
    expect(reg.session.products.map((p) => p.id).sort()).toEqual(['BV-1.5', 'BV-2.5']);
    expect(reg.session.features).toEqual({ enterprisesApi: false, riskApi: false, riskEvents: true, findings: true, limits: false, supervision: false });
    expect(reg.session.spc).toEqual({ baseline: 200, ewmaLambda: 0.2, ewmaL: 3 });

    const a = live.raise('acme');
    const b = live.raise('beta', 'outOfSpec');
    risk.emit({ enterprise: 'beta', id: 'beta', score: 80, level: 'critical' });
    await until(() => reg.alerts.length === 2 && reg.risks.length === 1, 'both alerts and the risk event');
    expect(reg.alerts.map((e) => [e.kind, e.alert.id])).toEqual([
      ['raised', a.id],
      ['raised', b.id],
    ]);
    expect(reg.risks[0]).toMatchObject({ enterprise: 'beta', score: 80 });
  });

  it('sends an enterprise user only its own enterprise, whatever the client asks for', async () => {
    const acme = await open({ token: await api.login('qa-acme') });
    expect(acme.session.user).toMatchObject({ id: 'qa-acme', role: 'enterprise', enterprise: 'acme' });
    expect(acme.session.enterprises.map((e) => e.id)).toEqual(['acme']);
    // Beta's product (BV-2.5) is not even named.
    expect(acme.session.products.map((p) => p.id)).toEqual(['BV-1.5']);

    // socket.io clients cannot join rooms, but try what an attacker would.
    acme.socket.emit('join', 'enterprise:beta');
    acme.socket.emit('subscribe', { enterprise: 'beta' });

    // Beta's events are published first: on one connection events arrive in order, so had
    // any of them been sent to this user it would be here before acme's.
    live.raise('beta', 'shewhart');
    risk.emit({ enterprise: 'beta', id: 'beta', score: 90, level: 'critical' });
    const own = live.raise('acme', 'cusumLarge');
    risk.emit({ enterprise: 'acme', id: 'acme', score: 12, level: 'low' });
    await until(() => acme.alerts.length >= 1 && acme.risks.length >= 1, "acme's events");
    expect(acme.alerts.map((e) => e.alert.enterprise)).toEqual(['acme']);
    expect(acme.alerts[0].alert.id).toBe(own.id);
    expect(acme.risks.map((e) => e.enterprise)).toEqual(['acme']);

    // Acting on an alert reaches its enterprise's user too (acknowledged events are live).
    await api.app.inject({ method: 'POST', url: `/api/alerts/${own.id}/ack`, headers: { authorization: `Bearer ${await api.login('reg')}` }, payload: { comment: 'seen by the bureau' } });
    await until(() => acme.alerts.length === 2, 'the acknowledgement');
    expect(acme.alerts[1]).toMatchObject({ kind: 'acknowledged', alert: { id: own.id, status: 'acknowledged' } });
  });

  it("sends findings to the regulators and to the finding's own enterprise only", async () => {
    const reg = await open({ token: await api.login('reg') });
    const beta = await open({ token: await api.login('qa-beta') });
    // Acme's first: events arrive in order on a connection, so beta's arrival means acme's had its chance.
    const acmeFinding = findings.open({ enterprise: 'acme', kind: 'out-of-spec', line: 'line-1', characteristic: 'insulation_thickness', severity: 'critical' }, T0);
    findings.close(acmeFinding.id, T0 + 60_000);
    const betaFinding = findings.open({ enterprise: 'beta', kind: 'silent-gateway', gateway: 'beta-gw1' }, T0 + 1000);
    await until(() => reg.findings.length === 3 && beta.findings.length === 1, 'the finding events');
    expect(reg.findings.map((e) => [e.kind, e.finding.id])).toEqual([
      ['opened', acmeFinding.id],
      ['closed', acmeFinding.id],
      ['opened', betaFinding.id],
    ]);
    expect(reg.findings[1]).toMatchObject({ at: T0 + 60_000, finding: { status: 'closed', closedAt: T0 + 60_000 } });
    expect(beta.findings).toEqual([{ kind: 'opened', at: T0 + 1000, finding: expect.objectContaining({ id: betaFinding.id, enterprise: 'beta' }) }]);
  });

  it('refuses a missing, malformed, foreign or expired token with the reason', async () => {
    const refusal = async (auth: Record<string, unknown> | undefined) => {
      const err = (await connect(url, auth).then(
        () => {
          throw new Error('connection accepted');
        },
        (e: Error & { data?: { code?: string } }) => e,
      )) as Error & { data?: { code?: string } };
      return { message: err.message, code: err.data?.code };
    };
    expect(await refusal(undefined)).toEqual({ message: expect.stringMatching(/no token/), code: 'LW_HTTP_UNAUTHORIZED' });
    expect(await refusal({ token: 42 })).toMatchObject({ message: expect.stringMatching(/no token/), code: 'LW_HTTP_UNAUTHORIZED' });
    expect(await refusal({ token: 'not-a-jwt' })).toMatchObject({ message: expect.stringMatching(/invalid/), code: 'LW_HTTP_UNAUTHORIZED' });

    const token = await api.login('qa-acme');
    const [header, payload] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), enterprise: 'beta' })).toString('base64url');
    expect(await refusal({ token: `${header}.${forged}.${token.split('.')[2]}` })).toMatchObject({ code: 'LW_HTTP_UNAUTHORIZED' });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    expect(await refusal({ token: unsigned })).toMatchObject({ code: 'LW_HTTP_UNAUTHORIZED' });

    const before = api.clock.now;
    api.clock.now += 8 * 3_600_000 + 1000;
    try {
      expect(await refusal({ token })).toEqual({ message: expect.stringMatching(/expired/), code: 'LW_HTTP_UNAUTHORIZED' });
    } finally {
      api.clock.now = before;
    }
  });

  it('closes a connected socket when its token expires, saying why', async () => {
    // A separate app whose tokens live one second.
    const short = await startApi({ tokenTtlSeconds: 1 });
    try {
      const shortUrl = await short.app.listen({ port: 0, host: '127.0.0.1' });
      const client = await connect(shortUrl, { token: await short.login('qa-beta') });
      const expired = new Promise<unknown>((resolve) => client.socket.once('expired', resolve));
      const closed = new Promise<string>((resolve) => client.socket.once('disconnect', resolve));
      short.clock.now += 2000;
      expect(await expired).toEqual({ message: expect.stringMatching(/expired/) });
      expect(await closed).toBe('io server disconnect');
    } finally {
      await short.close();
    }
  });
});
