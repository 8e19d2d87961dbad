import { utcDay, type EnterpriseDay } from '../domain/daily-evidence.js';
import type { RiskLevel } from './options.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * One enterprise's risk, day by day in sample time: the minutes its level
 * was high or critical, and the highest score it reached. Fed one
 * assessment at a time with the enterprise's newest reading time: the span
 * of sample time since the previous assessment is attributed to the level
 * now assessed (the score describes the window that ends now), split at
 * UTC midnight. That span counts for at most `maxSpanMs` (the risk window):
 * a gap in production is no evidence of risk, high or low. An assessment
 * costs O(1); the newest `maxDays` days are kept.
 */
export class EnterpriseDays {
  /** Oldest first; the last is the newest day with an assessment. */
  private readonly list: Array<{ day: string; start: number; highRiskMinutes: number; maxScore: number }> = [];
  private lastTs = NaN;

  constructor(
    readonly enterprise: string,
    readonly maxDays: number,
    readonly maxSpanMs: number,
  ) {}

  /**
   * One assessment at sample time `sampleTs`; an assessment not later than
   * the last adds no span. `spanMs`, when given, is the production time
   * since the last assessment (it replaces the `maxSpanMs` limit).
   */
  advance(sampleTs: number, score: number, level: RiskLevel, spanMs?: number): void {
    if (!Number.isFinite(sampleTs)) return;
    const high = level === 'high' || level === 'critical';
    if (high && sampleTs > this.lastTs) {
      let from = Math.max(this.lastTs, sampleTs - (spanMs ?? this.maxSpanMs));
      while (from < sampleTs) {
        const dayStart = Math.floor(from / DAY_MS) * DAY_MS;
        const to = Math.min(sampleTs, dayStart + DAY_MS);
        this.entry(dayStart).highRiskMinutes += (to - from) / MINUTE_MS;
        from = to;
      }
    }
    if (!(sampleTs >= this.lastTs) && !Number.isNaN(this.lastTs)) return;
    const today = this.entry(Math.floor(sampleTs / DAY_MS) * DAY_MS);
    if (score > today.maxScore) today.maxScore = score;
    this.lastTs = sampleTs;
  }

  days(fromDay: string, toDay: string): EnterpriseDay[] {
    return this.list.filter((d) => d.day >= fromDay && d.day <= toDay).map((d) => ({ enterprise: this.enterprise, day: d.day, highRiskMinutes: d.highRiskMinutes, maxScore: d.maxScore }));
  }

  /** What a checkpoint keeps: the days and the sample time of the last assessment. */
  snapshot(): { lastTs: number | null; days: EnterpriseDay[] } {
    return { lastTs: Number.isFinite(this.lastTs) ? this.lastTs : null, days: this.days('0000-00-00', '9999-99-99') };
  }

  restore(s: { lastTs: number | null; days: readonly EnterpriseDay[] }): void {
    this.list.length = 0;
    for (const d of s.days.slice(-this.maxDays)) this.list.push({ day: d.day, start: Date.parse(`${d.day}T00:00:00Z`), highRiskMinutes: d.highRiskMinutes, maxScore: d.maxScore });
    this.lastTs = s.lastTs ?? NaN;
  }

  /** The entry of the day starting at `start`, made when missing (in day order: the span reaches back at most a day). */
  private entry(start: number): { day: string; start: number; highRiskMinutes: number; maxScore: number } {
    const list = this.list;
    for (let i = list.length - 1; i >= 0 && i >= list.length - 2; i--) if (list[i].start === start) return list[i];
    const e = { day: utcDay(start), start, highRiskMinutes: 0, maxScore: 0 };
    let at = list.length;
    while (at > 0 && list[at - 1].start > start) at--;
    list.splice(at, 0, e);
    if (list.length > this.maxDays) list.shift();
    return e;
  }
}
