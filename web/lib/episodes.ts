/**
 * How an alert episode reads on the page: its rules in words, the evidence
 * (shift in sigma, product out of spec), its span and its state in one line.
 * Pure (no DOM), so the words are tested on their own and read the same on
 * every view.
 */
import type { Alert, AlertRule, OutOfSpecEvidence } from '../../monitor/alert.js';
import { formatDuration } from './format.js';

/** Every rule in words, most telling first (the order monitor/alert.ts lists them). */
export const RULE_NAMES: Readonly<Record<AlertRule, string>> = Object.freeze({
  outOfSpec: 'out of spec',
  shewhart: 'Shewhart',
  cusumLarge: 'large shift (CUSUM)',
  cusumSmall: 'small shift (CUSUM)',
  ewma: 'EWMA',
  riskLevel: 'risk level',
});

export function ruleName(rule: string): string {
  return (RULE_NAMES as Record<string, string>)[rule] ?? rule;
}

/** The rules that fired, in the order they first did: "large shift (CUSUM) ×3, out of spec ×12". */
export function rulesText(alert: Pick<Alert, 'rules' | 'rule'>): string {
  const rules = alert.rules?.length ? alert.rules : [{ rule: alert.rule, count: 1 }];
  return rules.map((r) => (r.count > 1 ? `${ruleName(r.rule)} ×${r.count}` : ruleName(r.rule))).join(', ');
}

/** The rule names alone: "large shift (CUSUM), out of spec". */
export function ruleNamesText(alert: Pick<Alert, 'rules' | 'rule'>): string {
  const rules = alert.rules?.length ? alert.rules.map((r) => r.rule) : [alert.rule];
  return rules.map(ruleName).join(', ');
}

/**
 * A short span as a gauge sees it: tenths below 10 s ("1.2 s"), then as
 * formatDuration says it ("about 4 min").
 */
export function formatSpan(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  if (ms < 10_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  return formatDuration(ms);
}

/**
 * "12 readings, 1.2 s" (and "in 3 stretches, the longest 0.8 s" when it came
 * and went; and ", 412 m of cable, at 1,020 to 1,432 m" where the line reads
 * its length, so the quality staff know how much to cut and where).
 */
export function outOfSpecText(e: OutOfSpecEvidence | null): string | null {
  if (!e || e.readings === 0) return null;
  const readings = `${e.readings} reading${e.readings === 1 ? '' : 's'}`;
  const side = e.below > 0 && e.above > 0 ? ` (${e.below} below, ${e.above} above)` : e.below > 0 ? ' below the minimum' : ' above the maximum';
  const stretches = e.stretches > 1 ? ` in ${e.stretches} stretches, the longest ${formatSpan(e.longestMs)}` : '';
  const m = (x: number) => `${Math.round(x).toLocaleString('en-US')} m`;
  const metres = e.metres === undefined ? '' : `, ${m(e.metres)} of cable, at ${m(e.firstPositionM ?? 0)} to ${m(e.lastPositionM ?? 0)}`;
  return `${readings}${side}, ${formatSpan(e.totalMs)}${stretches}${metres}`;
}

/** "shift −2.1σ": where the level stood at the latest chart signal, in sigma of the readings. */
export function shiftText(shiftSigma: number | null): string | null {
  if (shiftSigma === null || !Number.isFinite(shiftSigma)) return null;
  const sign = shiftSigma > 0 ? '+' : shiftSigma < 0 ? '−' : '';
  return `shift ${sign}${Math.abs(shiftSigma).toFixed(1)}σ`;
}

/**
 * How long an episode lasted, in sample time: to its resolution, or, while
 * open, to `now` (the samples are live).
 */
export function episodeSpanMs(alert: Pick<Alert, 'firstSampleTs' | 'lastSampleTs' | 'resolvedSampleTs' | 'status'>, now: number): number {
  const end = alert.status === 'resolved' ? (alert.resolvedSampleTs ?? alert.lastSampleTs) : Math.max(now, alert.lastSampleTs);
  return Math.max(0, end - alert.firstSampleTs);
}

/** "lasted about 12 min" or "open for about 5 min". */
export function durationText(alert: Pick<Alert, 'firstSampleTs' | 'lastSampleTs' | 'resolvedSampleTs' | 'status'>, now: number): string {
  const span = formatDuration(episodeSpanMs(alert, now));
  return alert.status === 'resolved' ? `lasted ${span}` : `open for ${span}`;
}

/** Whether a person can still give a cause to an episode that resolved by itself. */
export function needsCause(alert: Pick<Alert, 'status' | 'resolved'>): boolean {
  return alert.status === 'resolved' && alert.resolved?.by === 'auto' && alert.resolved.cause === null;
}
