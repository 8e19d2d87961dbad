import { describe, expect, it } from 'vitest';
import type { AnalyticsReadiness } from '../../../../analytics/from-config.js';
import { combineReadiness } from '../../../../analytics/shards/sharded-analytics.js';

const NAMES = ['shard-0', 'shard-1'];
const PLAN = new Map([
  ['shard-0', ['a', 'b']],
  ['shard-1', ['c']],
]);
const store = (writesOk = true) => ({
  adapter: 'influxdb' as const,
  ok: writesOk,
  latencyMs: 3,
  writes: { ok: writesOk, consecutiveFailures: writesOk ? 0 : 2, failingSince: writesOk ? null : 1000 },
});
const ready: AnalyticsReadiness = { ok: true, detail: { mqtt: true, store: store() } };
const pingFails: AnalyticsReadiness = {
  ok: false,
  detail: { mqtt: true, store: { adapter: 'influxdb', ok: false, latencyMs: 5000 }, reason: { code: 'LW_STORE_UNAVAILABLE', message: 'the influxdb store is not healthy (LW_STORE_UNAVAILABLE)' } },
};
const writesFail: AnalyticsReadiness = {
  ok: false,
  detail: { mqtt: true, store: store(false), reason: { code: 'LW_STORE_UNAVAILABLE', message: 'the influxdb store failed 2 write(s) in a row, the last with LW_STORE_UNAVAILABLE: refused' } },
};

describe('the readiness of a sharded service', () => {
  it('is ready when every shard is, and lists each with its share', () => {
    expect(combineReadiness(NAMES, PLAN, [ready, ready])).toEqual({
      ok: true,
      detail: {
        mqtt: true,
        store: store(),
        shards: [
          { shard: 'shard-0', ok: true, enterprises: 2 },
          { shard: 'shard-1', ok: true, enterprises: 1 },
        ],
      },
    });
  });

  it('is not ready when one shard is not, and shows the failing writes before a failed ping, as one service would say them', () => {
    const r = combineReadiness(NAMES, PLAN, [pingFails, writesFail]);
    expect(r.ok).toBe(false);
    expect(r.detail.store).toEqual(writesFail.detail.store);
    expect(r.detail.reason).toEqual(writesFail.detail.reason);
    expect(r.detail.shards.map((s) => [s.shard, s.ok, s.reason?.code])).toEqual([
      ['shard-0', false, 'LW_STORE_UNAVAILABLE'],
      ['shard-1', false, 'LW_STORE_UNAVAILABLE'],
    ]);
  });

  it('is not ready with a shard down or disconnected, and not with no shard at all', () => {
    const down: AnalyticsReadiness = { ok: false, detail: { mqtt: false, store: store(), reason: { code: 'LW_SHARD_DOWN', message: 'shard-1 is not running: its thread exited with code 1' } } };
    const r = combineReadiness(NAMES, PLAN, [ready, down]);
    expect(r).toMatchObject({ ok: false, detail: { mqtt: false, reason: down.detail.reason } });
    expect(combineReadiness([], new Map(), [])).toMatchObject({ ok: false, detail: { reason: { code: 'LW_SHARD_DOWN' }, shards: [] } });
  });
});
