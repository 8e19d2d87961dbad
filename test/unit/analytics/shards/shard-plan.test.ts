import { describe, expect, it } from 'vitest';
import { ownerOf } from '../../../../analytics/cluster/rendezvous.js';
import { shardNames, shardPlan } from '../../../../analytics/shards/shard-plan.js';

const COUNTY = Array.from({ length: 1050 }, (_, i) => `maker-${String(i).padStart(4, '0')}`);

describe('the shard plan', () => {
  it('names the shards shard-0 .. shard-(n-1) and refuses a count out of range', () => {
    expect(shardNames(3)).toEqual(['shard-0', 'shard-1', 'shard-2']);
    for (const bad of [0, -1, 1.5, 257, Number.NaN]) expect(() => shardNames(bad)).toThrow(/shard count must be a whole number from 1 to 256/);
  });

  it('gives every enterprise to exactly one shard, the owner the cluster rule names', () => {
    const plan = shardPlan(COUNTY, 4);
    const all = [...plan.values()].flat();
    expect(all.sort()).toEqual([...COUNTY].sort());
    for (const [shard, share] of plan) for (const enterprise of share) expect(ownerOf(enterprise, shardNames(4))).toBe(shard);
  });

  it('spreads a county evenly: no shard holds more than a fifth above its fair share', () => {
    for (const n of [2, 3, 4, 8]) {
      const sizes = [...shardPlan(COUNTY, n).values()].map((s) => s.length);
      expect(Math.max(...sizes), `${n} shards: ${sizes}`).toBeLessThan((COUNTY.length / n) * 1.2);
    }
  });

  it('is the same whatever order the enterprises come in, and one shard takes them all', () => {
    expect(shardPlan([...COUNTY].reverse(), 3)).toEqual(shardPlan(COUNTY, 3));
    expect(shardPlan(COUNTY, 1)).toEqual(new Map([['shard-0', [...COUNTY].sort()]]));
  });
});
