/**
 * Per line and characteristic: the month's n, mean, sd, min and max from the
 * store's summary, Pp/Ppk and expected ppm against the configured spec, and
 * the change from the previous month.
 *
 * Only the P indices (overall sd) are given. The C indices need sigma within
 * (the mean moving range of consecutive samples / d2), and a month summary has
 * only n, mean and the overall sd; the raw month of a 10 Hz gauge (about 26
 * million points) is beyond one raw read, and a downsampled read gives bucket
 * means and extremes, whose ranges over hundreds of samples mix slow drift
 * into the short-term spread. Ppk is the conservative figure: it is at most
 * Cpk whenever the process wanders between times.
 */
import { isCharacteristicName, CHARACTERISTICS } from '../domain/characteristics.js';
import type { Enterprise, Product } from '../config/resolve.js';
import { capabilityIndices, expectedPpm, type SpecLimits } from '../spc/capability.js';
import type { SeriesSummary } from '../store/port.js';
import type { CapabilityTrendPoint, CharacteristicMonth, ProductFigures, SpecView } from './report-types.js';

export interface SeriesMonthData {
  readonly current: SeriesSummary | undefined;
  readonly previous: SeriesSummary | undefined;
  readonly daysWithData: number;
  readonly episodesRaised: number;
  /** The month's figures per product where the line made more than its configured one (product-figures.ts). */
  readonly byProduct?: ProductFigures[];
  /** Ppk month by month up to this one (capability-trend.ts). */
  readonly trend?: CapabilityTrendPoint[];
}

export interface SeriesRef {
  readonly line: string;
  readonly characteristic: string;
  readonly product: string | null;
  readonly spec: SpecView | null;
}

/**
 * The series of an enterprise the report covers: every configured one (in
 * configuration order, so a silent one shows with n = 0), then any the store
 * holds data of that the configuration no longer lists.
 */
export function reportSeries(enterprise: Enterprise, products: readonly Product[], stored: Iterable<SeriesSummary>): SeriesRef[] {
  const byId = new Map(products.map((p) => [p.id, p]));
  const out: SeriesRef[] = [];
  const seen = new Set<string>();
  for (const line of enterprise.lines) {
    const product = byId.get(line.product);
    for (const [characteristic, limits] of Object.entries(product?.characteristics ?? {})) {
      if (!limits) continue;
      seen.add(`${line.id}/${characteristic}`);
      out.push({
        line: line.id,
        characteristic,
        product: line.product,
        spec: { lsl: limits.lsl ?? null, usl: limits.usl ?? null, nominal: limits.nominal ?? null, source: limits.source ?? null },
      });
    }
  }
  const extra = [...stored].filter((s) => !seen.has(`${s.key.line}/${s.key.characteristic}`));
  for (const s of extra) {
    seen.add(`${s.key.line}/${s.key.characteristic}`);
    out.push({ line: s.key.line, characteristic: s.key.characteristic, product: null, spec: null });
  }
  return out;
}

export interface Figures {
  n: number;
  mean: number | null;
  sd: number | null;
  ppk: number | null;
  pp: number | null;
  ppm: number | null;
}

export function figures(s: SeriesSummary | undefined, spec: SpecView | null): Figures {
  if (!s || s.count === 0) return { n: 0, mean: null, sd: null, ppk: null, pp: null, ppm: null };
  const limits: SpecLimits = { lsl: spec?.lsl ?? null, usl: spec?.usl ?? null };
  // No spread (one sample, or a constant gauge) gives no index: dividing by 0 is not capability.
  const sd = s.sd !== null && Number.isFinite(s.sd) ? s.sd : null;
  if (sd === null || sd <= 0) return { n: s.count, mean: s.mean, sd, ppk: null, pp: null, ppm: null };
  // NaN as sigma within: only the P indices (overall sd) are asked for here.
  const p = capabilityIndices(s.mean, NaN, sd, limits);
  return { n: s.count, mean: s.mean, sd, pp: p.pp, ppk: p.ppk, ppm: expectedPpm(s.mean, sd, limits).total };
}

const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

export function characteristicMonth(ref: SeriesRef, data: SeriesMonthData): CharacteristicMonth {
  const now = figures(data.current, ref.spec);
  const before = figures(data.previous, ref.spec);
  const c = data.current;
  const has = c !== undefined && c.count > 0;
  const lsl = ref.spec?.lsl ?? null;
  const usl = ref.spec?.usl ?? null;
  return {
    line: ref.line,
    product: ref.product,
    characteristic: ref.characteristic,
    unit: isCharacteristicName(ref.characteristic) ? CHARACTERISTICS[ref.characteristic].unit : '',
    inConfiguration: ref.spec !== null,
    spec: ref.spec,
    n: now.n,
    mean: now.mean,
    sd: now.sd,
    min: has ? c.min : null,
    max: has ? c.max : null,
    pp: now.pp,
    ppk: now.ppk,
    expectedPpm: now.ppm,
    beyondSpecObserved: !has || (lsl === null && usl === null) ? null : (lsl !== null && c.min < lsl) || (usl !== null && c.max > usl),
    daysWithData: data.daysWithData,
    episodesRaised: data.episodesRaised,
    byProduct: data.byProduct ?? [],
    previous: { n: before.n, mean: before.mean, sd: before.sd, ppk: before.ppk },
    // The previous month is judged against today's spec too, so a change reflects the process, not a new limit.
    change: { mean: diff(now.mean, before.mean), ppk: diff(now.ppk, before.ppk) },
    trend: data.trend ?? [],
  };
}
