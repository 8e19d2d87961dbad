/**
 * A real influxd for a county run with store=influx (test/support/influxd.ts
 * starts it: loopback, free ports, a temporary directory, its database made),
 * and its process id, so its CPU and memory count in the per-process table
 * and against the machine like every other part of the stack.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { type InfluxTestServer, startInfluxd } from '../../test/support/influxd.js';
import { ServiceStartError } from './service-process.js';

export interface CountyInflux {
  readonly server: InfluxTestServer;
  readonly pid: number;
  /** The store section of the configuration file that points at it. */
  readonly storeSection: Readonly<Record<string, string>>;
}

export async function startCountyInflux(): Promise<CountyInflux> {
  let server: InfluxTestServer;
  try {
    server = await startInfluxd({ database: 'linewatch' });
  } catch (err) {
    throw new ServiceStartError(`influxd: ${(err as Error).message}`);
  }
  const pid = pidOfInfluxd(`${server.dir}/influxdb.conf`);
  if (pid === null) {
    await server.dispose();
    throw new ServiceStartError(`influxd answered on ${server.url} but no process runs with -config ${server.dir}/influxdb.conf`);
  }
  return { server, pid, storeSection: { kind: 'influxdb', url: server.url, database: server.database } };
}

/** The influxd started with this configuration file (its child handle is private to the test support). */
function pidOfInfluxd(configFile: string): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes(configFile) && argv.some((a) => a.endsWith('influxd'))) return Number(entry);
    } catch {
      // The process ended while the list was read.
    }
  }
  return null;
}
