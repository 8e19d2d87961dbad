/**
 * A dashboard running on its own sees and acts on alerts over MQTT: a real
 * broker (authentication, ACL) on 127.0.0.1, a real analytics service on a
 * real embedded store, a gateway publishing points that raise an alert, and
 * a RemoteAlertDirectory logged in as the dashboard service.
 *
 * DuckDB allows one process, so the directory and the analytics service
 * share the store object in this process; what is under test is the bus
 * between them (events, commands, replies), which is the same as in
 * production, where both open the same InfluxDB.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { pino, type Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertActionError } from '../../monitor/episode-book.js';
import { LiveConfig } from '../../monitor/live-config.js';
import type { Alert, AlertEvent } from '../../monitor/alert.js';
import { analyticsFromConfig, type Analytics, type AnalyticsCore } from '../../analytics/index.js';
import { accountsFromConfig } from '../../broker/accounts.js';
import { createBroker, type LinewatchBroker } from '../../broker/create-broker.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import { buildApp } from '../../dashboard/app.js';
import { AlertCommandError } from '../../dashboard/alert-command-error.js';
import { RemoteAlertDirectory } from '../../dashboard/remote-alert-directory.js';
import { connectGateway, type GatewayService } from '../../gateway/index.js';
import { MemoryOutbox } from '../../gateway/outbox/memory-outbox.js';
import { clientIdFor } from '../../protocol/client-id.js';
import { hashPassword } from '../../security/password.js';
import { openStore } from '../../store/open-store.js';
import type { EventQuery, TimeSeriesStore } from '../../store/port.js';
import { bearer, PASSWORDS as USER_PASSWORDS, TOKEN_SECRET, testConfig } from '../support/http-api-fixture.js';

const PASSWORDS = { gateway: 'gw-secret', analytics: 'analytics-secret', dashboard: 'dashboard-secret' } as const;
const SERIES = { enterprise: 'acme', line: 'line-1', characteristic: 'insulation_thickness' } as const;
/** The reply wait of the directory under test: short, so the timeout case stays quick. ms */
const TIMEOUT_MS = 800;

interface LogLine {
  readonly msg: string;
  readonly [field: string]: unknown;
}

let dir: string;
let config: LinewatchConfig;
let broker: LinewatchBroker;
let url: string;
let store: TimeSeriesStore;
/** The running service (start, stop) and its core (the alert book the assertions read). */
let analyticsService: Analytics;
let analytics: AnalyticsCore;
const analyticsLog: LogLine[] = [];
let gateway: GatewayService;
let dashboardClient: MqttClient;
let remote: RemoteAlertDirectory;
const seen: AlertEvent[] = [];
let ts = Date.now() - 60_000;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-remote-alerts-'));
  // Small scrypt cost for speed; the cost travels with each hash.
  const hash = (pw: string) => hashPassword(pw, { N: 16 });
  config = {
    ...(await testConfig(join(dir, 'data'))),
    gateways: [{ id: 'acme-gw1', enterprise: 'acme', passwordHash: await hash(PASSWORDS.gateway) }],
    services: [
      { id: 'analytics', role: 'analytics', passwordHash: await hash(PASSWORDS.analytics) },
      { id: 'dash-1', role: 'dashboard', passwordHash: await hash(PASSWORDS.dashboard) },
    ],
  };
  broker = createBroker({ accounts: accountsFromConfig(config), settings: { port: 0, host: '127.0.0.1' }, logger: { info: () => {}, warn: () => {} } });
  ({ url } = await broker.listen());
  store = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
  analytics = await startAnalytics();

  dashboardClient = await mqtt.connectAsync(url, { username: 'dash-1', password: PASSWORDS.dashboard, clientId: clientIdFor('dash-1'), clean: false, reconnectPeriod: 0 });
  remote = await RemoteAlertDirectory.open({ client: dashboardClient, serviceId: 'dash-1', store, log: quietLog() }, { timeoutMs: TIMEOUT_MS });
  remote.subscribe((event) => seen.push(event));

  gateway = connectGateway({ mqttUrl: url, enterprise: 'acme', gateway: 'acme-gw1', password: PASSWORDS.gateway, maxBatchDelayMs: 5 }, { outbox: new MemoryOutbox(), log: quietLog() });
  gateway.start();
}, 60_000);

afterAll(async () => {
  await remote?.close();
  await dashboardClient?.endAsync();
  await gateway?.stop(0);
  await analyticsService?.stop();
  await store?.close();
  await broker?.close();
  rmSync(dir, { recursive: true, force: true });
});

function quietLog(lines?: LogLine[]): Logger {
  if (!lines) return pino({ level: 'silent' });
  return pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
}

