/**
 * The InfluxDB adapter against the store contract, on a real influxd that
 * the fixture starts (Debian's influxdb package). Without influxd every test
 * here fails with INFLUXD_MISSING: a store that was never tested must not
 * look green.
 */
import { openStore } from '../../store/open-store.js';
import type { TimeSeriesStore } from '../../store/port.js';
import { storeContract, type StoreFixture } from '../contract/store.contract.js';
import { startInfluxd } from '../support/influxd.js';

storeContract('influxdb (v1 HTTP API: /write + InfluxQL /query)', async (): Promise<StoreFixture> => {
  const server = await startInfluxd({ database: 'contract0' });
  const databases = new Map<TimeSeriesStore, string>();
  let next = 1;
  const open = async (database: string, options?: Parameters<StoreFixture['fresh']>[0]) => {
    const store = await openStore({ kind: 'influxdb', url: server.url, database }, options);
    databases.set(store, database);
    return store;
  };
  return {
    async fresh(options) {
      const database = next === 1 && databases.size === 0 ? server.database : `contract${next++}`;
      if (database !== server.database) await createDatabase(server.url, database);
      return open(database, options);
    },
    reopen: (closed, options) => open(databases.get(closed) as string, options),
    dispose: () => server.dispose(),
  };
});

async function createDatabase(url: string, name: string): Promise<void> {
  const response = await fetch(`${url}/query`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ q: `CREATE DATABASE "${name}"` }).toString(),
  });
  if (response.status !== 200) throw new Error(`CREATE DATABASE ${name}: HTTP ${response.status}`);
}
