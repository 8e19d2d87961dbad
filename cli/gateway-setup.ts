import path from 'node:path';
import type { LinewatchConfig } from '../config/resolve.js';
import { gatewayFromConfig, OutboxOpenError, type FullPolicy, type GatewayOptions, type GatewayRuntime } from '../gateway/index.js';
import { createLogger } from '../ops/logger.js';
import { CliError } from './cli-error.js';
import { integerOption } from './options.js';
import { readSecret } from './service-runner.js';

export interface GatewayFlags {
  gateway?: string;
  'password-file'?: string;
  outbox?: string;
  mqtt?: string;
  'outbox-max-batches'?: string;
  'outbox-max-bytes'?: string;
  'outbox-full-policy'?: string;
  'max-batch-points'?: string;
  'backlog-window'?: string;
}

const FULL_POLICIES: readonly FullPolicy[] = ['block', 'reject', 'drop-oldest'];

export const GATEWAY_FLAGS = {
  gateway: { type: 'string' },
  'password-file': { type: 'string' },
  outbox: { type: 'string' },
  mqtt: { type: 'string' },
  'outbox-max-batches': { type: 'string' },
  'outbox-max-bytes': { type: 'string' },
  'outbox-full-policy': { type: 'string' },
  'max-batch-points': { type: 'string' },
  'backlog-window': { type: 'string' },
} as const;

export const GATEWAY_FLAGS_USAGE = `  --gateway ID          the gateway (its MQTT user), from the configuration
  --password-file FILE  its broker password (or set LINEWATCH_GATEWAY_PASSWORD)
  --outbox DIR          its disk outbox (default data/outbox/<gateway>)
  --mqtt URL            broker URL (default: the configuration's)
  --outbox-max-batches N  batches the outbox holds at most (default 100000)
  --outbox-max-bytes N    bytes the outbox holds at most (default 1 GiB)
  --outbox-full-policy P  when full: block (hold the source back, default), reject
                        (refuse and count the batch) or drop-oldest (gateway/outbox/README.md)
  --max-batch-points N  points per batch (default 500)
  --backlog-window N    batches of a backlog in flight at most while catching up (default 16)`;

/** Opens the gateway's disk outbox and builds (not yet starts) the gateway a command runs. */
export async function setUpGateway(command: string, config: LinewatchConfig, flags: GatewayFlags, tuning: Partial<Pick<GatewayOptions, 'ackTimeoutMs' | 'catchUp'>> = {}): Promise<GatewayRuntime> {
  if (flags.gateway === undefined) throw new CliError('LW_USAGE', `${command}: --gateway ID is required (one of: ${config.gateways.map((g) => g.id).join(', ') || 'none configured'})`);
  const entry = config.gateways.find((g) => g.id === flags.gateway);
  if (!entry) throw new CliError('LW_USAGE', `${command}: no gateway '${flags.gateway}' in ${config.source}`);
  const password = await readSecret(command, flags['password-file'], 'LINEWATCH_GATEWAY_PASSWORD');
  const dir = flags.outbox ?? path.resolve('data', 'outbox', entry.id);
  const policy = flags['outbox-full-policy'];
  if (policy !== undefined && !FULL_POLICIES.includes(policy as FullPolicy)) {
    throw new CliError('LW_USAGE', `${command}: --outbox-full-policy must be one of ${FULL_POLICIES.join(', ')}, got '${policy}'`);
  }
  const outbox = {
    dir,
    maxBatches: integerOption(command, 'outbox-max-batches', flags['outbox-max-batches'], 1, Number.MAX_SAFE_INTEGER),
    maxBytes: integerOption(command, 'outbox-max-bytes', flags['outbox-max-bytes'], 1024, Number.MAX_SAFE_INTEGER),
    fullPolicy: policy as FullPolicy | undefined,
  };
  const settings = {
    maxBatchPoints: integerOption(command, 'max-batch-points', flags['max-batch-points'], 1, 10_000),
    backlogWindow: integerOption(command, 'backlog-window', flags['backlog-window'], 1, 100_000),
  };
  try {
    return await gatewayFromConfig(
      { mqttUrl: flags.mqtt ?? config.mqtt.url, enterprise: entry.enterprise, gateway: entry.id, password, ...settings, ...tuning, outbox },
      { log: createLogger(`gateway-${entry.id}`) },
    );
  } catch (err) {
    if (err instanceof OutboxOpenError) throw new CliError('LW_RUNTIME', `${command}: ${err.message}`);
    throw err;
  }
}
