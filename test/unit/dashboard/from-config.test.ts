import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type BrokerService, brokerFromConfig } from '../../../broker/index.js';
import type { LinewatchConfig } from '../../../config/resolve.js';
import { dashboardFromConfig } from '../../../dashboard/index.js';
import { createLogger } from '../../../ops/logger.js';
import { hashPassword } from '../../../security/password.js';
import { testConfig } from '../../support/http-api-fixture.js';

const PASSWORD = 'dashboard-pass-1';
const quiet = { info() {}, warn() {} };

/**
 * The stand-alone dashboard's model, built by dashboardFromConfig against a
 * real broker and the embedded store (one process opens it here, so the
 * embedded store will do for what this test asks).
 */
describe('dashboardFromConfig with the remote model', () => {
  let dir: string;
  let broker: BrokerService;
  let config: LinewatchConfig;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-dashboard-from-config-'));
    const base = await testConfig(dir);
    const withService = { ...base, services: [{ id: 'dash-1', role: 'dashboard' as const, passwordHash: await hashPassword(PASSWORD, { N: 1024 }) }] };
    broker = brokerFromConfig(withService, { port: 0, host: '127.0.0.1', logger: quiet });
    const { url } = await broker.start();
    config = { ...withService, mqtt: { ...withService.mqtt, url } };
  });
  afterEach(async () => {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is there only after start, serves /readyz and /metrics, and leaves the broker on stop', async () => {
    const dashboard = dashboardFromConfig(config, { model: { kind: 'remote', serviceId: 'dash-1', password: PASSWORD }, log: createLogger('dashboard', 'silent') });
    expect(dashboard.mqttUrl).toBe(config.mqtt.url);
    expect(() => dashboard.url).toThrow(/url is there only after start/);
    expect((await dashboard.ready()).ok).toBe(false);

    await dashboard.start();
    expect(await dashboard.ready()).toEqual({ ok: true, detail: { listening: true, store: true } });
    expect(broker.broker.aedes.connectedClients).toBe(1);
    expect((await fetch(`${dashboard.url}/readyz`)).status).toBe(200);
    const metrics = await fetch(`${dashboard.url}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('linewatch_http_refusals_total');
    // The traceability records' routes are built here too (a route that is absent would answer 404, not 401).
    expect((await fetch(`${dashboard.url}/api/trace/records`)).status).toBe(401);
    expect((await fetch(`${dashboard.url}/api/trace/no-such-route`)).status).toBe(404);

    await dashboard.stop();
    expect((await dashboard.ready()).ok).toBe(false);
    await expect.poll(() => broker.broker.aedes.connectedClients).toBe(0);
  });

  it('closes what it opened when it cannot listen, and says why', async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const dashboard = dashboardFromConfig(config, { model: { kind: 'remote', serviceId: 'dash-1', password: PASSWORD }, port, log: createLogger('dashboard', 'silent') });
      await expect(dashboard.start()).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect((await dashboard.ready()).ok).toBe(false);
      // Its MQTT client was ended: a started-then-failed dashboard holds no session open on the broker.
      await expect.poll(() => broker.broker.aedes.connectedClients).toBe(0);
      // A second dashboard on the same store and register folder starts: the failed one left nothing in the way.
      const again = dashboardFromConfig(config, { model: { kind: 'remote', serviceId: 'dash-1', password: PASSWORD }, log: createLogger('dashboard', 'silent') });
      await again.start();
      await again.stop();
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });
});
