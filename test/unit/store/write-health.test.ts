import { describe, expect, it } from 'vitest';
import { StoreError } from '../../../store/errors.js';
import type { StoreHealth } from '../../../store/port.js';
import { storeReadiness, WriteHealth } from '../../../store/write-health.js';

const healthy: StoreHealth = { ok: true, adapter: 'embedded', detail: 'DuckDB 1.x at /var/lib/linewatch/data', latencyMs: 2 };
const enospc = () => new StoreError('LW_STORE_FAILED', 'commit failed: IO Error: No space left on device\n    at Commit (duckdb.cpp:123)');

describe('WriteHealth', () => {
  it('is ok before any write and after a success', () => {
    const h = new WriteHealth();
    expect(h.state()).toEqual({ ok: true, consecutiveFailures: 0, lastError: null, failingSince: null });
    h.succeeded();
    expect(h.state().ok).toBe(true);
  });

  it('fails at the first failed write, counts the run, keeps when it began and the last error, first line only', () => {
    const h = new WriteHealth();
    h.failed(enospc(), 1_000);
    h.failed(new StoreError('LW_STORE_UNAVAILABLE', 'influxdb down'), 2_000);
    expect(h.state()).toEqual({
      ok: false,
      consecutiveFailures: 2,
      failingSince: 1_000,
      lastError: { code: 'LW_STORE_UNAVAILABLE', message: 'influxdb down', at: 2_000 },
    });
    h.failed(enospc(), 3_000);
    expect(h.state().lastError).toEqual({ code: 'LW_STORE_FAILED', message: 'commit failed: IO Error: No space left on device', at: 3_000 });
  });

  it('is ready again at the first success, and a new run starts afresh', () => {
    const h = new WriteHealth();
    for (let i = 0; i < 512; i++) h.failed(enospc(), i);
    expect(h.state()).toMatchObject({ ok: false, consecutiveFailures: 512, failingSince: 0 });
    h.succeeded();
    expect(h.state()).toEqual({ ok: true, consecutiveFailures: 0, lastError: null, failingSince: null });
    h.failed(enospc(), 9_000);
    expect(h.state()).toMatchObject({ ok: false, consecutiveFailures: 1, failingSince: 9_000 });
  });

  it('waits for K failures in a row when asked to', () => {
    const h = new WriteHealth(3);
    h.failed(enospc(), 1);
    h.failed(enospc(), 2);
    expect(h.state().ok).toBe(true);
    h.failed(enospc(), 3);
    expect(h.state().ok).toBe(false);
    expect(() => new WriteHealth(0)).toThrow(/failuresBeforeUnready must be an integer >= 1, got 0/);
  });

  it('names errors without a code by their name, and bounds a long message', () => {
    const h = new WriteHealth();
    h.failed(new TypeError('x'.repeat(1000)), 5);
    const e = h.state().lastError!;
    expect(e.code).toBe('TypeError');
    expect(e.message.length).toBe(300);
    h.failed('a plain string', 6);
    expect(h.state().lastError).toMatchObject({ code: 'Error', message: 'a plain string' });
  });
});

describe('storeReadiness', () => {
  it('is ready when the store answers and its writes succeed (or are not tracked)', () => {
    expect(storeReadiness(healthy)).toEqual({ ok: true, store: { adapter: 'embedded', ok: true, latencyMs: 2 } });
    expect(storeReadiness(healthy, new WriteHealth().state())).toEqual({
      ok: true,
      store: { adapter: 'embedded', ok: true, latencyMs: 2, writes: { ok: true, consecutiveFailures: 0, failingSince: null } },
    });
  });

  it('is not ready while writes fail even though the store answers its ping, naming the store and the error, never the health detail', () => {
    const h = new WriteHealth();
    h.failed(enospc(), 1_000);
    h.failed(enospc(), 2_000);
    const r = storeReadiness(healthy, h.state());
    expect(r.ok).toBe(false);
    expect(r.reason).toEqual({ code: 'LW_STORE_FAILED', message: 'the embedded store failed 2 write(s) in a row, the last with LW_STORE_FAILED: commit failed: IO Error: No space left on device' });
    expect(r.store.writes).toEqual({ ok: false, consecutiveFailures: 2, failingSince: 1_000 });
    expect(JSON.stringify(r)).not.toContain('/var/lib');
    expect(JSON.stringify(r)).not.toContain('duckdb.cpp');
  });

  it('is not ready when the store fails its health check, with its code', () => {
    const down: StoreHealth = { ok: false, adapter: 'influxdb', detail: 'http://10.0.0.5:8086 refused', latencyMs: 40, code: 'LW_STORE_UNAVAILABLE' };
    expect(storeReadiness(down, new WriteHealth().state())).toMatchObject({ ok: false, reason: { code: 'LW_STORE_UNAVAILABLE', message: 'the influxdb store is not healthy (LW_STORE_UNAVAILABLE)' } });
    expect(JSON.stringify(storeReadiness(down))).not.toContain('10.0.0.5');
  });
});
