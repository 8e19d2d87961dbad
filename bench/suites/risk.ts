/**
 * The risk model's cost: reassessing 1,000 enterprises (3 lines x 4
 * characteristics each, every window filled with an hour of 10 Hz data),
 * as the analytics service does after each round of batches.
 */
import { RiskEngine } from '../../core/enterprise-risk/risk-engine.js';
import type { AlertEvent } from '../../monitor/alert.js';
import { LiveConfig } from '../../monitor/live-config.js';
import { EpisodeBook } from '../../monitor/episode-book.js';
import { SeriesRegistry } from '../../core/series/series-registry.js';
import type { SeriesCatalog } from '../../core/catalog/series-catalog.js';
import type { CharacteristicName } from '../../domain/characteristics.js';
import { DEFAULT_RISK_OPTIONS } from '../../risk/options.js';
import { SeededRandom } from '../../simulators/random.js';

const ENTERPRISES = 1000;
const LINES = 3;
const CHARS: Array<[CharacteristicName, number, number, { lsl: number | null; usl: number | null }]> = [
  ['conductor_diameter', 1.3835, 0.0073, { lsl: 1.347, usl: 1.42 }],
  ['insulation_thickness', 0.735, 0.041, { lsl: 0.53, usl: null }],
  ['sheath_thickness', 1.26, 0.068, { lsl: 0.92, usl: null }],
  ['conductor_resistance', 11.737, 0.0726, { lsl: null, usl: 12.1 }],
];

export async function run(): Promise<void> {
  const specOf = new Map(CHARS.map(([c, , , spec]) => [c, spec]));
  const catalog: SeriesCatalog = {
    specOf: (_e, _l, c) => ({ ...(specOf.get(c) ?? { lsl: null, usl: null }), target: null }),
    productSpecOf: (product) => `no product '${product}' in this benchmark`,
    list: () => [],
  };
  const o = DEFAULT_RISK_OPTIONS;
  const registry = new SeriesRegistry(catalog, new LiveConfig(), { bucketMs: o.bucketMs, bucketCount: o.windowMs / o.bucketMs });
  const rng = new SeededRandom(3);
  const book = new EpisodeBook();
  const events: AlertEvent[] = [];
  const now = Date.now();
  const profiles = [];
  const t0 = performance.now();
  // One reading a second per series over the hour fills every bucket like 10 Hz would, in a tenth of the time.
  for (let e = 0; e < ENTERPRISES; e++) {
    const id = `ent-${e}`;
    profiles.push({ id, name: id, class: 'B' as const, lastInspection: '2026-01-01' });
    for (let l = 1; l <= LINES; l++) {
      for (const [c, mean, sd] of CHARS) {
        const s = registry.stateOf(id, `L${l}`, c);
        if (typeof s === 'string') throw new Error(s);
        for (let k = 0; k < 3600; k += 1) s.observe(now - 3_600_000 + k * 1000, mean + sd * rng.normal(), book, now, events);
        s.lastArrival = now;
      }
    }
  }
  process.stdout.write(`filled ${ENTERPRISES * LINES * CHARS.length} series with an hour each in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  const engine = new RiskEngine(profiles, registry, book, o);
  engine.assess(now, true, []); // warm-up
  const rounds = 5;
  const start = performance.now();
  for (let r = 1; r <= rounds; r++) engine.assess(now + r * 1000, true, []);
  const perEnterprise = (performance.now() - start) / rounds / ENTERPRISES;
  process.stdout.write(
    `risk update: ${(perEnterprise * 1000).toFixed(0)} us per enterprise (12 series, 60 one-minute buckets each); all ${ENTERPRISES} in ${(perEnterprise * ENTERPRISES).toFixed(0)} ms (aim: under 1 ms per enterprise)\n`,
  );
}
