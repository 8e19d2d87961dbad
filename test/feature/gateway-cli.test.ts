import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedStack } from '../../stack/embedded-stack.js';
import { parseConfig } from '../../config/load.js';
import { createLogger } from '../../ops/logger.js';
import { pipelineTestConfigFile, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { startLinewatch } from '../support/processes.js';
import { runLinewatch } from '../support/cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('linewatch gateway as its own process', () => {
  it('--simulate streams its share of the simulated fleet at 10 Hz, stored by analytics', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linewatch-gateway-cli-'));
    dirs.push(dir);
    const json = await pipelineTestConfigFile({ dataDir: join(dir, 'data') });
    const file = join(dir, 'linewatch.json');
    writeFileSync(file, JSON.stringify(json));
    const stack = await startEmbeddedStack({ config: parseConfig(JSON.stringify(json), file, dir), httpPort: 0, mqttPort: 0, log: createLogger('gw-cli', 'silent') });
    try {
      const gateway = startLinewatch('gateway', ['gateway', '--config', file, '--gateway', 'northwind-gw1', '--simulate', '--mqtt', stack.mqttUrl, '--outbox', join(dir, 'outbox')], {
        LINEWATCH_GATEWAY_PASSWORD: TEST_PASSWORDS.gateway,
      });
      await gateway.waitFor(/simulating 2 series/);
      await new Promise((r) => setTimeout(r, 3000));
      expect(await gateway.terminate()).toBe(0);
      await stack.analytics.drain();
      const summaries = await stack.store.summarize({ from: 0, to: Date.now() + 60_000, enterprise: 'northwind-cable' });
      expect(summaries.map((s) => s.key.characteristic).sort()).toEqual(['conductor_resistance', 'insulation_thickness']);
      for (const s of summaries) {
        // About 3 s at 10 Hz, give or take start-up.
        expect(s.count).toBeGreaterThan(15);
        expect(s.count).toBeLessThan(60);
      }
    } finally {
      await stack.stop();
    }
  }, 60_000);

  it('needs exactly one source, and says so in one line', () => {
    const r = runLinewatch(['gateway', '--config', 'config/demo.json', '--gateway', 'jinxing-gw1']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('linewatch gateway: choose one source: --source FILE, --stdin or --simulate (or use linewatch replay FILE.csv)');
    const two = runLinewatch(['gateway', '--config', 'config/demo.json', '--gateway', 'jinxing-gw1', '--stdin', '--source', 'x.json']);
    expect(two.code).toBe(2);
    expect(two.stderr.trim()).toBe(r.stderr.trim());
  });

  it('answers a source file it cannot use with one line per problem and its path, before connecting', () => {
    const dir = mkdtempSync(join(tmpdir(), 'linewatch-gateway-source-'));
    dirs.push(dir);
    const file = join(dir, 'source.json');
    writeFileSync(file, JSON.stringify({ kind: 'modbus', host: 'plc', registers: [{ table: 'coil', address: 0, type: 'uint16', line: 'L1', characteristic: 'conductor_diameter' }] }));
    const r = runLinewatch(['gateway', '--config', 'config/demo.json', '--gateway', 'jinxing-gw1', '--source', file]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(file);
    expect(r.stderr).toMatch(/registers\[0\]\.table/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    writeFileSync(file, JSON.stringify({ kind: 'profibus' }));
    const unknown = runLinewatch(['gateway', '--config', 'config/demo.json', '--gateway', 'jinxing-gw1', '--source', file]);
    expect(unknown.stderr).toMatch(/kind: expected the source kind, one of opcua, modbus, telegram, sparkplug, got "profibus"/);
  });
});
