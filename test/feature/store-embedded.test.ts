/**
 * The embedded adapter (DuckDB file) against the store contract.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../store/open-store.js';
import type { TimeSeriesStore } from '../../store/port.js';
import { storeContract, type StoreFixture } from '../contract/store.contract.js';

storeContract('embedded (DuckDB)', async (): Promise<StoreFixture> => {
  const root = mkdtempSync(join(tmpdir(), 'linewatch-store-'));
  const dirs = new Map<TimeSeriesStore, string>();
  let next = 0;
  const open = async (dataDir: string, options?: Parameters<StoreFixture['fresh']>[0]) => {
    const store = await openStore({ kind: 'embedded', dataDir }, options);
    dirs.set(store, dataDir);
    return store;
  };
  return {
    fresh: (options) => open(join(root, `db${next++}`), options),
    reopen: (closed, options) => open(dirs.get(closed) as string, options),
    dispose: async () => rmSync(root, { recursive: true, force: true }),
  };
});
