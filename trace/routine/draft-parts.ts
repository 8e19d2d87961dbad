/**
 * The parts of a routine draft, each for one period's bounds: the alert
 * episodes that overlap it with their causes, the reels made in it and the
 * nonconforming ones, the minutes each gateway was down in it, and the
 * gauges whose calibration runs out soon after it or already has.
 *
 * Overlap, not start: an episode or a reel that spans midnight belongs to
 * both days (flagged as started before or going on after), so a day's log
 * names everything that happened on it.
 */
import type { Alert, AlertSeverity } from '../../monitor/alert.js';
import { addDays, daysBetween, type CalendarDay } from '../../supervision/calendar-day.js';
import type { CalibrationRecord } from '../../supervision/records.js';
import type { ReelRecord } from '../reels/reel-record.js';
import type { GatewayDownSpan } from './routine-inputs.js';
import type { PeriodBounds } from './routine-period.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** [fromMs, toMs) (toMs null: still going) overlaps the period; an instant (from = to) counts where it lies. */
function overlaps(b: PeriodBounds, fromMs: number, toMs: number | null): boolean {
  return fromMs < b.untilMs && (toMs === null || toMs > b.fromMs || (toMs === fromMs && fromMs >= b.fromMs));
}

export interface DraftEpisode {
  readonly id: string;
  readonly line: string;
  readonly characteristic: string;
  readonly rule: string;
  readonly severity: AlertSeverity;
  readonly status: Alert['status'];
  readonly from: string;
  readonly to: string | null;
  readonly startedBefore: boolean;
  readonly continuesAfter: boolean;
  /** The catalogue cause given at resolution, else at acknowledgement; null when none was given. */
  readonly cause: string | null;
  readonly action: string | null;
  /** What people wrote when acknowledging and resolving it, in that order. */
  readonly comments: readonly string[];
  readonly acknowledgedBy: string | null;
}

export interface EpisodesPart {
  readonly count: number;
  readonly bySeverity: Readonly<Record<AlertSeverity, number>>;
  /** Episodes with no cause given. */
  readonly withoutCause: number;
  /** Episodes per cause (null: none given), most first. */
  readonly causes: readonly { readonly cause: string | null; readonly episodes: number }[];
  /** Oldest first. */
  readonly list: readonly DraftEpisode[];
}

export function episodesIn(b: PeriodBounds, alerts: readonly Alert[]): EpisodesPart {
  const list = alerts
    .filter((a) => overlaps(b, a.firstSampleTs, a.resolvedSampleTs))
    .sort((x, y) => x.firstSampleTs - y.firstSampleTs || x.id.localeCompare(y.id))
    .map(
      (a): DraftEpisode => ({
        id: a.id,
        line: a.line,
        characteristic: a.characteristic,
        rule: a.rule,
        severity: a.severity,
        status: a.status,
        from: iso(a.firstSampleTs),
        to: a.resolvedSampleTs === null ? null : iso(a.resolvedSampleTs),
        startedBefore: a.firstSampleTs < b.fromMs,
        continuesAfter: a.resolvedSampleTs === null || a.resolvedSampleTs > b.untilMs,
        cause: a.resolved?.cause ?? a.acknowledged?.cause ?? null,
        action: a.resolved?.action ?? a.acknowledged?.action ?? null,
        comments: [a.acknowledged?.comment, a.resolved?.comment].filter((c): c is string => typeof c === 'string' && c.trim() !== ''),
        acknowledgedBy: a.acknowledged?.by ?? null,
      }),
    );
  const bySeverity: Record<AlertSeverity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  const perCause = new Map<string | null, number>();
  for (const e of list) {
    bySeverity[e.severity] += 1;
    perCause.set(e.cause, (perCause.get(e.cause) ?? 0) + 1);
  }
  const causes = [...perCause].map(([cause, episodes]) => ({ cause, episodes })).sort((x, y) => y.episodes - x.episodes || String(x.cause).localeCompare(String(y.cause)));
  return { count: list.length, bySeverity, withoutCause: perCause.get(null) ?? 0, causes, list };
}

export interface DraftReel {
  readonly reel: string;
  readonly line: string;
  readonly product: string | null;
  readonly from: string;
  readonly to: string | null;
  /** The characteristics that made it nonconforming: readings and metres out of spec. */
  readonly outOfSpec: readonly { readonly characteristic: string; readonly readings: number; readonly metres: number | null }[];
}

export interface ReelsPart {
  readonly total: number;
  readonly conforming: number;
  readonly nonconforming: number;
  readonly insufficientData: number;
  /** Reels still being wound (no end yet). */
  readonly open: number;
  /** The nonconforming reels, oldest first. */
  readonly nonconformingReels: readonly DraftReel[];
}

