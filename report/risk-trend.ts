/**
 * An enterprise's risk over a month, from its stored assessments (events of
 * kind `risk.assessed`, decoded by protocol/event-log/risk-records.ts; a
 * record the codec refuses is counted as unreadable).
 *
 * The store keeps an assessment every 5 minutes and at every level or class
 * change, so the events are not evenly spaced: a plain mean would over-weight
 * an hour of flapping levels. The mean is therefore weighted by time: each
 * assessment holds until the next one, but at most HOLD_MS, so a gap in
 * service (nothing assessed) is left out rather than filled with a stale score.
 */
import { RISK_EVENT_KIND } from '../protocol/event-kinds.js';
import { decodeRiskRecord } from '../protocol/event-log/risk-records.js';
import { levelOf, type RiskOptions, type SupervisionClass } from '../risk/options.js';
import { nextInspection } from '../risk/supervision.js';
import type { StoredEvent } from '../store/port.js';
import type { RiskMonth, ScorePoint } from './report-types.js';

/** Twice the store's 5-minute interval: one missed assessment is bridged, a longer gap is not. ms */
export const HOLD_MS = 10 * 60_000;

interface Assessment extends ScorePoint {
  suggestedClass: SupervisionClass;
}

export function isRiskEvent(e: StoredEvent): boolean {
  return e.kind === RISK_EVENT_KIND;
}

/** The assessment of a stored record; null when the event-log codec refuses it. */
function readAssessment(e: StoredEvent): Assessment | null {
  const decoded = decodeRiskRecord(e);
  if (!decoded.ok) return null;
  const { score, level, suggestedClass } = decoded.value.summary;
  return { at: e.at, score, level, suggestedClass };
}

export class RiskTrend {
  private count = 0;
  private first: Assessment | null = null;
  private last: Assessment | null = null;
  private max: Assessment | null = null;
  private weighted = 0;
  private heldMs = 0;
  private sum = 0;
  /** Assessments the event-log codec refused (protocol/event-log/risk-records.ts). */
  unreadable = 0;

  /** `end`: where the last assessment's hold stops (the month's end, or now in a month under way). */
  constructor(private readonly end: number) {}

  /** Takes one stored event of the month (others are ignored); oldest first. */
  add(e: StoredEvent): void {
    if (!isRiskEvent(e)) return;
    const a = readAssessment(e);
    if (!a) {
      this.unreadable += 1;
      return;
    }
    if (this.last) this.hold(this.last, a.at);
    this.count += 1;
    this.sum += a.score;
    this.first ??= a;
    if (!this.max || a.score > this.max.score) this.max = a;
    this.last = a;
  }

  summary(enterprise: { class: SupervisionClass; lastInspection: string }, options: RiskOptions, now: number): RiskMonth {
    let weighted = this.weighted;
    let held = this.heldMs;
    if (this.last) {
      const h = Math.max(0, Math.min(HOLD_MS, this.end - this.last.at));
      weighted += this.last.score * h;
      held += h;
    }
    // Assessments all at the very end hold for no time: then every one counts alike.
    const meanScore = this.count === 0 ? null : held > 0 ? weighted / held : this.sum / this.count;
    const suggested = this.last?.suggestedClass ?? null;
    const next = nextInspection(enterprise.lastInspection, suggested ?? enterprise.class, options);
    return {
      assessments: this.count,
      coveredHours: held / 3_600_000,
      first: point(this.first),
      last: point(this.last),
      max: point(this.max),
      meanScore,
      meanLevel: meanScore === null ? null : levelOf(meanScore, options.levels),
      levelAtMonthEnd: this.last?.level ?? null,
      registeredClass: enterprise.class,
      suggestedClass: suggested,
      classDiffers: suggested !== null && suggested !== enterprise.class,
      nextInspection: next,
      nextInspectionBasis: suggested === null ? 'registered class' : 'suggested class',
      inspectionDue: next <= new Date(now).toISOString().slice(0, 10),
    };
  }

  private hold(a: Assessment, until: number): void {
    const h = Math.max(0, Math.min(HOLD_MS, until - a.at, this.end - a.at));
    this.weighted += a.score * h;
    this.heldMs += h;
  }
}

function point(a: Assessment | null): ScorePoint | null {
  return a ? { at: a.at, score: a.score, level: a.level } : null;
}
