import { ConfigError } from '../config/config-error.js';
import type { LinewatchConfig } from '../config/resolve.js';
import { registerSourceMetrics, sourceFromFile, SourceRunner, type GatewaySource } from '../gateway/index.js';
import { createLogger } from '../ops/logger.js';
import { CliError } from './cli-error.js';
import { setUpGateway, type GatewayFlags } from './gateway-setup.js';
import { startOpsFromFlags, type OpsFlags } from './ops-flags.js';
import { runUntilSignal } from './service-runner.js';

/**
 * `linewatch gateway --source FILE`: the gateway reads the gauges and PLCs
 * its source file names (gateway/sources/) into its disk outbox. Ready on
 * /readyz while both the broker and the source's device are connected.
 */
export async function runSourceGateway(config: LinewatchConfig, flags: GatewayFlags & OpsFlags, file: string): Promise<number> {
  const log = createLogger(`gateway-${flags.gateway ?? 'unknown'}`);
  let source: GatewaySource;
  try {
    source = await sourceFromFile(file, { log });
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError('LW_CONFIG', `gateway: ${err.message}`);
    throw err;
  }
  const runtime = await setUpGateway('gateway', config, flags);
  const runner = new SourceRunner(source, runtime.gateway, log);
  registerSourceMetrics(runtime.metrics, runner);
  await runtime.start();
  const ops = await startOpsFromFlags('gateway', flags, {
    health: () => ({ ok: true }),
    ready: async () => {
      const bus = await runtime.ready();
      const { connected } = runner.stats();
      return { ok: bus.ok && connected, detail: { ...bus.detail, source: source.kind, sourceConnected: connected } };
    },
    metrics: () => runtime.metrics.render(),
  });
  await runner.start();
  process.stdout.write(`linewatch gateway ${flags.gateway}: reading ${source.kind} source ${file}\n`);
  return runUntilSignal(async () => {
    await runner.stop();
    await ops?.close();
    await runtime.stop();
  });
}
