import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LinewatchConfig } from '../../config/resolve.js';
import type { Alert, AlertEvent } from '../../monitor/alert.js';
import { EpisodeBook } from '../../monitor/episode-book.js';
import { SeriesWatch } from '../../monitor/series-watch.js';
import { startEmbeddedStack, type EmbeddedStack } from '../../stack/embedded-stack.js';
import { connectGateway, type GatewayService } from '../../gateway/index.js';
import { FileOutbox } from '../../gateway/outbox/file-outbox.js';
import { replayCsv } from '../../gateway/replay.js';
import { decodeDeadLetter, isPointsDeadLetter } from '../../protocol/dead-letter.js';
import { createLogger } from '../../ops/logger.js';
import { REPO_ROOT } from '../support/cli.js';
import { pipelineTestConfig, TEST_PASSWORDS } from '../support/pipeline-config.js';
import { readCsvSeries, writeSeriesCsv, type CsvSeries } from '../support/series-csv.js';

const EXAMPLE = join(REPO_ROOT, 'test', 'fixtures', 'spc-examples', 'c02_step_shift_thickness.csv');

/** The worked example with bad rows slipped in between its readings (half a second after the row before). */
function exampleWithBadRows(file: string): CsvSeries {
  const lines = readFileSync(EXAMPLE, 'utf8').trim().split('\n');
  const bad: Record<number, string> = { 10: '', 50: 'NaN', 120: '-0.5', 230: 'abc', 260: 'Inf', 480: '1e9' };
  const out = [lines[0]];
  for (let i = 1; i < lines.length; i++) {
    out.push(lines[i]);
    const text = bad[i];
    if (text !== undefined) {
      const [ts, e, l, c] = lines[i].split(',');
      out.push(`${new Date(Date.parse(ts) + 500).toISOString()},${e},${l},${c},${text}`);
    }
  }
  writeFileSync(file, `${out.join('\n')}\n`);
  return readCsvSeries(file);
}

