/**
 * Operations endpoints (issue 8): the all-in-one stack's dashboard serves
 * /metrics for every service in the process, and a service run on its own
 * serves /healthz, /readyz and /metrics on its --ops-port.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectGateway, type GatewayService } from '../../gateway/index.js';
import { MemoryOutbox } from '../../gateway/outbox/memory-outbox.js';
import { createLogger } from '../../ops/logger.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import { pipelineTestConfig, pipelineTestConfigFile, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { freePort } from '../support/ports.js';
import { startLinewatch } from '../support/processes.js';

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The value of one sample line, e.g. `linewatch_alerts_active` or `name{label="x"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics of the all-in-one stack', () => {
  let dir: string;
  let stack: EmbeddedStack;
  let gateway: GatewayService;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linewatch-ops-'));
    const config = await pipelineTestConfig({ dataDir: join(dir, 'data') });
    stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, log: createLogger('ops', 'silent') });
    gateway = connectGateway(
      { mqttUrl: stack.mqttUrl, enterprise: 'northwind-cable', gateway: 'northwind-gw1', password: TEST_PASSWORDS.gateway },
      { outbox: new MemoryOutbox(), log: createLogger('ops-gateway', 'silent') },
    );
    gateway.start();
    const t0 = Date.parse('2026-01-01T00:00:00Z');
    // Ten readings in spec, one below the lower spec limit (an alert at once), one that is not a number (rejected).
    const points = Array.from({ length: 10 }, (_, i) => ({ line: 'extruder-1', characteristic: 'insulation_thickness', ts: t0 + i * 100, value: 0.7 }));
    points.push({ line: 'extruder-1', characteristic: 'insulation_thickness', ts: t0 + 1000, value: 0.3 });
    await gateway.accept([...points, { line: 'extruder-1', characteristic: 'insulation_thickness', ts: t0 + 1100, value: 'abc' as unknown as number }]);
    await gateway.flush();
    await waitFor(() => gateway.stats().acknowledged > 0 && gateway.stats().outbox.batches === 0, 20_000, 'the batch acknowledged');
    await stack.analytics.drain();
  }, 60_000);

  afterAll(async () => {
    await gateway?.stop(0);
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows stored points, rejects by reason, store latency, active alerts and the broker, without auth', async () => {
    const response = await stack.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = response.body;
    expect(sample(text, 'linewatch_ingest_points_total{outcome="stored"}')).toBe(11);
    expect(sample(text, 'linewatch_ingest_points_total{outcome="rejected"}')).toBe(1);
    expect(sample(text, 'linewatch_ingest_batches_total')).toBeGreaterThanOrEqual(1);
    // The bad value itself is blanked: a label must not grow a series per value a sender makes up.
    expect(text).toContain('linewatch_rejects_total{reason="value: not-a-number"} 1\n');
    expect(sample(text, 'linewatch_alerts_active')).toBeGreaterThan(0);
    expect(sample(text, 'linewatch_store_write_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE linewatch_store_write_seconds histogram');
    expect(sample(text, 'linewatch_broker_clients')).toBeGreaterThanOrEqual(2);
    expect(sample(text, 'linewatch_analytics_connected')).toBe(1);
    // The process's own metrics (prom-client's defaults), once each, and every collector read.
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(text).toContain('# TYPE nodejs_eventloop_lag_p99_seconds gauge');
    expect(text).toContain('# TYPE nodejs_gc_duration_seconds histogram');
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
    expect(new Set(types).size).toBe(types.length);
    expect(text).not.toContain('not collected');
  });
});

describe('linewatch broker --ops-port', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers /healthz, /readyz and /metrics on the operations port', async () => {
    dir = mkdtempSync(join(tmpdir(), 'linewatch-ops-broker-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify(await pipelineTestConfigFile({ dataDir: join(dir, 'data') })));
    const port = await freePort();
    const broker = startLinewatch('broker', ['broker', '--config', file, '--ops-port', String(port)]);
    try {
      await broker.waitFor(/operations endpoints on/);
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', listening: true });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain('# TYPE linewatch_broker_clients gauge');
      expect(metrics).toMatch(/^linewatch_broker_clients 0$/m);
      expect(metrics).toContain('linewatch_broker_refusals_total{code="bad-password"} 0');
      expect(metrics).toMatch(/^process_resident_memory_bytes [1-9]\d*$/m);
      expect(metrics).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
    } finally {
      expect(await broker.terminate()).toBe(0);
    }
  });
});
