import { mkdtempSync, rmSync, unlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EpisodeBook } from '../../monitor/episode-book.js';
import { SeriesWatch } from '../../monitor/series-watch.js';
import type { AlertEvent } from '../../monitor/alert.js';
import { startEmbeddedStack } from '../../stack/embedded-stack.js';
import { connectGateway } from '../../gateway/index.js';
import { MemoryOutbox } from '../../gateway/outbox/memory-outbox.js';
import { replayCsv } from '../../gateway/replay.js';
import { createLogger } from '../../ops/logger.js';
import type { LinewatchConfig } from '../../config/resolve.js';
import type { Alert } from '../../monitor/alert.js';
import type { SeriesDay } from '../../domain/daily-evidence.js';
import { pipelineTestConfig, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { writeSeriesCsv, type CsvSeries } from '../support/series-csv.js';

/**
 * The live monitor's state survives a restart of the analytics service: a
 * series replayed in two halves, with the stack stopped and started in
 * between, raises the same episodes (first sample, rules, counts) as the
 * engine finds running over the whole series without a stop, whether the
 * state comes back from the checkpoint or, when there is none (a crash
 * before the first one), from the store.
 */
const log = createLogger('restart-test', 'silent');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function replayPart(config: LinewatchConfig, dataDir: string, file: string): Promise<void> {
  const stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, dataDir, log });
  const gateway = connectGateway(
    { mqttUrl: stack.mqttUrl, enterprise: 'northwind-cable', gateway: 'northwind-gw1', password: TEST_PASSWORDS.gateway, maxBatchPoints: 100, catchUp: 'in-order' },
    { outbox: new MemoryOutbox(), log },
  );
  gateway.start();
  await replayCsv(file, gateway, { rate: 0, enterprise: 'northwind-cable' });
  const deadline = Date.now() + 20_000;
  while (gateway.stats().outbox.batches > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await gateway.stop(0);
  lastAlerts = stack.analytics.alerts.list();
  lastDays = stack.analytics.riskDirectory.dailyEvidence('northwind-cable', '2026-01-01', '2026-01-01')?.series ?? [];
  await stack.stop();
}
let lastAlerts: Alert[] = [];
let lastDays: SeriesDay[] = [];

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
  ])(
    'continues exactly %s',
    async (_how, dropCheckpoint) => {
      const dir = mkdtempSync(join(tmpdir(), 'linewatch-restart-'));
      dirs.push(dir);
      const dataDir = join(dir, 'data');
      const config = await pipelineTestConfig({ dataDir, baseline: 200 });
      const series = writeSeriesCsv(join(dir, 'all.csv'), {
        enterprise: 'northwind-cable',
        line: 'extruder-1',
        characteristic: 'conductor_resistance',
        n: 1200,
        start: Date.parse('2026-01-01T00:00:00Z'),
        periodMs: 1000,
        mean: 11.7,
        sd: 0.05,
        driftFrom: 700,
        driftPerSample: 0.0008,
        seed: 23,
      });
      const [first, second] = halves(series, dir);
      await replayPart(config, dataDir, first);
      if (dropCheckpoint) unlinkSync(join(dataDir, 'spc-checkpoint.json'));
      await replayPart(config, dataDir, second);

      const book = new EpisodeBook();
      const watch = new SeriesWatch(
        { enterprise: 'northwind-cable', line: 'extruder-1', characteristic: 'conductor_resistance' },
        { lsl: null, usl: 12.1 },
        config.live.optionsFor('conductor_resistance'),
      );
      const events: AlertEvent[] = [];
      for (const v of series.valid) watch.push(v.ts, v.value, book, v.ts, events);
      const found = (a: Alert) => ({ id: a.id, rules: a.rules, severity: a.severity, firstSampleTs: a.firstSampleTs, lastSampleTs: a.lastSampleTs, count: a.count, status: a.status });
      const offline = book.list().map(found);
      // The limits lock in the first half and the drift starts in the second: the episodes need the state carried over.
      expect(watch.limitsHistory[0].lockedAtTs).toBeLessThan(series.valid[600].ts);
      expect(offline.length).toBeGreaterThan(0);
      expect(lastAlerts.filter((a) => a.characteristic === 'conductor_resistance').map(found)).toEqual(offline);
      // The day's evidence covers both halves: from the checkpoint, or rebuilt from the store's history.
      const day = lastDays.find((d) => d.characteristic === 'conductor_resistance')!;
      const values = series.valid.map((v) => v.value);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      expect(day).toMatchObject({ day: '2026-01-01', n: values.length, outOfSpec: values.filter((v) => v > 12.1).length });
      expect(day.mean).toBeCloseTo(mean, 9);
      expect(day.m2 / values.reduce((a, v) => a + (v - mean) ** 2, 0)).toBeCloseTo(1, 9);
    },
    90_000,
  );
});
