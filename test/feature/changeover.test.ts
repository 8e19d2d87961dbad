import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load.js';
import { createLogger } from '../../ops/logger.js';
import { GaugeNoise } from '../../simulators/gauge-noise.js';
import { startEmbeddedStack } from '../../stack/embedded-stack.js';
import { pipelineTestConfigFile, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { startLinewatch } from '../support/processes.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Insulation of the two products the line makes (BV-1.5: 0.7 mm nominal, BV-2.5: 0.8 mm; GB/T 5023.3 table values). */
const LEVEL: Record<string, number> = { 'BV-1.5': 0.7, 'BV-2.5': 0.8 };

/**
 * `linewatch gateway --stdin` lines: a recorded stretch of line extruder-1 at
 * 10 Hz, the product named by an explicit changeover event at each change
 * (as an MES or an operator would send it).
 */
function recording(start: number, runs: ReadonlyArray<readonly [product: string, minutes: number]>): { text: string; readings: number } {
  const noise = new GaugeNoise({ sigma: 0.008, phi: 0.3, tDof: 8, seed: 17 });
  const lines: string[] = [];
  let ts = start;
  let readings = 0;
  for (const [product, minutes] of runs) {
    lines.push(`extruder-1,product,${ts},${product}`);
    for (let i = 0; i < minutes * 600; i++, ts += 100, readings++) lines.push(`extruder-1,insulation_thickness,${ts},${(LEVEL[product] + noise.next()).toFixed(4)}`);
  }
  return { text: `${lines.join('\n')}\n`, readings };
}

describe('a line that changes product mid-stream', () => {
  it('raises no alert at the changeovers and charts each product against its own limits', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linewatch-changeover-'));
    dirs.push(dir);
    const json = (await pipelineTestConfigFile({ dataDir: join(dir, 'data') })) as { products: Array<Record<string, unknown>> };
    json.products.push({ id: 'BV-2.5', name: 'BV 2.5 mm2', standard: 'GB/T 5023.3-2008', characteristics: { insulation_thickness: { lsl: 0.62, nominal: 0.8 }, conductor_resistance: { usl: 7.41 } } });
    const file = join(dir, 'linewatch.json');
    writeFileSync(file, JSON.stringify(json));
    const stack = await startEmbeddedStack({ config: parseConfig(JSON.stringify(json), file, dir), httpPort: 0, mqttPort: 0, log: createLogger('changeover', 'silent') });
    try {
      // An hour ago, replayed: charted in order, as a recording is.
      const start = Math.floor((Date.now() - 3_600_000) / 1000) * 1000;
      const { text, readings } = recording(start, [
        ['BV-1.5', 4],
        ['BV-2.5', 4],
        ['BV-1.5', 2],
      ]);
      const gateway = startLinewatch(
        'gateway',
        ['gateway', '--config', file, '--gateway', 'northwind-gw1', '--stdin', '--mqtt', stack.mqttUrl, '--outbox', join(dir, 'outbox')],
        { LINEWATCH_GATEWAY_PASSWORD: TEST_PASSWORDS.gateway },
        { stdin: true },
      );
      gateway.child.stdin!.end(text);
      await gateway.waitFor(/input ended, \d+ points taken/, 60_000);
      const stored = async () => (await stack.store.readSeries({ enterprise: 'northwind-cable', line: 'extruder-1', characteristic: 'insulation_thickness' }, { from: 0, to: Date.now() })).ts.length;
      for (let waited = 0; (await stored()) < readings && waited < 60_000; waited += 250) await new Promise((r) => setTimeout(r, 250));
      expect(await gateway.terminate()).toBe(0);
      await stack.analytics.drain();

      expect(await stored()).toBe(readings);
      const state = stack.analytics.registry.stateOf('northwind-cable', 'extruder-1', 'insulation_thickness');
      if (typeof state === 'string') throw new Error(state);
      // BV-1.5 locked its limits, BV-2.5 its own after the changeover; the return to BV-1.5 took up BV-1.5's again.
      const history = state.watch.limitsHistory;
      expect(history.map((l) => [l.version, l.product, l.reason])).toEqual([
        [1, 'BV-1.5', 'initial'],
        [2, 'BV-2.5', 'product-change'],
      ]);
      expect(history[0].mean).toBeCloseTo(0.7, 2);
      expect(history[1].mean).toBeCloseTo(0.8, 2);
      expect(state.watch.limits?.version).toBe(1);
      expect(state.product).toBe('BV-1.5');
      // A 0.1 mm step is about twelve standard deviations of one product's readings: charted against
      // one set of limits it would have signalled at once. Nothing was raised.
      expect(stack.analytics.alerts.list()).toEqual([]);
      // Capability is kept per product: BV-2.5's days hold only its own readings.
      const [fromDay, toDay] = [start, start + 10 * 60_000].map((t) => new Date(t).toISOString().slice(0, 10));
      const bv25 = state.evidenceDays(fromDay, toDay).filter((d) => d.product === 'BV-2.5');
      expect(bv25.reduce((n, d) => n + d.n, 0)).toBe(4 * 600);
    } finally {
      await stack.stop();
    }
  }, 120_000);
});
