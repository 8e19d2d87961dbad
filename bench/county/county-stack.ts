/**
 * The stack under test, each part its own process as in production: the
 * store (a real influxd with store=influx; the embedded DuckDB file of the
 * analytics service otherwise), the broker, the analytics service (with
 * `--shards N` when asked) and the dashboard following alerts over MQTT. With
 * the embedded store only the analytics service can open the database, so
 * the dashboard gets a store of its own (dashboard-process.ts); with
 * InfluxDB it is `linewatch dashboard` itself, sharing the store.
 */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { freePort } from '../../test/support/ports.js';
import { ANALYTICS_SERVICE, COUNTY_PASSWORD, DASHBOARD_SERVICE, writeCountyConfig } from './county-config.js';
import { type CountyInflux, startCountyInflux } from './influx-process.js';
import type { CountyOptions } from './options.js';
import type { ProcessSampler } from './process-sampler.js';
import { ServiceProcess } from './service-process.js';

export interface CountyStack {
  readonly mqttPort: number;
  /** The analytics service's Prometheus endpoint. */
  readonly metricsUrl: string;
  /** The dashboard's base URL (HTTP API and live channel). */
  readonly dashboardUrl: string;
  /** Where the measurements live: the embedded database's directory or influxd's. */
  readonly dataDir: string;
  /** The store section the analytics service wrote to (to count what it holds afterwards). */
  readonly storeSection: Readonly<Record<string, string>>;
  /** Stops the dashboard, the analytics service and the broker (in that order), leaving the store to be read. */
  stopServices(): Promise<void>;
  /** Stops everything still running, the store last. */
  dispose(): Promise<void>;
}

const DASHBOARD_SCRIPT = fileURLToPath(new URL('dashboard-process.js', import.meta.url));

export async function startCountyStack(o: CountyOptions, dir: string, sampler: ProcessSampler): Promise<CountyStack> {
  const services: ServiceProcess[] = [];
  let influx: CountyInflux | null = null;
  const stopServices = async () => {
    for (const s of services.splice(0).reverse()) await s.stop(10_000);
  };
  const dispose = async () => {
    await stopServices();
    await influx?.server.dispose();
  };
  try {
    const mqttPort = await freePort();
    const configFile = join(dir, 'county.json');
    if (o.store === 'influx') {
      influx = await startCountyInflux();
      sampler.watch('influxd', influx.pid, { threads: true });
    }
    const storeSection = influx?.storeSection ?? { kind: 'embedded', dataDir: join(dir, 'data') };
    await writeCountyConfig(configFile, { enterprises: o.enterprises, lines: o.lines, mqttPort, store: storeSection });
    const env = { LINEWATCH_MQTT_PASSWORD: COUNTY_PASSWORD };

    const broker = new ServiceProcess('broker', ['broker', '--config', configFile, '--ops-port', '0']);
    services.push(broker);
    await broker.waitFor(/listening on/);
    sampler.watch('broker', broker.pid);

    const shards = o.shards === null ? [] : ['--shards', String(o.shards)];
    const analytics = new ServiceProcess('analytics', ['analytics', '--config', configFile, '--service', ANALYTICS_SERVICE, '--ops-port', '0', ...shards], env);
    services.push(analytics);
    // Start restores every enterprise's state from the store (each shard its share): over InfluxDB at 2x that is
    // thousands of queries, near a minute on this machine, so the wait is generous; the start time is not a figure here.
    const metricsUrl = `${(await analytics.waitFor(/operations endpoints on (\S+?)\s/, 300_000))[1]}/metrics`;
    await analytics.waitFor(/linewatch analytics: connected/);
    sampler.watch('analytics', analytics.pid, { threads: true });

    let dashboard: ServiceProcess;
    if (influx) {
      dashboard = new ServiceProcess('dashboard', ['dashboard', '--config', configFile, '--service', DASHBOARD_SERVICE, '--port', '0'], env);
    } else {
      // The same configuration but a database directory of its own: the analytics service holds the county's.
      const dashboardConfig = join(dir, 'county-dashboard.json');
      await writeCountyConfig(dashboardConfig, { enterprises: o.enterprises, lines: o.lines, mqttPort, store: { kind: 'embedded', dataDir: join(dir, 'dashboard-data') } });
      dashboard = new ServiceProcess('dashboard', [dashboardConfig, DASHBOARD_SERVICE], env, DASHBOARD_SCRIPT);
    }
    services.push(dashboard);
    const dashboardUrl = (await dashboard.waitFor(/linewatch dashboard: listening on (http:\/\/\S+)/))[1];
    sampler.watch('dashboard', dashboard.pid);

    return { mqttPort, metricsUrl, dashboardUrl, dataDir: influx?.server.dir ?? storeSection.dataDir, storeSection, stopServices, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}
