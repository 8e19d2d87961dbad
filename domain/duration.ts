/**
 * A duration as a person says it: "12 s", "about 4 min", "about 2 h",
 * "about 3 days". Seconds are exact; longer spans are rounded to one whole
 * unit and say so, because "0.0589 h" or "212 s" to a limit is precision the
 * estimate does not have.
 *
 * Kept here, beside the domain, so the risk model's summaries, the monthly
 * report and the web page (web/lib/format.ts re-exports it) say a duration
 * the same way.
 */
const MINUTE = 60;
const HOUR = 3600;
const DAY = 86_400;

/** `ms` as "12 s", "about 4 min", "about 2 h" or "about 3 days"; a dash when it is not a finite number. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '−' : '';
  // Round first, then pick the unit, so 59.6 s reads "about 1 min", not "60 s".
  const s = Math.round(abs / 1000);
  if (s === 0) return abs === 0 ? '0 s' : 'under 1 s';
  if (s < MINUTE) return `${sign}${s} s`;
  const min = Math.round(s / MINUTE);
  if (min < 60) return `about ${sign}${min} min`;
  const h = Math.round(s / HOUR);
  if (h < 24) return `about ${sign}${h} h`;
  const d = Math.round(s / DAY);
  return `about ${sign}${d} ${d === 1 ? 'day' : 'days'}`;
}
