import { mkdtempSync, rmSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeSeries } from '../../spc/analyze.js';
import { SIGNAL_NAMES } from '../../spc/signals.js';
import { startEmbeddedStack } from '../../stack/embedded-stack.js';
import { GatewayService } from '../../gateway/gateway-service.js';
import { MemoryOutbox } from '../../gateway/outbox/memory-outbox.js';
import { replayCsv } from '../../gateway/replay.js';
import { createLogger } from '../../ops/logger.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import type { Alert } from '../../monitor/alert.js';
import { pipelineTestConfig, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { writeSeriesCsv, type CsvSeries } from '../support/series-csv.js';

/**
 * SPC state survives a restart of the analytics service: a series replayed
 * in two halves, with the stack stopped and started in between, raises the
 * same alerts (first sample, count) as `analyze` finds on the whole series,
 * whether the state comes back from the checkpoint or, when there is none
 * (a crash before the first one), from the store.
 */
const log = createLogger('restart-test', 'silent');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function replayPart(config: LinewatchConfig, dataDir: string, file: string): Promise<void> {
  const stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, dataDir, log });
  const gateway = new GatewayService(
    { mqttUrl: stack.mqttUrl, enterprise: 'northwind-cable', gateway: 'northwind-gw1', password: TEST_PASSWORDS.gateway, maxBatchPoints: 100, catchUp: 'in-order' },
    { outbox: new MemoryOutbox(), log },
  );
  gateway.start();
  await replayCsv(file, gateway, { rate: 0, enterprise: 'northwind-cable' });
  const deadline = Date.now() + 20_000;
  while (gateway.stats().outbox.batches > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await gateway.stop(0);
  lastAlerts = stack.analytics.alerts.list();
  await stack.stop();
}
let lastAlerts: Alert[] = [];

function halves(series: CsvSeries, dir: string): [string, string] {
  const lines = readFileSync(series.file, 'utf8').trim().split('\n');
  const cut = Math.floor(lines.length / 2);
  const first = join(dir, 'first.csv');
  const second = join(dir, 'second.csv');
  writeFileSync(first, `${lines.slice(0, cut).join('\n')}\n`);
  writeFileSync(second, `${[lines[0], ...lines.slice(cut)].join('\n')}\n`);
  return [first, second];
}

describe('SPC state across an analytics restart', () => {
  it.each([
    ['from the checkpoint', false],
    ['from the store, with no checkpoint (a crash before the first one)', true],
  ])('continues exactly %s', async (_how, dropCheckpoint) => {
    const dir = mkdtempSync(join(tmpdir(), 'linewatch-restart-'));
    dirs.push(dir);
    const dataDir = join(dir, 'data');
    const config = await pipelineTestConfig({ dataDir, baseline: 200 });
    const series = writeSeriesCsv(join(dir, 'all.csv'), {
      enterprise: 'northwind-cable', line: 'extruder-1', characteristic: 'conductor_resistance',
      n: 1200, start: Date.parse('2026-01-01T00:00:00Z'), periodMs: 1000, mean: 11.7, sd: 0.05, driftFrom: 700, driftPerSample: 0.0008, seed: 23,
    });
    const [first, second] = halves(series, dir);
    await replayPart(config, dataDir, first);
    if (dropCheckpoint) unlinkSync(join(dataDir, 'spc-checkpoint.json'));
    await replayPart(config, dataDir, second);

    const report = analyzeSeries({ samples: series.valid.map((v) => v.value), totalRows: series.rows.length, rejected: [], spec: { lsl: null, usl: 12.1 }, options: { baseline: 200 } });
    let compared = 0;
    for (const rule of SIGNAL_NAMES) {
      const at = report.signals[rule].filter((i) => i >= 200);
      const alert = lastAlerts.find((a) => a.rule === rule && a.characteristic === 'conductor_resistance');
      if (at.length === 0) {
        expect(alert, rule).toBeUndefined();
        continue;
      }
      expect(alert?.firstSampleTs, rule).toBe(series.valid[at[0]].ts);
      expect(alert?.count, rule).toBe(at.length);
      compared += 1;
    }
    // The drift starts in the first half and goes on in the second: both halves carry signals.
    expect(compared).toBeGreaterThanOrEqual(3);
  }, 90_000);
});
