/**
 * "Product quality continuously stable and qualified", judged from the days
 * of sample time in the horizon (the `qualityHorizonDays` ending at asOf):
 *
 * - enough evidence: at least `qualityMinDays` days with readings;
 * - stable: no day of sustained high risk (more than `highRiskMinutesPerDay`
 *   minutes at level high);
 * - qualified: no more than `maxOutOfSpec` readings outside the spec;
 * - capable: every safety-critical series has Ppk's lower bound
 *   (ppk-bound.ts) at or above `minPpk`, over at least `qualityMinDays` days.
 *
 * A day a series was measured by a gauge outside its calibration is no
 * evidence: it is dropped before any of these (and reported).
 */
import { mergeSeriesDays, type EnterpriseDay, type SeriesDay } from '../domain/daily-evidence.js';
import type { CharacteristicName } from '../domain/characteristics.js';
import { addDays, type CalendarDay } from './calendar-day.js';
import type { CalibrationCoverage } from './calibration-coverage.js';
import { seriesKey } from './calibration-coverage.js';
import type { ClassificationOptions } from './classification-options.js';
import type { ConditionResult, ConditionStatus } from './condition-result.js';
import { ppkLowerBound, ppkOf } from './ppk-bound.js';

/** The spec limits of one series (line x characteristic); null where the standard sets none. */
export interface SeriesSpec {
  /** The line, '*' for any line. */
  readonly line: string;
  readonly characteristic: CharacteristicName;
  /** The product these limits are of, for days recorded under a product a changeover named (SeriesDay.product). */
  readonly product?: string;
  readonly lsl: number | null;
  readonly usl: number | null;
}

export interface QualityInput {
  readonly asOf: CalendarDay;
  readonly seriesDays: readonly SeriesDay[];
  readonly enterpriseDays: readonly EnterpriseDay[];
  readonly specs: readonly SeriesSpec[];
  readonly coverage: CalibrationCoverage;
  readonly options: ClassificationOptions;
}

/** The capability of one safety-critical series over the horizon, shown with the condition. */
export interface SeriesCapability {
  readonly line: string;
  readonly characteristic: CharacteristicName;
  /** The product, where the line reported changeovers: capability is judged per product, never across two. */
  readonly product?: string;
  readonly days: number;
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly ppk: number | null;
  readonly ppkLower: number | null;
  readonly status: ConditionStatus;
  readonly note: string;
}

export interface QualityJudgement {
  readonly condition: ConditionResult;
  readonly capability: readonly SeriesCapability[];
  /** Series-days dropped as measured outside calibration. */
  readonly excludedDays: number;
}

type Part = { status: ConditionStatus; text: string };

export function horizonStart(asOf: CalendarDay, options: ClassificationOptions): CalendarDay {
  return addDays(asOf, -(options.qualityHorizonDays - 1));
}

export function judgeQuality(input: QualityInput): QualityJudgement {
  const { asOf, options, coverage } = input;
  const start = horizonStart(asOf, options);
  const text = `Product quality continuously stable and qualified (last ${options.qualityHorizonDays} days of sample time)`;
  const inHorizon = input.seriesDays.filter((d) => d.day >= start && d.day <= asOf && d.n > 0);
  const kept = inHorizon.filter((d) => coverage.counts(d.line, d.characteristic, d.day));
  const excludedDays = inHorizon.length - kept.length;
  const days = new Set(kept.map((d) => d.day));
  const parts: Part[] = [];
  parts.push(
    days.size >= options.qualityMinDays
      ? { status: 'met', text: `${days.size} days with data from ${start} to ${asOf}` }
      : { status: 'unknown', text: `only ${days.size} days with data from ${start} to ${asOf}, needs ${options.qualityMinDays}` },
  );
  if (excludedDays > 0) parts.push({ status: 'met', text: `${excludedDays} series-days measured outside calibration not counted` });
  parts.push(highRiskPart(input, start));
  parts.push(outOfSpecPart(kept, options));
  const capability = capabilityOf(kept, input);
  parts.push(capabilityPart(capability, options));
  const status: ConditionStatus = parts.some((p) => p.status === 'failed') ? 'failed' : parts.some((p) => p.status === 'unknown') ? 'unknown' : 'met';
  const evidence = parts.map((p) => (p.status === 'met' ? p.text : `${p.status.toUpperCase()}: ${p.text}`)).join('; ');
  return { condition: { id: 'a.quality', class: 'A', text, status, evidence, records: [] }, capability, excludedDays };
}

