import type { MessagePort } from 'node:worker_threads';
import { loadConfig } from '../../config/load.js';
import { createLogger } from '../../ops/logger.js';
import { MetricsRegistry } from '../../ops/metrics.js';
import { clientIdFor } from '../../protocol/client-id.js';
import { analyticsFromConfig, type Analytics } from '../from-config.js';
import { checkpointFile } from '../monitoring/checkpoint.js';
import type { FromShard, ShardWorkerData, ToShard } from './shard-messages.js';
import { StoreProxy } from './store-proxy.js';

/**
 * One shard, in its own thread: the analytics service as analyticsFromConfig
 * builds it, on its share of the enterprises, with its own MQTT connection
 * (client id `<user>:shard-<i>`), checkpoint and metrics, and the main
 * thread's store behind a proxy. Says `started` (or `failed`, having left
 * nothing running), answers readiness and metrics questions, and on `stop`
 * finishes its batches in flight, flushes, checkpoints and says `stopped`.
 */
export async function runShard(data: ShardWorkerData, parent: MessagePort): Promise<void> {
  const say = (message: FromShard) => parent.postMessage(message);
  const log = createLogger('analytics').child({ shard: data.shard });
  const store = data.storePort ? new StoreProxy(data.storePort, data.storeAdapter) : undefined;
  let analytics: Analytics;
  try {
    const config = await loadConfig(data.configFile);
    analytics = await analyticsFromConfig(config, {
      ...data.overrides,
      log,
      store,
      // The process's CPU and memory are the main thread's to report, once; a shard's would be counted N times.
      metrics: new MetricsRegistry({ processMetrics: false }),
      share: data.share,
      clientId: clientIdFor(data.overrides.username, data.shard),
      checkpointPath: checkpointFile(config, data.shard),
    });
    await analytics.start();
  } catch (err) {
    say({ type: 'failed', message: (err as Error).message });
    data.storePort?.close();
    parent.close();
    return;
  }
  const started = analytics;
  let stopping = false;
  parent.on('message', (message: ToShard) => {
    if (message.type === 'ready') void started.ready().then((value) => say({ type: 'answer', id: message.id, value }));
    else if (message.type === 'metrics') void started.metrics.json().then((value) => say({ type: 'answer', id: message.id, value }));
    else if (!stopping) {
      stopping = true;
      void stop(started);
    }
  });
  say({ type: 'started', series: started.core.registry.size });

  /** A failed stop is thrown out of the thread: the main thread sees its non-zero exit and says so with the shard's name. */
  async function stop(running: Analytics): Promise<void> {
    await running.stop();
    await store?.close();
    say({ type: 'stopped' });
    // Nothing left to keep the thread alive: it ends, and the main thread sees it exit with 0.
    data.storePort?.close();
    parent.close();
  }
}