describe('the live pipeline, end to end over real MQTT', () => {
  let dir: string;
  let stack: EmbeddedStack;
  let gateway: GatewayService;
  const deadLetters: Array<{ point: unknown; reason: string }> = [];
  let series: CsvSeries[];
  let watcher: mqtt.MqttClient;
  let config: LinewatchConfig;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linewatch-e2e-'));
    config = await pipelineTestConfig({ dataDir: join(dir, 'data') });
    stack = await startEmbeddedStack({ config, httpPort: 0, mqttPort: 0, log: createLogger('e2e', 'silent') });
    // The dashboard service may read dead letters: collect them as a person's tool would.
    watcher = await mqtt.connectAsync(stack.mqttUrl, { username: 'dashboard', password: TEST_PASSWORDS.dashboard, clientId: 'dashboard:e2e' });
    watcher.on('message', (_topic, payload) => {
      const letter = decodeDeadLetter(payload);
      if (letter.ok && isPointsDeadLetter(letter.value)) for (const r of letter.value.rejected) deadLetters.push({ point: r.point, reason: r.reason });
    });
    await watcher.subscribeAsync('linewatch/v1/northwind-cable/+/deadletter', { qos: 1 });

    series = [
      exampleWithBadRows(join(dir, 'thickness.csv')),
      writeSeriesCsv(join(dir, 'resistance.csv'), {
        enterprise: 'northwind-cable',
        line: 'extruder-1',
        characteristic: 'conductor_resistance',
        n: 6000,
        start: Date.parse('2026-01-01T00:00:00Z'),
        periodMs: 100,
        mean: 11.7,
        sd: 0.05,
        driftFrom: 3000,
        driftPerSample: 0.0002,
        seed: 5,
        raw: { 0: 'x', 777: '', 4000: '-3', 5999: 'NaN' },
      }),
      // A line the configuration does not know: every row must come back as a dead letter.
      writeSeriesCsv(join(dir, 'unknown-line.csv'), {
        enterprise: 'northwind-cable',
        line: 'extruder-9',
        characteristic: 'conductor_resistance',
        n: 30,
        start: Date.parse('2026-01-01T00:00:00Z'),
        periodMs: 100,
        mean: 11.7,
        sd: 0.05,
        seed: 6,
      }),
    ];
    const outbox = await FileOutbox.open({ dir: join(dir, 'outbox') });
    gateway = connectGateway(
      { mqttUrl: stack.mqttUrl, enterprise: 'northwind-cable', gateway: 'northwind-gw1', password: TEST_PASSWORDS.gateway, maxBatchPoints: 250, catchUp: 'in-order' }, // a replay of recorded data, as `linewatch replay` sends it
      { outbox, log: createLogger('e2e-gateway', 'silent') },
    );
    gateway.start();
    for (const s of series) await replayCsv(s.file, gateway, { rate: 0, enterprise: 'northwind-cable' });
    await waitFor(() => gateway.stats().outbox.batches === 0, 30_000, 'every batch acknowledged');
    await stack.analytics.drain();
    await waitFor(() => deadLetters.length >= series.reduce((n, s) => n + s.bad.length, 0) + 30, 10_000, 'dead letters');
  }, 120_000);

  afterAll(async () => {
    await watcher?.endAsync();
    await gateway?.stop(0);
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores every valid point exactly once, and nothing else', async () => {
    for (const s of series.slice(0, 2)) {
      const { line, characteristic } = s.rows[0];
      const stored = await stack.store.readSeries({ enterprise: 'northwind-cable', line, characteristic: characteristic as 'conductor_resistance' }, { from: 0, to: Date.parse('2030-01-01') });
      expect(Array.from(stored.ts)).toEqual(s.valid.map((v) => v.ts));
      expect(Array.from(stored.value)).toEqual(s.valid.map((v) => v.value));
    }
    const unknown = await stack.store.summarize({ from: 0, to: Date.parse('2030-01-01'), line: 'extruder-9' });
    expect(unknown).toEqual([]);
    const counters = stack.analytics.counters;
    expect(counters.stored).toBe(series[0].valid.length + series[1].valid.length);
    expect(counters.duplicates).toBe(0);
  });

  it('puts every bad row on the dead-letter topic with its reason', () => {
    const bad = series.flatMap((s) => s.bad);
    const unknownLine = series[2].rows;
    expect(deadLetters).toHaveLength(bad.length + unknownLine.length);
    for (const row of bad) {
      const ts = Date.parse(row.ts);
      const letter = deadLetters.find((d) => (d.point as { ts?: number }).ts === ts && (d.point as { line?: string }).line === row.line);
      expect(letter, `row ${row.row} of ${row.characteristic} (${JSON.stringify(row.value)})`).toBeDefined();
      expect(letter!.reason).toMatch(row.value === '1e9' ? /outside the plausible range/ : /value/);
    }
    expect(deadLetters.filter((d) => /no line 'extruder-9'/.test(d.reason))).toHaveLength(unknownLine.length);
  });

  it('raises exactly the episodes the live engine finds replaying the same readings offline (what `linewatch monitor` runs)', () => {
    for (const s of series.slice(0, 2)) {
      const { line, characteristic } = s.rows[0];
      const ref = { enterprise: 'northwind-cable', line, characteristic };
      const spec = { lsl: characteristic === 'insulation_thickness' ? 0.53 : null, usl: characteristic === 'conductor_resistance' ? 12.1 : null };
      const book = new EpisodeBook();
      const watch = new SeriesWatch(ref, spec, config.live.optionsFor(characteristic));
      const events: AlertEvent[] = [];
      for (const v of s.valid) watch.push(v.ts, v.value, book, v.ts, events);
      const offline = book.list().map(summary).reverse();
      const live = stack.analytics.alerts.list({ enterprise: 'northwind-cable', line, characteristic }).map(summary).reverse();
      expect(offline.length, `episodes on ${characteristic}`).toBeGreaterThan(0);
      expect(live).toEqual(offline);
    }
  });
});

/** What an episode found, without the server times at which it was raised or acted on. */
function summary(a: Alert) {
  return {
    id: a.id,
    rules: a.rules,
    severity: a.severity,
    firstSampleTs: a.firstSampleTs,
    lastSampleTs: a.lastSampleTs,
    count: a.count,
    status: a.status,
    resolvedSampleTs: a.resolvedSampleTs,
    outOfSpec: a.outOfSpec,
  };
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