function highRiskPart(input: QualityInput, start: CalendarDay): Part {
  const days = input.enterpriseDays.filter((d) => d.day >= start && d.day <= input.asOf);
  if (days.length === 0) return { status: 'unknown', text: 'no risk assessment in the horizon' };
  const limit = input.options.highRiskMinutesPerDay;
  const high = days.filter((d) => d.highRiskMinutes > limit);
  if (high.length === 0) return { status: 'met', text: `no day with more than ${limit} min at high risk (${days.length} days assessed)` };
  const shown = high.slice(0, 5).map((d) => `${d.day} ${Math.round(d.highRiskMinutes)} min`);
  return { status: 'failed', text: `${high.length} day(s) with more than ${limit} min at high risk: ${shown.join(', ')}${high.length > 5 ? ', ...' : ''}` };
}

function outOfSpecPart(kept: readonly SeriesDay[], options: ClassificationOptions): Part {
  const bad = kept.filter((d) => d.outOfSpec > 0);
  const total = bad.reduce((s, d) => s + d.outOfSpec, 0);
  if (total <= options.maxOutOfSpec) return { status: 'met', text: total === 0 ? 'no out-of-spec reading' : `${total} out-of-spec readings (allowed ${options.maxOutOfSpec})` };
  const shown = bad.slice(0, 5).map((d) => `${d.line} ${d.characteristic} ${d.day}: ${d.outOfSpec}`);
  return { status: 'failed', text: `${total} out-of-spec readings: ${shown.join(', ')}${bad.length > 5 ? ', ...' : ''}` };
}

function capabilityOf(kept: readonly SeriesDay[], input: QualityInput): SeriesCapability[] {
  const { options } = input;
  const groups = new Map<string, SeriesDay[]>();
  for (const d of kept) {
    if (!options.safetyCriticalCharacteristics.includes(d.characteristic)) continue;
    const key = `${seriesKey(d.line, d.characteristic)}\u0000${d.product ?? ''}`;
    const list = groups.get(key) ?? [];
    list.push(d);
    groups.set(key, list);
  }
  const out: SeriesCapability[] = [];
  for (const list of groups.values()) {
    const { line, characteristic, product } = list[0];
    let pooled: Pick<SeriesDay, 'n' | 'mean' | 'm2' | 'min' | 'max' | 'outOfSpec'> = { n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, outOfSpec: 0 };
    for (const d of list) pooled = mergeSeriesDays(pooled, d);
    const sd = pooled.n > 1 ? Math.sqrt(pooled.m2 / (pooled.n - 1)) : 0;
    const days = new Set(list.map((d) => d.day)).size;
    const spec =
      product !== undefined
        ? input.specs.find((s) => s.product === product && s.characteristic === characteristic)
        : (input.specs.find((s) => s.line === line && s.characteristic === characteristic && s.product === undefined) ??
          input.specs.find((s) => s.line === '*' && s.characteristic === characteristic && s.product === undefined));
    const base = { line, characteristic, ...(product !== undefined ? { product } : {}), days, n: pooled.n, mean: pooled.mean, sd };
    const ppk = spec ? ppkOf(pooled.mean, sd, spec.lsl, spec.usl) : null;
    if (!spec || (spec.lsl === null && spec.usl === null)) out.push({ ...base, ppk: null, ppkLower: null, status: 'unknown', note: 'no spec limits given' });
    else if (ppk === null) out.push({ ...base, ppk: null, ppkLower: null, status: 'unknown', note: 'no spread in the readings (a stuck gauge?)' });
    else if (days < options.qualityMinDays) out.push({ ...base, ppk, ppkLower: null, status: 'unknown', note: `only ${days} days, needs ${options.qualityMinDays}` });
    else {
      const lower = ppkLowerBound(ppk, days * options.effectiveReadingsPerDay, options.ppkConfidenceZ);
      out.push({ ...base, ppk, ppkLower: lower, status: lower >= options.minPpk ? 'met' : 'failed', note: `Ppk ${ppk.toFixed(2)}, lower bound ${lower.toFixed(2)} over ${days} days` });
    }
  }
  const order = (c: SeriesCapability) => `${c.line}\u0000${c.characteristic}\u0000${c.product ?? ''}`;
  return out.sort((a, b) => (order(a) < order(b) ? -1 : 1));
}

function capabilityPart(capability: readonly SeriesCapability[], options: ClassificationOptions): Part {
  if (capability.length === 0) return { status: 'unknown', text: `no data on ${options.safetyCriticalCharacteristics.join(' or ')}` };
  const status: ConditionStatus = capability.some((c) => c.status === 'failed') ? 'failed' : capability.some((c) => c.status === 'unknown') ? 'unknown' : 'met';
  const each = capability.map((c) => `${c.line} ${c.characteristic}${c.product !== undefined ? ` (${c.product})` : ''} ${c.note}`).join(', ');
  return { status, text: `Ppk lower bound vs ${options.minPpk}: ${each}` };
}
