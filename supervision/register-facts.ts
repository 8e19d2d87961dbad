/**
 * What an enterprise's records say on a given day: the latest tax year, the
 * current status of an aspect, the certificates valid that day, the events
 * of a lookback period. Records dated after the day are not yet known then
 * and are ignored, so a classification "as of" a past day is what the
 * register said that day.
 */
import { addMonths, yearOf, type CalendarDay } from './calendar-day.js';
import { taxBandOf } from './record-validation.js';
import type { CertificateRecord, CertificateType, StatusAspect, StatusRecord, TaxBand, TaxRecord } from './records.js';

/** The tax record of the latest year up to the day's year (the current year's, once entered). */
export function latestTax(records: readonly TaxRecord[], asOf: CalendarDay): TaxRecord | null {
  const year = yearOf(asOf);
  let best: TaxRecord | null = null;
  for (const r of records) if (r.year <= year && (best === null || r.year > best.year)) best = r;
  return best;
}

/** Whether a tax record is at least `cny`; null when only a band is known and it straddles the threshold. */
export function taxAtLeast(record: TaxRecord, cny: number): boolean | null {
  if (record.amountCny !== null) return record.amountCny >= cny;
  const range = BAND_RANGES[record.band as TaxBand];
  if (range.min >= cny) return true;
  if (range.max < cny) return false;
  return null;
}

/** The CNY range of each band; the max of the open band is Infinity. */
const BAND_RANGES: Readonly<Record<TaxBand, { min: number; max: number }>> = {
  'below-100k': { min: 0, max: 99_999.99 },
  '100k-to-1m': { min: 100_000, max: 999_999.99 },
  'at-least-1m': { min: 1_000_000, max: Infinity },
};

export function describeTax(record: TaxRecord): string {
  return record.amountCny !== null ? `${record.amountCny.toLocaleString('en-US')} CNY in ${record.year}` : `band ${record.band ?? taxBandOf(record.amountCny)} in ${record.year}`;
}

/** The latest assessment of an aspect on or before the day (ties: the later in the list). */
export function latestStatus(records: readonly StatusRecord[], aspect: StatusAspect, asOf: CalendarDay): StatusRecord | null {
  let best: StatusRecord | null = null;
  for (const r of records) if (r.aspect === aspect && r.date <= asOf && (best === null || r.date >= best.date)) best = r;
  return best;
}

/** Certificates of the given types valid on the day. */
export function validCertificates(records: readonly CertificateRecord[], types: readonly CertificateType[], asOf: CalendarDay): CertificateRecord[] {
  return records.filter((r) => types.includes(r.type) && r.validFrom <= asOf && asOf <= r.validUntil);
}

/** Events dated within the `years` before the day (after asOf - years, up to asOf inclusive). */
export function withinYears<T extends { readonly date: CalendarDay }>(records: readonly T[], years: number, asOf: CalendarDay): T[] {
  const from = addMonths(asOf, -Math.round(years * 12));
  return records.filter((r) => r.date > from && r.date <= asOf);
}
