/**
 * The services' metrics as dashboards and alert rules know them. The golden
 * text (service-metrics.golden.prom) was rendered by the hand-written registry
 * this one replaced (before prom-client): the same collectors must still
 * give the same names, types, HELP texts, labels and buckets, line for line.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registerAnalyticsMetrics, storeWriteSecondsHistogram } from '../../../analytics/service/metrics.js';
import { registerBrokerMetrics } from '../../../broker/metrics.js';
import { registerDashboardMetrics } from '../../../dashboard/metrics.js';
import { registerGatewayMetrics } from '../../../gateway/metrics.js';
import { MetricsRegistry } from '../../../ops/metrics.js';
import { fakeAnalytics, fakeBroker, fakeDashboard, fakeGateway } from './service-metrics-fakes.js';

const GOLDEN = readFileSync(fileURLToPath(new URL('./service-metrics.golden.prom', import.meta.url)), 'utf8');

/** Every service's metrics, as the embedded stack registers them, read from known values. */
function allServices(registry: MetricsRegistry): MetricsRegistry {
  const storeWriteSeconds = storeWriteSecondsHistogram();
  for (const v of [0.0007, 0.003, 0.003, 0.02, 0.7, 9]) storeWriteSeconds.observe(v);
  registerBrokerMetrics(registry, fakeBroker());
  registerAnalyticsMetrics(registry, fakeAnalytics(storeWriteSeconds));
  registerGatewayMetrics(registry, () => [fakeGateway('northwind-cable', 'northwind-gw1', 1), fakeGateway('northwind-cable', 'northwind-gw2', 2)]);
  registerDashboardMetrics(registry, fakeDashboard());
  return registry;
}

const typeLines = (text: string) => text.split('\n').filter((l) => l.startsWith('# TYPE '));

describe('the services metrics exposition', () => {
  it('is, line for line, what the registry before prom-client rendered', async () => {
    expect(await allServices(new MetricsRegistry({ processMetrics: false })).render()).toBe(GOLDEN);
  });

  it('adds the process metrics without a clash, each family once, the service lines unchanged', async () => {
    const text = await allServices(new MetricsRegistry()).render();
    expect(text).toContain(GOLDEN);
    const types = typeLines(text);
    expect(new Set(types).size).toBe(types.length);
    for (const family of [
      '# TYPE process_cpu_user_seconds_total counter',
      '# TYPE process_resident_memory_bytes gauge',
      '# TYPE process_start_time_seconds gauge',
      '# TYPE nodejs_eventloop_lag_seconds gauge',
      '# TYPE nodejs_eventloop_lag_p99_seconds gauge',
      '# TYPE nodejs_heap_size_used_bytes gauge',
      '# TYPE nodejs_gc_duration_seconds histogram',
    ]) {
      expect(types).toContain(family);
    }
    expect(text).toMatch(/^process_resident_memory_bytes [1-9]\d*$/m);
    expect(text).not.toMatch(/not collected/);
  });

  it('keeps each registry its own in one process, both with the process metrics', async () => {
    const broker = registerBrokerMetrics(new MetricsRegistry(), fakeBroker());
    const dashboard = registerDashboardMetrics(new MetricsRegistry(), fakeDashboard());
    const [brokerText, dashboardText] = await Promise.all([broker.render(), dashboard.render()]);
    expect(brokerText).toContain('linewatch_broker_clients 3\n');
    expect(brokerText).not.toContain('linewatch_http_refusals_total');
    expect(dashboardText).toContain('linewatch_http_refusals_total{code="rate-limited"} 4\n');
    expect(dashboardText).not.toContain('linewatch_broker_clients');
    for (const text of [brokerText, dashboardText]) expect(typeLines(text)).toContain('# TYPE nodejs_eventloop_lag_seconds gauge');
  });

  it('refuses a service metric that takes a process metric name', () => {
    expect(() => new MetricsRegistry().gauge('process_resident_memory_bytes', 'x', () => 0)).toThrow(/'process_resident_memory_bytes' registered twice/);
  });

  it('starts nothing that keeps a process alive once its work is done', () => {
    // The compiled module (test/setup/build.ts builds dist/ before the suite), in a process of its own.
    const metrics = new URL('../../../dist/ops/metrics.js', import.meta.url).href;
    const script = `const { MetricsRegistry } = await import(${JSON.stringify(metrics)});
      const a = new MetricsRegistry().gauge('a', 'a', () => 1), b = new MetricsRegistry();
      const text = (await a.render()) + (await b.render());
      process.stdout.write(String(text.includes('nodejs_eventloop_lag_p99_seconds')));`;
    // A timer or handle left referenced would hold it until the timeout kills it (status null).
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout).toBe('true');
  });
});