async function startAnalytics(): Promise<AnalyticsCore> {
  analyticsService = await analyticsFromConfig(config, {
    store,
    mqttUrl: url,
    username: 'analytics',
    password: PASSWORDS.analytics,
    live: new LiveConfig({ defaults: { subgroupMs: 100, baselineMinutes: 1 } }),
    checkpointPath: null,
    log: quietLog(analyticsLog),
  });
  await analyticsService.start();
  return analyticsService.core;
}

/** Sends readings of the series, 100 ms apart in sample time. */
async function sendReadings(values: readonly number[]): Promise<void> {
  await gateway.accept(values.map((value) => ({ ...SERIES, ts: (ts += 100), value })));
}

/** A stable process around 0.70 mm. */
const BASELINE = Array.from({ length: 20 }, (_, i) => 0.7 + 0.004 * Math.sin(i * 1.3));
/** Below the 0.53 mm minimum: product out of spec opens an episode at once, whatever the charts' Phase I. */
const OUTLIER = 0.5;

async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const raisedOutOfSpec = (after = 0) => seen.slice(after).find((e) => e.kind === 'raised' && e.alert.rule === 'outOfSpec')?.alert;

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the action to fail');
}

describe('a dashboard on its own, alerts over MQTT', () => {
  let alert: Alert;

  it('sees an alert the analytics service raises, live', async () => {
    await sendReadings([...BASELINE, OUTLIER]);
    alert = await waitFor(() => raisedOutOfSpec(), 'an out-of-spec episode on the dashboard');
    expect(alert).toMatchObject({ ...SERIES, rule: 'outOfSpec', status: 'active', firstValue: OUTLIER, outOfSpec: { readings: 1, below: 1 } });
    expect(remote.get(alert.id)).toEqual(analytics.alerts.get(alert.id));
    expect(remote.list({ enterprise: 'acme', status: 'active' }).map((a) => a.id)).toContain(alert.id);
  });

  it('acknowledges through the analytics service; the change shows on both sides and reaches listeners', async () => {
    const acked = await remote.acknowledge(alert.id, 'qa-acme', 'die worn, changing it');
    expect(acked).toMatchObject({ id: alert.id, status: 'acknowledged', acknowledged: { by: 'qa-acme', comment: 'die worn, changing it' } });
    expect(analytics.alerts.get(alert.id)).toMatchObject({ status: 'acknowledged', acknowledged: acked.acknowledged });
    // Read-your-writes: the reply updates the copy before the event arrives.
    expect(remote.get(alert.id)?.status).toBe('acknowledged');
    await waitFor(() => seen.find((e) => e.kind === 'acknowledged' && e.alert.id === alert.id), 'the acknowledged event');
    expect(analyticsLog).toContainEqual(expect.objectContaining({ msg: 'alert command applied', service: 'dash-1', action: 'acknowledge', alertId: alert.id, by: 'qa-acme' }));
  });

  it('gets LW_ALERT_STATE for an impossible transition and LW_ALERT_NOT_FOUND for an unknown alert', async () => {
    const again = await rejection(remote.acknowledge(alert.id, 'qa-acme', 'twice'));
    expect(again).toBeInstanceOf(AlertActionError);
    expect(again).toMatchObject({ code: 'LW_ALERT_STATE', message: `alert ${alert.id} is acknowledged; only an active alert can be acknowledged` });
    expect(await rejection(remote.resolve('acme.line-1.insulation_thickness.rule1.1', 'qa-acme', 'x', 'gauge', 'recalibrated-gauge'))).toMatchObject({ code: 'LW_ALERT_NOT_FOUND' });
    expect(analytics.alerts.get(alert.id)?.status).toBe('acknowledged');
  });

  it('resolves through the analytics service', async () => {
    const resolved = await remote.resolve(alert.id, 'reg', 'die replaced, thickness back at 0.70 mm', 'tooling', 'replaced-tooling');
    expect(resolved).toMatchObject({ status: 'resolved', resolved: { by: 'reg', comment: 'die replaced, thickness back at 0.70 mm' } });
    expect(analytics.alerts.get(alert.id)?.status).toBe('resolved');
    await waitFor(() => seen.find((e) => e.kind === 'resolved' && e.alert.id === alert.id), 'the resolved event');
    expect(remote.get(alert.id)?.status).toBe('resolved');
    expect(await rejection(remote.resolve(alert.id, 'reg', 'again', 'gauge', 'recalibrated-gauge'))).toMatchObject({ code: 'LW_ALERT_STATE', message: `alert ${alert.id} is already resolved` });
  });

  it('rebuilds the same alerts from the store when a second dashboard starts', async () => {
    await analytics.drain();
    const client = await mqtt.connectAsync(url, { username: 'dash-1', password: PASSWORDS.dashboard, clientId: clientIdFor('dash-1', 'second'), reconnectPeriod: 0 });
    try {
      const second = await RemoteAlertDirectory.open({ client, serviceId: 'dash-1', store, log: quietLog() });
      expect(second.get(alert.id)).toEqual(analytics.alerts.get(alert.id));
      expect(
        second
          .list()
          .map((a) => a.id)
          .sort(),
      ).toEqual(
        analytics.alerts
          .list()
          .map((a) => a.id)
          .sort(),
      );
      await second.close();
    } finally {
      await client.endAsync();
    }
  });

  it('times out when the analytics service is stopped, and a restarted one does not apply the expired command', async () => {
    const before = seen.length;
    await sendReadings([OUTLIER]);
    const next = await waitFor(() => raisedOutOfSpec(before), 'a second out-of-spec episode');
    expect(next.id).not.toBe(alert.id);

    await analyticsService.stop();
    const app = buildApp({ config, alerts: remote, store, tokenSecret: TOKEN_SECRET, logger: quietLog() });
    try {
      const login = await app.inject({ method: 'POST', url: '/api/login', payload: { username: 'qa-acme', password: USER_PASSWORDS['qa-acme'] } });
      const started = Date.now();
      const res = await app.inject({ method: 'POST', url: `/api/alerts/${next.id}/ack`, headers: bearer(login.json().token), payload: { comment: 'checked the gauge' } });
      expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.json().error).toEqual({ code: 'LW_HTTP_UNAVAILABLE', message: `the analytics service did not answer within ${TIMEOUT_MS} ms; the acknowledge is not confirmed` });
      const direct = await rejection(remote.resolve(next.id, 'qa-acme', 'x', 'gauge', 'recalibrated-gauge'));
      expect(direct).toBeInstanceOf(AlertCommandError);
      expect(direct).toMatchObject({ code: 'LW_ALERT_TIMEOUT' });
    } finally {
      await app.close();
    }

    // The broker kept both commands for the analytics service's session; they arrive on restart, expired.
    analytics = await startAnalytics();
    await waitFor(() => analyticsLog.filter((l) => l.msg === 'alert command expired before it arrived; not applied').length >= 2, 'both expired commands');
    expect(analytics.alerts.get(next.id)?.status).toBe('active');
    expect(remote.get(next.id)?.status).toBe('active');

    // And the restarted service answers new commands.
    expect(await remote.acknowledge(next.id, 'qa-acme', 'now')).toMatchObject({ status: 'acknowledged' });
  });

  it('after a reconnect without a session, reads from the store only what it may have missed', async () => {
    const open = await waitFor(() => remote.list().find((a) => a.status === 'acknowledged'), 'an acknowledged alert');
    await analytics.drain();
    const queries: EventQuery[] = [];
    const watched = {
      readEventPage: (q: EventQuery) => {
        queries.push(q);
        return store.readEventPage(q);
      },
    };
    // No session: whatever is published while it is away is lost to it, and only the store has it.
    const client = await mqtt.connectAsync(url, { username: 'dash-1', password: PASSWORDS.dashboard, clientId: clientIdFor('dash-1', 'flaky'), clean: true, reconnectPeriod: 200 });
    const lines: LogLine[] = [];
    const flaky = await RemoteAlertDirectory.open({ client, serviceId: 'dash-1', store: watched, log: quietLog(lines) }, { resyncDelayMs: 1500 });
    try {
      expect(flaky.get(open.id)?.status).toBe('acknowledged');
      expect(queries.map((q) => q.from ?? 0)).toEqual([0]);
      client.stream.destroy();
      await waitFor(() => !client.connected, 'the dashboard to lose its connection');
      await remote.resolve(open.id, 'qa-acme', 'gauge recalibrated', 'gauge', 'recalibrated-gauge');
      await waitFor(() => flaky.get(open.id)?.status === 'resolved', 'the missed resolution, from the store', 10_000);
      const resyncs = queries.slice(1);
      expect(resyncs.length).toBeGreaterThan(0);
      // From shortly before the newest event it held (the default 60 s margin), not the whole log.
      for (const q of resyncs) expect(q.from).toBeGreaterThanOrEqual(open.acknowledged!.at - 60_000);
      expect(lines.some((l) => l.msg.startsWith('reconnected without a session'))).toBe(true);
    } finally {
      await flaky.close();
      await client.endAsync();
    }
  });

  it('fails at once, without sending, when the dashboard is not connected', async () => {
    const client = await mqtt.connectAsync(url, { username: 'dash-1', password: PASSWORDS.dashboard, clientId: clientIdFor('dash-1', 'offline'), reconnectPeriod: 0 });
    const third = await RemoteAlertDirectory.open({ client, serviceId: 'dash-1', store, log: quietLog() });
    await client.endAsync();
    const err = await rejection(third.resolve(alert.id, 'qa-acme', 'x', 'gauge', 'recalibrated-gauge'));
    expect(err).toMatchObject({ code: 'LW_ALERT_UNAVAILABLE', message: 'the dashboard is not connected to the broker; the action was not sent' });
    await third.close();
  });
});
