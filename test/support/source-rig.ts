import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../config/load.js';
import type { CharacteristicName } from '../../domain/characteristics.js';
import { createLogger } from '../../ops/logger.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import { pipelineTestConfigFile, TEST_PASSWORDS } from './pipeline-config.js';
import { startLinewatch, type ServiceProcess } from './processes.js';
import { eventually } from './eventually.js';

/** The test configuration's enterprise, line and gateway every source test reads into. */
export const RIG_ENTERPRISE = 'northwind-cable';
export const RIG_LINE = 'extruder-1';
export const RIG_GATEWAY = 'northwind-gw1';

/**
 * A whole linewatch on loopback for gateway-source tests: the embedded stack
 * (real aedes broker, analytics, the embedded store) in this process, and
 * `linewatch gateway --source FILE` as its own process, started, killed
 * (-9) and restarted on the same disk outbox as in a plant. What a test
 * checks is what the stack holds: the points stored, and how many readings
 * the live series state has charted.
 */
export interface SourceRig {
  readonly dir: string;
  readonly stack: EmbeddedStack;
  /** Writes `source` (a source file's JSON) into the rig's folder and returns its path. */
  writeSource(name: string, source: unknown): string;
  /** `linewatch gateway --source FILE` as its own process on the rig's outbox; resolves once it says it is reading. */
  startGateway(sourceFile: string): Promise<ServiceProcess>;
  /** The stored points of one series of the rig's line, oldest first. */
  stored(characteristic: CharacteristicName): Promise<Array<{ ts: number; value: number }>>;
  /** Readings of one series the analytics service has taken in live (0 when the series has none yet). */
  charted(characteristic: CharacteristicName): number;
  /** Waits until `check` passes (retrying on any thrown assertion), or throws its last failure after `timeoutMs`. */
  eventually(check: () => Promise<void> | void, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startSourceRig(options: { live?: Record<string, unknown>; sparkplug?: boolean } = {}): Promise<SourceRig> {
  const dir = mkdtempSync(join(tmpdir(), 'linewatch-source-'));
  const json = await pipelineTestConfigFile({ dataDir: join(dir, 'data'), ...(options.live ? { live: options.live } : {}), ...(options.sparkplug ? { sparkplug: true } : {}) });
  const configFile = join(dir, 'linewatch.json');
  writeFileSync(configFile, JSON.stringify(json));
  const stack = await startEmbeddedStack({ config: parseConfig(JSON.stringify(json), configFile, dir), httpPort: 0, mqttPort: 0, log: createLogger('source-rig', 'silent') });
  const gateways: ServiceProcess[] = [];
  return {
    dir,
    stack,
    writeSource(name, source) {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(source, null, 2));
      return file;
    },
    async startGateway(sourceFile) {
      const args = ['gateway', '--config', configFile, '--gateway', RIG_GATEWAY, '--source', sourceFile, '--mqtt', stack.mqttUrl, '--outbox', join(dir, 'outbox')];
      const gateway = startLinewatch(`gateway ${sourceFile}`, args, { LINEWATCH_GATEWAY_PASSWORD: TEST_PASSWORDS.gateway });
      gateways.push(gateway);
      await gateway.waitFor(/reading \w+ source/);
      return gateway;
    },
    async stored(characteristic) {
      const series = await stack.store.readSeries({ enterprise: RIG_ENTERPRISE, line: RIG_LINE, characteristic }, { from: 0, to: Date.now() + 3_600_000 });
      return Array.from(series.ts, (ts, i) => ({ ts, value: series.value[i] }));
    },
    charted(characteristic) {
      const state = stack.analytics.registry.stateOf(RIG_ENTERPRISE, RIG_LINE, characteristic);
      return typeof state === 'string' ? 0 : state.stats.count;
    },
    eventually: (check, timeoutMs = 20_000) => eventually(check, timeoutMs, 200),
    async close() {
      for (const g of gateways) await g.terminate();
      await stack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
