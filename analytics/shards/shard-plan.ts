import { MAX_ANALYTICS_SHARDS } from '../../config/schema.js';
import { ownerOf } from '../cluster/rendezvous.js';

/** The most shards one analytics process runs (the configuration's bound): far more threads than cores only adds switching. */
export const MAX_SHARDS = MAX_ANALYTICS_SHARDS;

/** The shards' names, `shard-0` .. `shard-(n-1)`: each one's thread, log field, checkpoint suffix and client id instance. */
export function shardNames(count: number): string[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS) throw new RangeError(`shard count must be a whole number from 1 to ${MAX_SHARDS}, got ${count}`);
  return Array.from({ length: count }, (_, i) => `shard-${i}`);
}

/**
 * Which shard owns each enterprise: rendezvous hashing over the shard names,
 * the rule the cluster's workers follow (analytics/cluster/rendezvous.ts).
 * Every shard is known at start, so the plan is fixed for a shard count:
 * every series of an enterprise always meets the same shard, and no
 * presence protocol runs between threads. Returns each shard's enterprises,
 * sorted, in the order of `shardNames(count)`.
 */
export function shardPlan(enterprises: readonly string[], count: number): Map<string, string[]> {
  const names = shardNames(count);
  const plan = new Map<string, string[]>(names.map((name) => [name, []]));
  for (const enterprise of [...enterprises].sort()) plan.get(ownerOf(enterprise, names)!)!.push(enterprise);
  return plan;
}
