/**
 * The standard's C conditions, each judged from the register (and, for
 * calibration, from which series still produce data). Any one failed gives
 * C, naming the record behind it.
 */
import type { SeriesDay } from '../domain/daily-evidence.js';
import type { CalendarDay } from './calendar-day.js';
import type { CalibrationCoverage } from './calibration-coverage.js';
import type { ClassificationOptions } from './classification-options.js';
import type { ConditionResult } from './condition-result.js';
import { describeTax, latestStatus, latestTax, taxAtLeast, withinYears } from './register-facts.js';
import { oneOf } from './record-validation.js';
import { recordsOfKind, type SupervisionRecord } from './records.js';

export interface ConditionContext {
  readonly asOf: CalendarDay;
  readonly records: readonly SupervisionRecord[];
  readonly seriesDays: readonly SeriesDay[];
  readonly coverage: CalibrationCoverage;
  readonly options: ClassificationOptions;
}

function c(id: string, text: string, status: ConditionResult['status'], evidence: string, records: readonly string[] = []): ConditionResult {
  return { id, class: 'C', text, status, evidence, records };
}

const cny = (n: number) => `${n.toLocaleString('en-US')} CNY`;
const years = (n: number) => (n === 1 ? 'year' : `${n} years`);

export function cTax(x: ConditionContext): ConditionResult {
  const text = `Tax paid in the latest year is at least ${cny(x.options.cTaxBelowCny)}`;
  const tax = latestTax(recordsOfKind(x.records, 'tax'), x.asOf);
  if (!tax) return c('c.tax', text, 'unknown', 'no tax record');
  const enough = taxAtLeast(tax, x.options.cTaxBelowCny);
  if (enough === null) return c('c.tax', text, 'unknown', `${describeTax(tax)} does not say which side of ${cny(x.options.cTaxBelowCny)}`, [tax.id]);
  return c('c.tax', text, enough ? 'met' : 'failed', `${describeTax(tax)} (record ${tax.id})`, [tax.id]);
}

export function cSpotCheckFailed(x: ConditionContext): ConditionResult {
  const { spotCheckLookbackYears: y, spotCheckFailLevels: levels } = x.options;
  const text = `No failed product-quality spot check at ${oneOf(levels)} level in the last ${years(y)}`;
  const failed = withinYears(recordsOfKind(x.records, 'spot-check'), y, x.asOf).filter((r) => r.result === 'fail' && levels.includes(r.level));
  if (failed.length === 0) return c('c.spot-check-failed', text, 'met', `no failed ${oneOf(levels)} spot check recorded in the last ${years(y)}`);
  const list = failed.map((r) => `${r.level} spot check ${r.date} of ${r.product} failed${r.failedItems.length ? ` (${r.failedItems.join(', ')})` : ''} (record ${r.id})`);
  return c(
    'c.spot-check-failed',
    text,
    'failed',
    list.join('; '),
    failed.map((r) => r.id),
  );
}

export function cSpotCheckRefused(x: ConditionContext): ConditionResult {
  const y = x.options.refusalLookbackYears;
  const text = `No refused spot check in the last ${years(y)}`;
  const refused = withinYears(recordsOfKind(x.records, 'refusal'), y, x.asOf);
  if (refused.length === 0) return c('c.spot-check-refused', text, 'met', 'no refusal recorded');
  return c(
    'c.spot-check-refused',
    text,
    'failed',
    refused.map((r) => `${r.level} spot check refused ${r.date} (record ${r.id})`).join('; '),
    refused.map((r) => r.id),
  );
}

export function cPenalty(x: ConditionContext): ConditionResult {
  const y = x.options.penaltyLookbackYears;
  const text = `No administrative penalty for product quality in the last ${years(y)}`;
  const penalties = withinYears(recordsOfKind(x.records, 'penalty'), y, x.asOf).filter((r) => r.qualityRelated);
  if (penalties.length === 0) return c('c.penalty', text, 'met', 'no quality-related penalty recorded');
  return c(
    'c.penalty',
    text,
    'failed',
    penalties.map((r) => `penalty ${r.decisionNumber} of ${r.date}: ${r.reason} (record ${r.id})`).join('; '),
    penalties.map((r) => r.id),
  );
}

