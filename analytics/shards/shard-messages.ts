/**
 * What the main thread and a shard's thread say to each other on the
 * worker's own port (the store has a port of its own, store-wire.ts). All
 * of it is plain data: the configuration travels as its file's path, since
 * a resolved configuration holds class instances that do not cross threads.
 */
import type { MessagePort } from 'node:worker_threads';
import type { StoreAdapterName } from '../../store/port.js';
import type { AnalyticsOverrides } from '../from-config.js';

/** What `linewatch analytics` sets per run, the same for every shard: plain values only. */
export type ShardOverrides = Pick<AnalyticsOverrides, 'username' | 'password' | 'mqttUrl' | 'maxInFlight' | 'assessEveryMs' | 'assessAllEveryMs' | 'checkpointIntervalMs'>;

/** What a shard's thread starts with (its workerData). */
export interface ShardWorkerData {
  /** `shard-<i>`: its client id's instance, checkpoint suffix and log field. */
  readonly shard: string;
  /** The enterprises it owns (shard-plan.ts). */
  readonly share: readonly string[];
  readonly configFile: string;
  readonly overrides: ShardOverrides;
  /** The main thread's store (embedded: one process's); absent, the shard opens the configured store itself (InfluxDB). */
  readonly storePort?: MessagePort;
  readonly storeAdapter: StoreAdapterName;
}

/** Main thread to shard: a question (answered with its id) or the order to stop. */
export type ToShard = { readonly type: 'ready'; readonly id: number } | { readonly type: 'metrics'; readonly id: number } | { readonly type: 'stop' };

/** Shard to main thread. */
export type FromShard =
  | { readonly type: 'started'; readonly series: number }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'answer'; readonly id: number; readonly value: unknown }
  | { readonly type: 'stopped' };
