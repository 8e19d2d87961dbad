/**
 * The entry of a shard's worker thread (compiled: dist/analytics/shards/shard-worker.js).
 * The main thread (sharded-analytics.ts) starts one per shard; all it does
 * is run the shard on the data it was started with.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ShardWorkerData } from './shard-messages.js';
import { runShard } from './shard-runner.js';

if (!parentPort) throw new Error('shard-worker.js runs as a worker thread of `linewatch analytics --shards N`, not on its own');
await runShard(workerData as ShardWorkerData, parentPort);
