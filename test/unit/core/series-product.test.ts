import { describe, expect, it } from 'vitest';
import { SeriesRegistry } from '../../../core/series/series-registry.js';
import type { SeriesCatalog } from '../../../core/catalog/series-catalog.js';
import type { AlertEvent } from '../../../monitor/alert.js';
import { EpisodeBook } from '../../../monitor/episode-book.js';
import { LiveConfig } from '../../../monitor/live-config.js';
import { GaugeNoise } from '../../../simulators/gauge-noise.js';

const LIVE = new LiveConfig({ defaults: { subgroupMs: 100, baselineMinutes: 1 } });
const T0 = Date.UTC(2026, 0, 1);

/** Nominal insulation of the products the tests' line can make. */
const PRODUCT_MEANS: Record<string, number> = { 'BV-1.5': 0.7, 'BV-2.5': 0.8, 'BV-4': 0.9 };

function catalog(product: string, mean: number): SeriesCatalog {
  return {
    specOf: () => ({ lsl: mean - 1, usl: mean + 1, target: mean, product }),
    productSpecOf: (p) => {
      const m = PRODUCT_MEANS[p];
      return m === undefined ? `unknown product '${p}'` : { lsl: m - 0.05, usl: m + 0.05, target: m, product: p };
    },
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

describe('a line that changes product mid-stream (a reading carries the new product)', () => {
  /** Feeds readings around `mean` with the product switched first, as the ingestor does for a point that names it. */
  function run(registry: SeriesRegistry, book: EpisodeBook, from: number, seconds: number, product: string, seed: number, events: AlertEvent[]): number {
    const state = registry.stateOf('acme', 'L1', 'insulation_thickness');
    if (typeof state === 'string') throw new Error(state);
    const spec = registry.productSpec(product, 'insulation_thickness');
    if (typeof spec === 'string') throw new Error(spec);
    const noise = new GaugeNoise({ sigma: 0.01, phi: 0, tDof: null, seed });
    let ts = from;
    for (let i = 0; i < seconds * 10; i++) {
      if (state.product !== product) state.useProduct(spec);
      state.observe((ts += 100), PRODUCT_MEANS[product] + noise.next(), book, ts, events);
    }
    return ts;
  }

  it('charts each product against its own limits, takes them up again on return, and raises nothing at the changes', () => {
    const book = new EpisodeBook();
    const registry = new SeriesRegistry(catalog('BV-1.5', 0.7), LIVE);
    const events: AlertEvent[] = [];
    let ts = run(registry, book, T0, 90, 'BV-1.5', 1, events);
    const state = registry.stateOf('acme', 'L1', 'insulation_thickness');
    if (typeof state === 'string') throw new Error(state);
    expect(state.watch.limits).toMatchObject({ version: 1, product: 'BV-1.5' });

    ts = run(registry, book, ts, 90, 'BV-2.5', 2, events);
    expect(state.watch.limits).toMatchObject({ version: 2, reason: 'product-change', product: 'BV-2.5' });
    expect(state.watch.limits!.mean).toBeCloseTo(0.8, 2);
    expect(state.spec.product).toBe('BV-2.5');
    expect(state.spec.lsl).toBeCloseTo(0.75, 9);
    expect(state.spec.usl).toBeCloseTo(0.85, 9);

    // Back to BV-1.5: its own limits at once, no new Phase I.
    const backAt = ts;
    ts = run(registry, book, ts, 60, 'BV-1.5', 3, events);
    expect(state.watch.limits).toMatchObject({ version: 1, product: 'BV-1.5' });
    expect(state.watch.limitsHistory.map((l) => l.version)).toEqual([1, 2]);
    expect(state.watch.baseline).toBeNull();
    // A 0.1 mm step between products would be a 10-sigma shift on one product's limits: nothing was raised.
    expect(events).toEqual([]);

    // Risk window and days of evidence are the product's own: BV-1.5's window holds no BV-2.5 reading.
    expect(state.window.summary()!.mean).toBeCloseTo(0.7, 2);
    const days = state.evidenceDays('2026-01-01', '2026-01-01');
    expect(days.map((d) => d.product ?? 'configured').sort()).toEqual(['BV-2.5', 'configured']);
    const bv25 = days.find((d) => d.product === 'BV-2.5')!;
    expect(bv25.n).toBe(900);
    expect(Math.sqrt(bv25.m2 / (bv25.n - 1))).toBeLessThan(0.02);

    // A checkpoint keeps the product and its parts.
    const restored = new SeriesRegistry(catalog('BV-1.5', 0.7), LIVE);
    restored.restore(JSON.parse(JSON.stringify(registry.snapshot())));
    const again = restored.stateOf('acme', 'L1', 'insulation_thickness');
    if (typeof again === 'string') throw new Error(again);
    expect(again.product).toBe('BV-1.5');
    expect(again.watch.limits).toMatchObject({ version: 1, product: 'BV-1.5' });
    expect(again.evidenceDays('2026-01-01', '2026-01-01').length).toBe(2);
    expect(backAt).toBeLessThan(ts);
  });

  it('without the changeover, the same readings signal at once (the control)', () => {
    const book = new EpisodeBook();
    const registry = new SeriesRegistry(catalog('BV-1.5', 0.7), LIVE);
    const events: AlertEvent[] = [];
    const ts = run(registry, book, T0, 90, 'BV-1.5', 1, events);
    const state = registry.stateOf('acme', 'L1', 'insulation_thickness');
    if (typeof state === 'string') throw new Error(state);
    const noise = new GaugeNoise({ sigma: 0.01, phi: 0, tDof: null, seed: 2 });
    for (let i = 1; i <= 100; i++) state.observe(ts + i * 100, 0.8 + noise.next(), book, ts + i * 100, events);
    expect(events.length).toBeGreaterThan(0);
  });

  it('a product the configuration does not list is refused with a reason', () => {
    const registry = new SeriesRegistry(catalog('BV-1.5', 0.7), LIVE);
    expect(registry.productSpec('XX-9', 'insulation_thickness')).toMatch(/unknown product 'XX-9'/);
  });
});
