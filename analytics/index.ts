/**
 * The analytics service's public entry: what cli/ and stack/ may import.
 * Build it with `analyticsFromConfig`; the core's type is exported for those
 * that serve its live model (the embedded stack's dashboard).
 */
export { analyticsFromConfig, type Analytics, type AnalyticsOverrides, type AnalyticsReadiness } from './from-config.js';
export type { AnalyticsCore } from './service/analytics-core.js';
export { shardedAnalyticsFromConfig, type ShardedAnalytics, type ShardedReadiness } from './shards/sharded-analytics.js';
export { MAX_SHARDS } from './shards/shard-plan.js';