export function cExposure(x: ConditionContext): ConditionResult {
  const y = x.options.exposureLookbackYears;
  const text = `No verified media exposure or consumer complaint about quality in the last ${years(y)}`;
  const verified = withinYears(recordsOfKind(x.records, 'exposure'), y, x.asOf).filter((r) => r.verified);
  if (verified.length === 0) return c('c.exposure', text, 'met', 'no verified exposure or complaint recorded');
  return c(
    'c.exposure',
    text,
    'failed',
    verified.map((r) => `verified ${r.source === 'media' ? 'media exposure' : 'complaint'} ${r.date}: ${r.summary} (record ${r.id})`).join('; '),
    verified.map((r) => r.id),
  );
}

/**
 * Equipment running outside its calibration: a registered gauge whose
 * certificates do not cover `asOf`, and which is running: its series has
 * data on a day it was not covered, or no data at all (a registered gauge is
 * presumed in service unless data show its series silent since the lapse).
 */
export function cCalibration(x: ConditionContext): ConditionResult {
  const text = 'No equipment running outside its calibration';
  const registered = x.coverage.series();
  if (registered.length === 0) return c('c.calibration', text, 'unknown', 'no calibration certificate registered');
  const running: string[] = [];
  const ids: string[] = [];
  const stopped: string[] = [];
  for (const s of registered) {
    if (x.coverage.validOn(s.line, s.characteristic, x.asOf)) continue;
    const latest = s.records[s.records.length - 1];
    // The lapse began after the last certificate that ended before asOf (or, with none, it was never covered).
    const ended = s.records.filter((r) => r.validUntil < x.asOf);
    const lapsedAfter = ended.length > 0 ? ended[ended.length - 1].validUntil : '';
    const days = x.seriesDays.filter((d) => d.line === s.line && d.characteristic === s.characteristic && d.n > 0 && d.day <= x.asOf).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    const uncovered = days.filter((d) => d.day > lapsedAfter && !x.coverage.validOn(s.line, s.characteristic, d.day));
    const where = `gauge ${latest.instrument} (${s.line} ${s.characteristic}), certificate ${latest.certificateNumber} valid until ${latest.validUntil} (record ${latest.id})`;
    if (uncovered.length > 0) {
      running.push(`${where} measured on ${uncovered.length} day(s) since, last ${uncovered[uncovered.length - 1].day}`);
      ids.push(latest.id);
    } else if (days.length === 0) {
      running.push(`${where} lapsed; no data shows it stopped`);
      ids.push(latest.id);
    } else stopped.push(`${where} lapsed, its series silent since`);
  }
  if (running.length > 0) return c('c.calibration', text, 'failed', running.join('; '), ids);
  return c('c.calibration', text, 'met', stopped.length > 0 ? `no lapsed gauge in use; ${stopped.join('; ')}` : `all ${registered.length} registered gauge series calibrated on ${x.asOf}`);
}

export function cSafety(x: ConditionContext): ConditionResult {
  const text = 'Safety control is not poor';
  const s = latestStatus(recordsOfKind(x.records, 'status'), 'safety', x.asOf);
  if (!s || s.value === 'unknown') return c('c.safety', text, 'unknown', s ? `safety assessed unknown on ${s.date} (record ${s.id})` : 'no safety assessment recorded', s ? [s.id] : []);
  return c('c.safety', text, s.value === 'poor' ? 'failed' : 'met', `safety ${s.value} per ${s.inspector} on ${s.date} (record ${s.id})`, [s.id]);
}

export const C_CONDITIONS: readonly ((x: ConditionContext) => ConditionResult)[] = [cTax, cSpotCheckFailed, cSpotCheckRefused, cPenalty, cExposure, cCalibration, cSafety];
