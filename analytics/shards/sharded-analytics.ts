import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type TransferListItem } from 'node:worker_threads';
import type { LinewatchConfig } from '../../config/resolve.js';
import { createLogger, type Logger } from '../../ops/logger.js';
import { MetricsRegistry, type MetricsJson } from '../../ops/metrics.js';
import type { ServiceLifecycle } from '../../ops/service-lifecycle.js';
import { validateStoreConfig } from '../../store/config.js';
import { openStore } from '../../store/open-store.js';
import type { TimeSeriesStore } from '../../store/port.js';
import type { AnalyticsReadiness } from '../from-config.js';
import type { ShardOverrides } from './shard-messages.js';
import { shardPlan } from './shard-plan.js';
import { ShardThread } from './shard-thread.js';
import { serveStore } from './store-server.js';

export interface ShardedAnalyticsOptions {
  /** The configuration's file: each shard loads it in its own thread. */
  readonly configFile: string;
  /** Worker threads, 2 or more (one runs the service in this thread: analyticsFromConfig). */
  readonly shards: number;
  readonly overrides: ShardOverrides;
  readonly log?: Logger;
  /** The shards' thread entry; default shard-worker.js compiled beside this module (shardWorkerEntry). */
  readonly workerEntry?: URL;
}

/** /readyz of a sharded service: ready when every shard is; each shard's own answer is in `shards`. */
export interface ShardedReadiness {
  readonly ok: boolean;
  readonly detail: AnalyticsReadiness['detail'] & { readonly shards: readonly ShardState[] };
}

export interface ShardState {
  readonly shard: string;
  readonly ok: boolean;
  readonly enterprises: number;
  readonly reason?: { readonly code: string; readonly message: string };
}

export interface ShardedAnalytics extends ServiceLifecycle<void, ShardedReadiness> {
  readonly mqttUrl: string;
  /** Each shard's enterprises, in shard order. */
  readonly plan: ReadonlyMap<string, readonly string[]>;
  /**
   * Resolves (never rejects) with the first shard that fails while the
   * service runs, and why. Its share is then served by nobody: the caller
   * stops the service and exits non-zero, and the supervisor restarts it whole.
   */
  readonly failure: Promise<{ readonly shard: string; readonly reason: string }>;
}

/**
 * The analytics service on every core: the enterprises are split over
 * `shards` worker threads by rendezvous hashing (shard-plan.ts), each shard
 * a whole analytics service on its share. This thread opens the embedded
 * store once (it is one process's) and serves it to the shards over
 * MessagePorts; with InfluxDB each shard opens its own client. /metrics and
 * /readyz answer for all the shards together.
 */
