/**
 * What a write does when InfluxDB is down or hung: it retries with bounded
 * backoff and then rejects with an error naming the server and the cause, so
 * the pipeline does not acknowledge the gateway; once the server is back,
 * writes go through again. Real influxd, stopped and frozen for real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isStoreError, StoreError } from '../../store/errors.js';
import { openStore } from '../../store/open-store.js';
import type { Measurement, SeriesKey, TimeSeriesStore } from '../../store/port.js';
import { startInfluxd, type InfluxTestServer } from '../support/influxd.js';

const T0 = Date.UTC(2025, 3, 1);
const HOUR = 3_600_000;

function batch(key: SeriesKey, from: number, count: number): Measurement[] {
  return Array.from({ length: count }, (_, i) => ({ ...key, ts: from + i * 100, value: 0.7 + i / 1e4 }));
}

async function rejection(promise: Promise<unknown>): Promise<StoreError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the write should have been rejected').toBeInstanceOf(StoreError);
  return error as StoreError;
}

describe('InfluxDB store when the server is down or slow', () => {
  let server: InfluxTestServer;
  let store: TimeSeriesStore;

  beforeAll(async () => {
    server = await startInfluxd({ database: 'outage' });
    store = await openStore(
      { kind: 'influxdb', url: server.url, database: server.database },
      { requestTimeoutMs: 500, retry: { maxAttempts: 3, minDelayMs: 100, maxDelayMs: 400, maxElapsedMs: 5_000, jitter: 0 } },
    );
  }, 60_000);

  afterAll(async () => {
    await store?.close();
    await server?.dispose();
  }, 60_000);

  it('rejects a write with a clear, retryable error while the server is stopped, and writes again after a restart', async () => {
    const key: SeriesKey = { enterprise: 'down-e1', line: 'L1', characteristic: 'insulation_thickness' };
    await store.writeMeasurements(batch(key, T0, 100));

    await server.stop();
    const started = Date.now();
    const error = await rejection(store.writeMeasurements(batch(key, T0 + HOUR, 100)));
    const elapsed = Date.now() - started;
    expect(error.code).toBe('LW_STORE_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(server.url);
    expect(error.message).toMatch(/failed after 3 attempts/);
    expect(error.message).toMatch(/ECONNREFUSED/);
    // Two backoff delays (100 + 200 ms) passed before giving up: it did retry.
    expect(elapsed).toBeGreaterThanOrEqual(300);

    const health = await store.health();
    expect(health.ok).toBe(false);
    expect(health.code).toBe('LW_STORE_UNAVAILABLE');

    await server.start();
    expect((await store.writeMeasurements(batch(key, T0 + HOUR, 100))).written).toBe(100);
    const stored = await store.readSeries(key, { from: T0, to: T0 + 2 * HOUR });
    expect(stored.ts.length).toBe(200);
    expect((await store.health()).ok).toBe(true);
  }, 60_000);

  it('settles every queued write with a rejection while down: none resolves, none vanishes', async () => {
    const key: SeriesKey = { enterprise: 'down-e2', line: 'L1', characteristic: 'conductor_resistance' };
    await server.stop();
    try {
      const writes = Array.from({ length: 8 }, (_, w) => store.writeMeasurements(batch(key, T0 + w * HOUR, 1000)));
      const settled = await Promise.allSettled(writes);
      expect(settled.map((s) => s.status)).toEqual(Array(8).fill('rejected'));
      for (const s of settled) expect(isStoreError((s as PromiseRejectedResult).reason, 'LW_STORE_UNAVAILABLE')).toBe(true);
    } finally {
      await server.start();
    }
  }, 60_000);

  it('keeps retrying with backoff and succeeds when the server returns within the retry budget', async () => {
    const patient = await openStore(
      { kind: 'influxdb', url: server.url, database: server.database },
      { requestTimeoutMs: 1_000, retry: { maxAttempts: 20, minDelayMs: 100, maxDelayMs: 500, maxElapsedMs: 20_000, jitter: 0 } },
    );
    try {
      const key: SeriesKey = { enterprise: 'back-e1', line: 'L1', characteristic: 'sheath_thickness' };
      await server.stop();
      const write = patient.writeMeasurements(batch(key, T0, 500));
      await new Promise((resolve) => setTimeout(resolve, 700));
      await server.start();
      expect((await write).written).toBe(500);
      expect((await patient.readSeries(key, { from: T0, to: T0 + HOUR })).ts.length).toBe(500);
    } finally {
      await patient.close();
    }
  }, 60_000);

  it('times out against a hung server, rejects, and a redelivery after recovery stores each point once', async () => {
    const key: SeriesKey = { enterprise: 'hung-e1', line: 'L1', characteristic: 'eccentricity' };
    const points = batch(key, T0, 300);
    await server.pause();
    let error: StoreError;
    try {
      error = await rejection(store.writeMeasurements(points));
    } finally {
      server.resume();
    }
    expect(error.code).toBe('LW_STORE_UNAVAILABLE');
    expect(error.message).toMatch(/no complete answer within 500 ms/);
    // The frozen server may still apply the requests it had received once it
    // resumes; the caller, not acknowledged, sends again: idempotency keeps one copy.
    expect((await store.writeMeasurements(points)).written).toBe(300);
    expect((await store.readSeries(key, { from: T0, to: T0 + HOUR })).ts.length).toBe(300);
  }, 60_000);

  it('fails a read against a hung server after one timeout, without retrying it', async () => {
    const key: SeriesKey = { enterprise: 'hung-e2', line: 'L1', characteristic: 'eccentricity' };
    await server.pause();
    const started = Date.now();
    let error: StoreError;
    try {
      error = await rejection(store.readSeries(key, { from: T0, to: T0 + HOUR }));
    } finally {
      server.resume();
    }
    expect(error.code).toBe('LW_STORE_UNAVAILABLE');
    expect(error.message).toMatch(/no complete answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await store.readSeries(key, { from: T0, to: T0 + HOUR })).ts.length).toBe(0);
  }, 60_000);
});
