import { describe, expect, it } from 'vitest';
import { SeriesRegistry } from '../../../core/series/series-registry.js';
import type { SeriesCatalog } from '../../../core/catalog/series-catalog.js';
import type { AlertEvent } from '../../../monitor/alert.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { LiveConfig } from '../../../monitor/live-config.js';
import { GaugeNoise } from '../../../simulators/gauge-noise.js';

const LIVE = new LiveConfig({ defaults: { subgroupMs: 100, baselineMinutes: 1 } });
const T0 = Date.UTC(2026, 0, 1);

function catalog(product: string, mean: number): SeriesCatalog {
  return {
    specOf: () => ({ lsl: mean - 1, usl: mean + 1, target: mean, product }),
    list: () => [{ enterprise: 'acme', line: 'L1', characteristic: 'insulation_thickness' }],
  };
}

/** Feeds `seconds` of 10 Hz readings around `mean`; returns the next time. */
function feed(registry: SeriesRegistry, book: EpisodeBook, from: number, seconds: number, mean: number, seed: number): number {
  const state = registry.stateOf('acme', 'L1', 'insulation_thickness');
  if (typeof state === 'string') throw new Error(state);
  const noise = new GaugeNoise({ sigma: 0.01, phi: 0, tDof: null, seed });
  const events: AlertEvent[] = [];
  let ts = from;
  for (let i = 0; i < seconds * 10; i++) state.observe((ts += 100), mean + noise.next(), book, ts, events);
  return ts;
}

describe('a series whose line makes another product after a restart', () => {
  it('keeps its limits when the product is the same, and re-establishes them on the new product', () => {
    const book = new EpisodeBook();
    const before = new SeriesRegistry(catalog('BV-1.5', 0.7), LIVE);
    const end = feed(before, book, T0, 70, 0.7, 1);
    const snapshot = before.snapshot();
    const first = [...before.all()][0].watch.limits;
    expect(first).toMatchObject({ version: 1, reason: 'initial', product: 'BV-1.5' });

    const same = new SeriesRegistry(catalog('BV-1.5', 0.7), LIVE);
    same.restore(JSON.parse(JSON.stringify(snapshot)));
    const kept = same.stateOf('acme', 'L1', 'insulation_thickness');
    if (typeof kept === 'string') throw new Error(kept);
    expect(kept.watch.limits).toEqual(first);

    const changed = new SeriesRegistry(catalog('BV-2.5', 0.8), LIVE);
    changed.restore(JSON.parse(JSON.stringify(snapshot)));
    const state = changed.stateOf('acme', 'L1', 'insulation_thickness');
    if (typeof state === 'string') throw new Error(state);
    expect(state.watch.limits).toBeNull();
    expect(state.watch.baseline).toMatchObject({ subgroups: 0 });
    feed(changed, book, end, 70, 0.8, 2);
    expect(state.watch.limits).toMatchObject({ version: 2, reason: 'product-change', product: 'BV-2.5' });
    expect(state.watch.limits!.mean).toBeCloseTo(0.8, 2);
    expect(state.watch.limitsHistory.map((l) => l.version)).toEqual([1, 2]);
  });
});
