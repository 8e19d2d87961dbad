/**
 * Product changeovers recorded: the analytics core, fed batches whose points
 * name the product their line makes, writes one `product.changed` record per
 * line and changeover to a real embedded store (all characteristics of a
 * line switch together), and none for readings of the product already made.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AnalyticsCore } from '../../../analytics/service/analytics-core.js';
import type { AnalyticsOutputs } from '../../../analytics/service/analytics-outputs.js';
import { parseConfig } from '../../../config/load.js';
import { catalogFromConfig, enterpriseProfiles } from '../../../core/catalog/config-catalog.js';
import { readEventLog } from '../../../protocol/event-log/read-event-log.js';
import type { ProductChange } from '../../../protocol/event-log/product-records.js';
import { createMeasurementBatchDecoder, encodeMeasurementBatch, type MeasurementPoint } from '../../../protocol/measurement-batch.js';
import { openStore } from '../../../store/open-store.js';
import type { StoredEvent, TimeSeriesStore } from '../../../store/port.js';
import { pipelineTestConfigFile } from '../../support/pipeline-config.js';

const NOW = Date.UTC(2026, 10, 23, 9, 0, 0);
const ENTERPRISE = 'northwind-cable';
const LINE = 'extruder-1';

const silentOutputs: AnalyticsOutputs = { ack() {}, deadLetter() {}, alert() {}, finding() {}, risk() {} };

let dir: string;
let store: TimeSeriesStore;
let core: AnalyticsCore;
let seq = 0;

/** The pipeline tests' configuration with a second product, BV-2.5, the line can change to. */
async function configWithTwoProducts(dataDir: string) {
  const file = await pipelineTestConfigFile({ dataDir });
  (file.products as unknown[]).push({ id: 'BV-2.5', name: 'BV 2.5 mm2', characteristics: { insulation_thickness: { lsl: 0.62, nominal: 0.8 }, conductor_resistance: { usl: 7.41 } } });
  return parseConfig(JSON.stringify(file), 'changeovers.json', dataDir);
}

function openCore(s: TimeSeriesStore, config: Awaited<ReturnType<typeof configWithTwoProducts>>) {
  return new AnalyticsCore(
    { live: config.live, risk: config.risk, checkpointPath: null },
    {
      store: s,
      catalog: catalogFromConfig(config),
      enterprises: enterpriseProfiles(config),
      decodeBatch: createMeasurementBatchDecoder(),
      outputs: silentOutputs,
      log: pino({ level: 'silent' }),
      clock: () => NOW,
    },
  );
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'linewatch-changeovers-'));
  store = await openStore({ kind: 'embedded', dataDir: join(dir, 'data') });
  core = openCore(store, await configWithTwoProducts(join(dir, 'data')));
  await core.open();
});

afterEach(async () => {
  await core.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Both characteristics of the line at `ts`, made as `product` (absent: no product named). */
function reading(ts: number, product?: string): MeasurementPoint[] {
  const extra = product === undefined ? {} : { product };
  return [
    { line: LINE, characteristic: 'insulation_thickness', ts, value: 0.71, ...extra },
    { line: LINE, characteristic: 'conductor_resistance', ts, value: 7.2, ...extra },
  ];
}

async function send(points: MeasurementPoint[]): Promise<void> {
  await core.ingest(ENTERPRISE, 'northwind-gw1', encodeMeasurementBatch(++seq, points));
}

async function storedChanges(): Promise<ProductChange[]> {
  const out: ProductChange[] = [];
  const bad: unknown[] = [];
  for await (const page of readEventLog(store, { kinds: ['product.changed'] }, (b) => bad.push(b))) for (const e of page) if (e.type === 'product') out.push(e.change);
  expect(bad).toEqual([]);
  return out;
}

describe('product changeovers', () => {
  it('stores one record per line and changeover, at the first reading of the new product', async () => {
    const t = NOW - 60_000;
    await send([...reading(t), ...reading(t + 1000, 'BV-1.5')]); // the configured product: no changeover
    await send([...reading(t + 2000, 'BV-2.5'), ...reading(t + 3000, 'BV-2.5')]);
    // One characteristic reports the product before the other: still one changeover of the line.
    await send([reading(t + 4000, 'BV-1.5')[0]]);
    await send([reading(t + 4000, 'BV-1.5')[1], ...reading(t + 5000, 'BV-1.5')]);
    await core.drain();
    expect(await storedChanges()).toEqual([
      { enterprise: ENTERPRISE, line: LINE, at: t + 2000, from: 'BV-1.5', to: 'BV-2.5' },
      { enterprise: ENTERPRISE, line: LINE, at: t + 4000, from: 'BV-2.5', to: 'BV-1.5' },
    ]);
    // What the embedded dashboard shows: the product of the newest reading and its limits.
    expect(core.currentProduct(ENTERPRISE, LINE, 'conductor_resistance')).toEqual({ product: 'BV-1.5', lsl: null, usl: 12.1, target: null });
    expect(core.currentProduct(ENTERPRISE, 'extruder-9', 'conductor_resistance')).toBeNull();
  });

  it('records no changeover for a product the configuration does not know (the point is dead-lettered)', async () => {
    await send(reading(NOW - 1000, 'BV-9'));
    await core.drain();
    expect(await storedChanges()).toEqual([]);
  });
});

describe('a store that is down when a line changes product', () => {
  it('keeps the changeover and writes it once the store takes writes again', async () => {
    let down = true;
    const flaky: TimeSeriesStore = Object.create(store, {
      appendEvents: {
        value: (events: readonly StoredEvent[]) => (down && events.some((e) => e.kind === 'product.changed') ? Promise.reject(new Error('store down')) : store.appendEvents(events)),
      },
    });
    await core.stop();
    core = openCore(flaky, await configWithTwoProducts(join(dir, 'data')));
    await core.open();
    await send(reading(NOW - 2000, 'BV-2.5'));
    await core.drain();
    expect(await storedChanges()).toEqual([]);
    down = false;
    await core.drain();
    expect(await storedChanges()).toEqual([{ enterprise: ENTERPRISE, line: LINE, at: NOW - 2000, from: 'BV-1.5', to: 'BV-2.5' }]);
  });
});