export function reelsIn(b: PeriodBounds, reels: readonly ReelRecord[]): ReelsPart {
  const inPeriod = reels.filter((r) => overlaps(b, r.startedAt, r.endedAt)).sort((x, y) => x.startedAt - y.startedAt || x.reel.localeCompare(y.reel));
  const count = (v: ReelRecord['verdict']) => inPeriod.filter((r) => r.verdict === v).length;
  return {
    total: inPeriod.length,
    conforming: count('conforming'),
    nonconforming: count('nonconforming'),
    insufficientData: count('insufficient-data'),
    open: inPeriod.filter((r) => r.status === 'open').length,
    nonconformingReels: inPeriod
      .filter((r) => r.verdict === 'nonconforming')
      .map((r) => ({
        reel: r.reel,
        line: r.line,
        product: r.product,
        from: iso(r.startedAt),
        to: r.endedAt === null ? null : iso(r.endedAt),
        outOfSpec: r.characteristics.filter((c) => c.verdict === 'nonconforming').map((c) => ({ characteristic: c.characteristic, readings: c.outOfSpec, metres: c.metresOutOfSpec })),
      })),
  };
}

export interface DraftGateway {
  readonly gateway: string;
  /** Minutes it was down within the period (open spans end at `nowMs`, or the period's end), to 0.1. */
  readonly minutesDown: number;
  readonly spans: readonly { readonly from: string; readonly to: string | null }[];
}

export interface GatewaysPart {
  readonly down: number;
  readonly minutesDown: number;
  readonly list: readonly DraftGateway[];
}

const minutes = (ms: number) => Math.round(ms / 6_000) / 10;

export function gatewaysIn(b: PeriodBounds, spans: readonly GatewayDownSpan[], nowMs: number | null): GatewaysPart {
  const per = new Map<string, { ms: number; spans: { from: string; to: string | null }[] }>();
  for (const s of [...spans].sort((x, y) => x.fromMs - y.fromMs || x.gateway.localeCompare(y.gateway))) {
    if (!overlaps(b, s.fromMs, s.toMs)) continue;
    const end = Math.min(s.toMs ?? nowMs ?? b.untilMs, b.untilMs);
    const ms = Math.max(0, end - Math.max(s.fromMs, b.fromMs));
    const g = per.get(s.gateway) ?? { ms: 0, spans: [] };
    g.ms += ms;
    g.spans.push({ from: iso(s.fromMs), to: s.toMs === null ? null : iso(s.toMs) });
    per.set(s.gateway, g);
  }
  const list = [...per].map(([gateway, g]) => ({ gateway, minutesDown: minutes(g.ms), spans: g.spans })).sort((x, y) => x.gateway.localeCompare(y.gateway));
  return { down: list.length, minutesDown: minutes([...per.values()].reduce((sum, g) => sum + g.ms, 0)), list };
}

export interface DraftCalibration {
  readonly instrument: string;
  readonly line: string;
  readonly characteristic: string;
  readonly certificateNumber: string;
  readonly validUntil: CalendarDay;
  readonly status: 'lapsed' | 'due';
  /** Days from the period's last day to the certificate's last valid day (negative: lapsed that long ago). */
  readonly daysLeft: number;
  readonly record: string;
}

/**
 * Gauges (instrument, line, characteristic) whose newest certificate is no
 * longer valid on the period's last day (lapsed) or runs out within
 * `dueDays` after it (due); soonest first.
 */
export function calibrationDue(b: PeriodBounds, calibrations: readonly CalibrationRecord[], dueDays: number): DraftCalibration[] {
  const newest = new Map<string, CalibrationRecord>();
  for (const c of calibrations) {
    const key = `${c.instrument}\u0000${c.line}\u0000${c.characteristic}`;
    const seen = newest.get(key);
    if (!seen || c.validUntil > seen.validUntil) newest.set(key, c);
  }
  const horizon = addDays(b.end, dueDays);
  return [...newest.values()]
    .filter((c) => c.validUntil <= horizon)
    .map(
      (c): DraftCalibration => ({
        instrument: c.instrument,
        line: c.line,
        characteristic: c.characteristic,
        certificateNumber: c.certificateNumber,
        validUntil: c.validUntil,
        status: c.validUntil < b.end ? 'lapsed' : 'due',
        daysLeft: daysBetween(b.end, c.validUntil),
        record: c.id,
      }),
    )
    .sort((x, y) => x.validUntil.localeCompare(y.validUntil) || x.instrument.localeCompare(y.instrument) || x.line.localeCompare(y.line));
}
