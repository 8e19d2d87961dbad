import { availableParallelism } from 'node:os';
import path from 'node:path';
import { analyticsFromConfig, MAX_SHARDS, shardedAnalyticsFromConfig } from '../../analytics/index.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import { OPS_FLAGS, OPS_FLAGS_USAGE, opsPortOption, startOpsFromFlags, type OpsFlags } from '../ops-flags.js';
import { createLogger } from '../../ops/logger.js';
import { CliError } from '../cli-error.js';
import { integerOption, parseCommandLine } from '../options.js';
import { loadCommandConfig, readSecret, runUntilSignal } from '../service-runner.js';
import type { Command } from './command.js';
import { storeConfigOf } from '../store-config.js';
import { idProblem } from '../../protocol/ids.js';

const USAGE = `usage: linewatch analytics --config FILE [--service ID] [--password-file FILE] [--mqtt URL] [--shards N | --worker NAME]

Runs the analytics service on its own: takes measurement batches from the
broker, validates, stores, runs SPC, raises alerts, acknowledges to gateways.

  --config FILE         the linewatch configuration (JSON)
  --service ID          its MQTT user: a service with role 'analytics' (default: the first)
  --password-file FILE  its broker password (or set LINEWATCH_MQTT_PASSWORD)
  --mqtt URL            broker URL (default: the configuration's)
  --max-in-flight N     batches processed at once (default 256; per shard)
  --shards N            worker threads the enterprises are sharded over, 1 to ${MAX_SHARDS}
                        (default: the configuration's analytics.shards, else the
                        cores available; 1 runs in one thread; see analytics/shards/README.md)
  --worker NAME         run as one of several workers sharing the enterprises
                        (each owns a fixed share; see analytics/cluster/README.md);
                        names are unique, letters, digits, '_' or '-'
  --handover-delay MS   how long a worker waits before taking over a share (default 2000)
${OPS_FLAGS_USAGE}`;

export const analyticsCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandLine(
      'analytics',
      argv,
      {
        config: { type: 'string' },
        service: { type: 'string' },
        'password-file': { type: 'string' },
        mqtt: { type: 'string' },
        'max-in-flight': { type: 'string' },
        worker: { type: 'string' },
        'handover-delay': { type: 'string' },
        shards: { type: 'string' },
        ...OPS_FLAGS,
      },
      false,
    );
    opsPortOption('analytics', values);
    const config = await loadCommandConfig('analytics', values.config);
    const service = config.services.find((s) => s.role === 'analytics' && (values.service === undefined || s.id === values.service));
    if (!service) throw new CliError('LW_USAGE', `analytics: no service ${values.service ? `'${values.service}' ` : ''}with role 'analytics' in ${config.source}`);
    const worker = values.worker ?? null;
    const workerProblem = worker === null ? null : idProblem('service', worker);
    if (workerProblem) throw new CliError('LW_USAGE', `analytics: --worker: ${workerProblem}`);
    const shards = shardCount(integerOption('analytics', 'shards', values.shards, 1, MAX_SHARDS), config, worker);
    const password = await readSecret('analytics', values['password-file'], 'LINEWATCH_MQTT_PASSWORD');
    const log = createLogger('analytics');
    // The store's section is checked here, so a bad one is a configuration error naming the file; analytics opens the store.
    storeConfigOf('analytics', config);
    const maxInFlight = integerOption('analytics', 'max-in-flight', values['max-in-flight'], 1, 100_000);
    if (shards > 1) {
      const overrides = { mqttUrl: values.mqtt, username: service.id, password, maxInFlight };
      return runSharded(config, path.resolve(values.config!), shards, overrides, values);
    }
    const analytics = await analyticsFromConfig(config, {
      log,
      mqttUrl: values.mqtt,
      username: service.id,
      password,
      maxInFlight,
      worker,
      handoverDelayMs: integerOption('analytics', 'handover-delay', values['handover-delay'], 0, 600_000),
    });
    try {
      await analytics.start();
    } catch (err) {
      throw new CliError('LW_RUNTIME', `analytics: could not start: ${(err as Error).message}`);
    }
    process.stdout.write(`linewatch analytics${worker ? ` worker ${worker}` : ''}: connected to ${analytics.mqttUrl}, store ${config.store.kind}\n`);
    const ops = await startOpsFromFlags('analytics', values, {
      health: () => ({ ok: true }),
      // Ready when it can take batches: connected to the broker, the store answers and its writes succeed (store/write-health.ts).
      ready: () => analytics.ready(),
      metrics: () => analytics.metrics.render(),
    }).catch(async (err) => {
      await analytics.stop();
      throw err;
    });
    return runUntilSignal(async () => {
      await ops?.close();
      await analytics.stop();
    });
  },
};

/**
 * How many shards: --shards, else the configuration's, else one per core
 * available. A cluster worker (--worker) runs in one thread: the cluster
 * already spreads enterprises over processes, and the two shares are not
 * combined, so asking for both is refused rather than half done.
 */
function shardCount(flag: number | undefined, config: LinewatchConfig, worker: string | null): number {
  const asked = flag ?? config.analytics?.shards ?? null;
  if (worker === null) return asked ?? availableParallelism();
  if (asked !== null && asked > 1) {
    const where = flag !== undefined ? `--shards ${flag}` : `analytics.shards ${asked} in ${config.source}`;
    throw new CliError('LW_USAGE', `analytics: --worker runs one thread (the workers share the enterprises between them); ${where} cannot be combined with it: use --shards 1, or run more workers`);
  }
  return 1;
}

/** The enterprises sharded over worker threads; exits non-zero when a shard fails, so the supervisor restarts the whole service. */
async function runSharded(config: LinewatchConfig, configFile: string, shards: number, overrides: Parameters<typeof shardedAnalyticsFromConfig>[1]['overrides'], flags: OpsFlags): Promise<number> {
  const analytics = await shardedAnalyticsFromConfig(config, { configFile, shards, overrides, log: createLogger('analytics') });
  try {
    await analytics.start();
  } catch (err) {
    throw new CliError('LW_RUNTIME', `analytics: could not start: ${(err as Error).message}`);
  }
  process.stdout.write(`linewatch analytics: connected to ${analytics.mqttUrl}, store ${config.store.kind}, ${shards} shards\n`);
  const ops = await startOpsFromFlags('analytics', flags, {
    health: () => ({ ok: true }),
    // Ready when every shard is: connected, and the store answers and takes its writes.
    ready: () => analytics.ready(),
    metrics: () => analytics.metrics.render(),
  }).catch(async (err) => {
    await analytics.stop();
    throw err;
  });
  // Once, whether a signal or a failed shard asks first.
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await ops?.close();
      await analytics.stop();
    })();
    return stopping;
  };
  const failed = analytics.failure.then(async ({ shard, reason }) => {
    await stop();
    throw new CliError('LW_RUNTIME', `analytics: ${shard} failed (${reason}); stopped the other shards so the service restarts whole`, 1);
  });
  return Promise.race([runUntilSignal(stop), failed]);
}
