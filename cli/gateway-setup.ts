import path from 'node:path';
import type { LinewatchConfig } from '../config/resolve.js';
import { FileOutbox } from '../gateway/outbox/file-outbox.js';
import { GatewayService } from '../gateway/gateway-service.js';
import type { GatewayOptions } from '../gateway/options.js';
import { createLogger } from '../ops/logger.js';
import { CliError } from './cli-error.js';
import { readSecret } from './service-runner.js';

export interface GatewayFlags {
  gateway?: string;
  'password-file'?: string;
  outbox?: string;
  mqtt?: string;
}

export const GATEWAY_FLAGS = {
  gateway: { type: 'string' },
  'password-file': { type: 'string' },
  outbox: { type: 'string' },
  mqtt: { type: 'string' },
} as const;

export const GATEWAY_FLAGS_USAGE = `  --gateway ID          the gateway (its MQTT user), from the configuration
  --password-file FILE  its broker password (or set LINEWATCH_GATEWAY_PASSWORD)
  --outbox DIR          its disk outbox (default data/outbox/<gateway>)
  --mqtt URL            broker URL (default: the configuration's)`;

/** Opens the gateway's disk outbox and builds (not yet starts) the gateway a command runs. */
export async function setUpGateway(command: string, config: LinewatchConfig, flags: GatewayFlags, tuning: Partial<Pick<GatewayOptions, 'ackTimeoutMs'>> = {}): Promise<GatewayService> {
  if (flags.gateway === undefined) throw new CliError('LW_USAGE', `${command}: --gateway ID is required (one of: ${config.gateways.map((g) => g.id).join(', ') || 'none configured'})`);
  const entry = config.gateways.find((g) => g.id === flags.gateway);
  if (!entry) throw new CliError('LW_USAGE', `${command}: no gateway '${flags.gateway}' in ${config.source}`);
  const password = await readSecret(command, flags['password-file'], 'LINEWATCH_GATEWAY_PASSWORD');
  const dir = flags.outbox ?? path.resolve('data', 'outbox', entry.id);
  let outbox: FileOutbox;
  try {
    outbox = await FileOutbox.open({ dir });
  } catch (err) {
    throw new CliError('LW_RUNTIME', `${command}: cannot open the outbox in ${dir}: ${(err as Error).message}`);
  }
  return new GatewayService(
    { mqttUrl: flags.mqtt ?? config.mqtt.url, enterprise: entry.enterprise, gateway: entry.id, password, ...tuning },
    { outbox, log: createLogger(`gateway-${entry.id}`) },
  );
}
