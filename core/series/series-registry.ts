import { CHARACTERISTIC_NAMES, type CharacteristicName } from '../../domain/characteristics.js';
import { LiveConfig } from '../../monitor/live-config.js';
import type { ProductSpec, SeriesCatalog, SeriesSpec } from '../catalog/series-catalog.js';
import { SeriesState, type SeriesStateSnapshot } from './series-state.js';

/**
 * Every live series, found by enterprise, line and characteristic through
 * nested maps, so the per-point look-up builds no key string.
 */
export class SeriesRegistry {
  private readonly byEnterprise = new Map<string, Map<string, Map<CharacteristicName, SeriesState>>>();
  private readonly restored = new Map<string, SeriesStateSnapshot>();

  constructor(
    private readonly catalog: SeriesCatalog,
    private readonly live: LiveConfig = new LiveConfig(),
    private readonly window: { readonly bucketMs: number; readonly bucketCount: number; readonly evidenceDays?: number } = { bucketMs: 60_000, bucketCount: 60 },
  ) {}

  /** The state of a series (created on first use), or why the series is not monitored. */
  stateOf(enterprise: string, line: string, characteristic: CharacteristicName): SeriesState | string {
    const existing = this.byEnterprise.get(enterprise)?.get(line)?.get(characteristic);
    if (existing) return existing;
    const configured: SeriesSpec | string = this.catalog.specOf(enterprise, line, characteristic);
    if (typeof configured === 'string') return configured;
    const key = `${enterprise}/${line}/${characteristic}`;
    const restored = this.restored.get(key);
    const spec = restored?.daysProduct !== undefined ? this.reportedProductSpec(restored.daysProduct, characteristic, configured) : configured;
    const state = new SeriesState(enterprise, line, characteristic, spec, this.live.optionsFor(characteristic), this.window, restored);
    this.restored.delete(key);
    let lines = this.byEnterprise.get(enterprise);
    if (!lines) this.byEnterprise.set(enterprise, (lines = new Map()));
    let chars = lines.get(line);
    if (!chars) lines.set(line, (chars = new Map()));
    chars.set(characteristic, state);
    return state;
  }

  /**
   * The spec of `product` for a characteristic, or why there is none (a
   * product the configuration does not list, or whose standard does not
   * cover the characteristic).
   */
  productSpec(product: string, characteristic: CharacteristicName): ProductSpec | string {
    return this.catalog.productSpecOf(product, characteristic);
  }

  /**
   * Why a reel mark of `line` with `product` cannot be taken (the line is not
   * configured for the enterprise, or the product is unknown), or null. A
   * line is known when it measures any characteristic.
   */
  reelMarkProblem(enterprise: string, line: string, product: string | undefined): string | null {
    let lineProblem: string | null = null;
    for (const c of CHARACTERISTIC_NAMES) {
      const spec = this.catalog.specOf(enterprise, line, c);
      if (typeof spec !== 'string') {
        lineProblem = null;
        break;
      }
      lineProblem ??= spec;
    }
    if (lineProblem !== null) return `line: ${lineProblem}`;
    if (product === undefined) return null;
    let productProblem: string | null = null;
    for (const c of CHARACTERISTIC_NAMES) {
      const spec = this.catalog.productSpecOf(product, c);
      if (typeof spec !== 'string') return null;
      productProblem ??= spec;
    }
    return `product: ${productProblem}`;
  }

  /** A series restored after its line reported a changeover goes on with the product it last reported, when that is still configured. */
  private reportedProductSpec(product: string, characteristic: CharacteristicName, configured: SeriesSpec): SeriesSpec {
    const spec = this.catalog.productSpecOf(product, characteristic);
    return typeof spec === 'string' ? configured : spec;
  }

  /** Loads checkpointed states; each is taken up when its series is first resolved. */
  restore(snapshots: readonly SeriesStateSnapshot[]): void {
    for (const s of snapshots) this.restored.set(`${s.enterprise}/${s.line}/${s.characteristic}`, s);
  }

  /** Drops an enterprise's states (another analytics worker owns it now); resolving a series again starts it afresh. */
  forgetEnterprise(enterprise: string): void {
    this.byEnterprise.delete(enterprise);
    for (const key of [...this.restored.keys()]) if (key.startsWith(`${enterprise}/`)) this.restored.delete(key);
  }

  *all(): IterableIterator<SeriesState> {
    for (const lines of this.byEnterprise.values()) for (const chars of lines.values()) yield* chars.values();
  }

  *ofEnterprise(enterprise: string): IterableIterator<SeriesState> {
    const lines = this.byEnterprise.get(enterprise);
    if (lines) for (const chars of lines.values()) yield* chars.values();
  }

  get size(): number {
    let n = 0;
    for (const lines of this.byEnterprise.values()) for (const chars of lines.values()) n += chars.size;
    return n;
  }

  snapshot(): SeriesStateSnapshot[] {
    const out: SeriesStateSnapshot[] = [];
    for (const s of this.all()) out.push(s.snapshot());
    // States restored but not yet used are kept, so a checkpoint never forgets a quiet series.
    for (const s of this.restored.values()) out.push(s);
    return out;
  }
}