export async function shardedAnalyticsFromConfig(config: LinewatchConfig, options: ShardedAnalyticsOptions): Promise<ShardedAnalytics> {
  const log = options.log ?? createLogger('analytics');
  const entry = options.workerEntry ?? shardWorkerEntry();
  // Every enterprise of the configuration: the ones the core's enterpriseIds() lists (its catalogue's are among them).
  const plan = shardPlan(
    config.enterprises.map((e) => e.id),
    options.shards,
  );
  const storeConfig = validateStoreConfig(config.store);
  const metrics = new MetricsRegistry();
  let store: TimeSeriesStore | null = null;
  let threads: ShardThread[] = [];
  const stopServing: Array<() => void> = [];
  let reportFailure!: (failure: { shard: string; reason: string }) => void;
  const failure = new Promise<{ shard: string; reason: string }>((resolve) => (reportFailure = resolve));
  const onFailure = (shard: string, reason: string) => {
    log.error({ shard, reason }, 'analytics shard failed; its enterprises are served by nobody, so the service stops');
    reportFailure({ shard, reason });
  };

  metrics
    .gauge('linewatch_analytics_shards', 'Worker threads the analytics service runs its enterprises on.', () => threads.length)
    .aggregate(async () => (await Promise.all(threads.map((t) => t.ask('metrics').catch(() => [])))) as MetricsJson[]);

  async function closeStore(): Promise<void> {
    for (const stop of stopServing.splice(0)) stop();
    await store?.close();
    store = null;
  }

  return {
    metrics,
    plan,
    failure,
    mqttUrl: options.overrides.mqttUrl ?? config.mqtt.url,
    async start() {
      if (storeConfig.kind === 'embedded') store = await openStore(storeConfig);
      // A shard with no enterprise (more shards than enterprises) would only hold a connection: none is started.
      threads = [...plan]
        .filter(([, share]) => share.length > 0)
        .map(([shard, share]) => {
          const transfer: TransferListItem[] = [];
          let storePort: MessageChannel['port2'] | undefined;
          if (store) {
            const channel = new MessageChannel();
            stopServing.push(serveStore(store, channel.port1));
            storePort = channel.port2;
            transfer.push(storePort);
          }
          const data = { shard, share, configFile: options.configFile, overrides: options.overrides, storePort, storeAdapter: storeConfig.kind === 'embedded' ? 'embedded' : 'influxdb' } as const;
          return new ShardThread(shard, entry, data, transfer, onFailure);
        });
      const starts = await Promise.allSettled(threads.map((t) => t.started));
      const failed = starts.flatMap((s) => (s.status === 'rejected' ? [(s.reason as Error).message] : []));
      if (failed.length > 0) {
        // Leave nothing running: the shards that did start stop as they would at SIGTERM.
        await Promise.all(threads.map((t) => t.stop()));
        threads = [];
        await closeStore();
        throw new Error(failed.join('; '));
      }
      log.info({ shards: threads.length, enterprises: [...plan.values()].map((s) => s.length) }, 'analytics shards started');
    },
    async stop() {
      // Every shard finishes its batches in flight, flushes and checkpoints; then the store closes.
      await Promise.all(
        threads.map(async (t) => {
          await t.stop();
          const code = await t.exited;
          // Its stop failed part way (the error is in its own log): said here too, by name, as the process ends.
          if (code !== 0) log.error({ shard: t.name, code }, 'analytics shard did not stop cleanly');
        }),
      );
      await closeStore();
    },
    async ready() {
      const answers = await Promise.all(
        threads.map((t) =>
          (t.ask('ready') as Promise<AnalyticsReadiness>).catch(
            (err: Error): AnalyticsReadiness => ({
              ok: false,
              detail: { mqtt: false, store: { adapter: storeConfig.kind === 'embedded' ? 'embedded' : 'influxdb', ok: false, latencyMs: 0 }, reason: { code: 'LW_SHARD_DOWN', message: err.message } },
            }),
          ),
        ),
      );
      return combineReadiness(
        threads.map((t) => t.name),
        plan,
        answers,
      );
    },
  };
}

/**
 * Every shard's readiness as one answer: ok when all are. The store and the
 * reason shown are those of the shard that says most (failing writes first,
 * then any shard not ready), as one service would say them; `shards` names
 * each shard's own state.
 */
export function combineReadiness(names: readonly string[], plan: ReadonlyMap<string, readonly string[]>, answers: readonly AnalyticsReadiness[]): ShardedReadiness {
  const shards = answers.map((a, i) => ({ shard: names[i], ok: a.ok, enterprises: plan.get(names[i])?.length ?? 0, ...(a.detail.reason ? { reason: a.detail.reason } : {}) }));
  const failingWrites = answers.findIndex((a) => a.detail.store.writes?.ok === false);
  const notReady = answers.findIndex((a) => !a.ok);
  const shown = answers[failingWrites !== -1 ? failingWrites : notReady !== -1 ? notReady : 0];
  const ok = answers.length > 0 && notReady === -1;
  const store = shown?.detail.store ?? { adapter: 'embedded' as const, ok: false, latencyMs: 0 };
  const reason = ok ? undefined : (shown?.detail.reason ?? { code: 'LW_SHARD_DOWN', message: 'no shard is running' });
  return { ok, detail: { mqtt: answers.length > 0 && answers.every((a) => a.detail.mqtt), store, ...(reason ? { reason } : {}), shards } };
}

/**
 * The shards' thread entry: shard-worker.js beside this module when it runs
 * compiled (dist/, as the CLI does); from the TypeScript sources (vitest),
 * the compiled one in dist/, which the test setup builds.
 */
export function shardWorkerEntry(): URL {
  const beside = new URL('./shard-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  return new URL('../../dist/analytics/shards/shard-worker.js', import.meta.url);
}
