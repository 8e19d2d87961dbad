/**
 * The store proxy a shard uses, against a real embedded store served over a
 * MessageChannel as the main thread serves it: every call comes back with
 * what the store itself answers (values, rejections, errors with their
 * StoreError code), and a proxy whose server went away refuses at once.
 */
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreProxy } from '../../../../analytics/shards/store-proxy.js';
import { serveStore } from '../../../../analytics/shards/store-server.js';
import { StoreError } from '../../../../store/errors.js';
import { openStore } from '../../../../store/open-store.js';
import type { Measurement, StoredEvent, TimeSeriesStore } from '../../../../store/port.js';

const T0 = Date.UTC(2026, 10, 23, 8, 0, 0);
const key = (enterprise: string, line = 'L1') => ({ enterprise, line, characteristic: 'conductor_resistance' }) as const;
const point = (enterprise: string, ts: number, value: number, line = 'L1'): Measurement => ({ ...key(enterprise, line), ts, value });

let dir: string;
/** Written directly: what the store itself answers. */
let direct: TimeSeriesStore;
/** Served to the proxy. */
let served: TimeSeriesStore;
let proxy: StoreProxy;
let stopServing: () => void;
/** Resolves when the proxy's end of the port has seen the main thread's end close. */
let proxyPortClosed: Promise<unknown>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-store-proxy-'));
  direct = await openStore({ kind: 'embedded', dataDir: join(dir, 'direct') }, { maxRawPoints: 10 });
  served = await openStore({ kind: 'embedded', dataDir: join(dir, 'served') }, { maxRawPoints: 10 });
  const channel = new MessageChannel();
  stopServing = serveStore(served, channel.port1);
  proxy = new StoreProxy(channel.port2, 'embedded');
  proxyPortClosed = once(channel.port2, 'close');
});

afterEach(async () => {
  await proxy.close();
  stopServing();
  await direct.close().catch(() => {});
  await served.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
});

/** The call's error as data, to compare the proxy's with the store's. */
async function failure(call: Promise<unknown>): Promise<{ isStoreError: boolean; code: unknown; message: string; retryable: unknown }> {
  try {
    await call;
  } catch (err) {
    const e = err as StoreError;
    return { isStoreError: e instanceof StoreError, code: e.code, message: e.message, retryable: e.retryable };
  }
  throw new Error('the call succeeded; it should have failed');
}

describe('StoreProxy over a MessagePort', () => {
  it('writes a batch of several series as columns and reads it back as the store holds it', async () => {
    const batch = [point('e1', T0, 11.7), point('e1', T0 + 100, 11.8), point('e2', T0, 11.6, 'L2'), point('e1', T0 + 200, -0), point('e1', T0 + 300, 11.75, 'L2')];
    expect(await proxy.writeMeasurements(batch)).toEqual(await direct.writeMeasurements(batch));
    for (const k of [key('e1'), key('e2', 'L2'), key('e1', 'L2')]) {
      const [viaProxy, own] = await Promise.all([proxy.readSeries(k, { from: T0, to: T0 + 1000 }), direct.readSeries(k, { from: T0, to: T0 + 1000 })]);
      expect(viaProxy.ts).toBeInstanceOf(Float64Array);
      expect(viaProxy).toEqual(own);
      expect(viaProxy.ts.length).toBeGreaterThan(0);
    }
    expect(
      await proxy.storedValues([
        { ...key('e1'), ts: T0 + 100 },
        { ...key('e1'), ts: T0 + 150 },
      ]),
    ).toEqual([11.8, null]);
    expect(await proxy.summarize({ from: T0, to: T0 + 1000 })).toEqual(await direct.summarize({ from: T0, to: T0 + 1000 }));
  });

  it('reports the points the store refuses with the same indexes, codes and reasons, malformed ones included', async () => {
    const batch = [
      point('e1', T0, 11.7),
      point('e1', T0 + 0.5, 11.7), // not a whole ms
      point('e1', T0 + 100, Number.NaN),
      { ...point('e1', T0 + 200, 0), value: 'eleven' as unknown as number }, // not a Measurement at all: goes as it is
      null as unknown as Measurement,
      point('e1', T0 + 300, 11.9),
    ];
    const own = await direct.writeMeasurements(batch);
    expect(own.rejected.map((r) => r.index)).toEqual([1, 2, 3, 4]);
    expect(await proxy.writeMeasurements(batch)).toEqual(own);
  });

  it('carries events, and a query with a Set of enterprises, through unchanged', async () => {
    const events: StoredEvent[] = [
      { id: 'e1.a', at: T0, kind: 'raised', enterprise: 'e1', data: { count: 1, nested: { ok: true } } },
      { id: 'e2.a', at: T0 + 1, kind: 'raised', enterprise: 'e2' },
    ];
    await proxy.appendEvents(events);
    await direct.appendEvents(events);
    const query = { enterprises: new Set(['e2']), limit: 10 };
    expect(await proxy.readEventPage(query)).toEqual(await direct.readEventPage(query));
    expect((await proxy.readEvents({ enterprise: 'e1' })).map((e) => e.data)).toEqual([{ count: 1, nested: { ok: true } }]);
  });

  it('gives back a refused call as the same StoreError: code, message and whether to retry', async () => {
    await direct.writeMeasurements(Array.from({ length: 20 }, (_, i) => point('e1', T0 + i, 11.7)));
    await proxy.writeMeasurements(Array.from({ length: 20 }, (_, i) => point('e1', T0 + i, 11.7)));
    const tooLarge = await failure(proxy.readSeries(key('e1'), { from: T0, to: T0 + 100 }));
    expect(tooLarge).toMatchObject({ isStoreError: true, code: 'LW_STORE_TOO_LARGE' });
    expect(tooLarge).toEqual(await failure(direct.readSeries(key('e1'), { from: T0, to: T0 + 100 })));
    const badRange = await failure(proxy.readSeries(key('e1'), { from: T0 + 100, to: T0 }));
    expect(badRange).toMatchObject({ isStoreError: true, code: 'LW_STORE_INVALID_ARGUMENT' });
    expect(badRange).toEqual(await failure(direct.readSeries(key('e1'), { from: T0 + 100, to: T0 })));
  });

  it('refuses a write once the store behind it is closed, with LW_STORE_CLOSED, and says so in its health', async () => {
    await served.close();
    await direct.close();
    const refused = await failure(proxy.writeMeasurements([point('e1', T0, 11.7)]));
    expect(refused).toMatchObject({ isStoreError: true, code: 'LW_STORE_CLOSED', retryable: false });
    expect(refused).toEqual(await failure(direct.writeMeasurements([point('e1', T0, 11.7)])));
    expect(await proxy.health()).toMatchObject({ ok: false, adapter: 'embedded' });
  });

  it('fails what is in flight and refuses new calls when the main thread stops serving', async () => {
    const inFlight = proxy.writeMeasurements([point('e1', T0, 11.7)]);
    stopServing();
    await proxyPortClosed;
    const answer = await inFlight.then(
      (result) => ({ result }),
      (err: StoreError) => ({ code: err.code }),
    );
    // Either the write was answered before the port closed, or it failed as unavailable: never left hanging.
    expect([{ result: { written: 1, rejected: [] } }, { code: 'LW_STORE_UNAVAILABLE' }]).toContainEqual(answer);
    expect(await failure(proxy.storedValues([{ ...key('e1'), ts: T0 }]))).toMatchObject({ isStoreError: true, code: 'LW_STORE_UNAVAILABLE', retryable: true });
    expect(await proxy.health()).toMatchObject({ ok: false, code: 'LW_STORE_UNAVAILABLE' });
  });
});
