import type { OfflineEnterpriseResult, OfflineResult } from '../analytics/risk/offline-assessment.js';
import { mergeSeriesDays, type SeriesDay } from '../domain/daily-evidence.js';

/** What `linewatch assess` tells about one enterprise's days, in total. */
export interface EvidenceSummary {
  /** The first and last UTC day with readings, and how many days had any. */
  readonly fromDay: string | null;
  readonly toDay: string | null;
  readonly days: number;
  readonly readings: number;
  readonly outOfSpec: number;
  /** Minutes of sample time at high or critical risk, and the days that had any. */
  readonly highRiskMinutes: number;
  readonly highRiskDays: number;
  /** Per series over all its days: readings, mean, sd, min, max and readings out of spec. */
  readonly series: Array<{ line: string; characteristic: string; n: number; mean: number; sd: number | null; min: number; max: number; outOfSpec: number }>;
}

export function summariseEvidence(e: OfflineEnterpriseResult): EvidenceSummary {
  const days = [...new Set(e.evidence.series.map((d) => d.day))].sort();
  const bySeries = new Map<string, SeriesDay[]>();
  for (const d of e.evidence.series) {
    const key = `${d.line}/${d.characteristic}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), d]);
  }
  const series = [...bySeries.values()].map((list) => {
    const m = list.reduce((a, b) => mergeSeriesDays(a, b), { n: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, outOfSpec: 0 });
    return { line: list[0].line, characteristic: list[0].characteristic, n: m.n, mean: m.mean, sd: m.n > 1 ? Math.sqrt(m.m2 / (m.n - 1)) : null, min: m.min, max: m.max, outOfSpec: m.outOfSpec };
  });
  return {
    fromDay: days[0] ?? null,
    toDay: days.at(-1) ?? null,
    days: days.length,
    readings: series.reduce((a, s) => a + s.n, 0),
    outOfSpec: series.reduce((a, s) => a + s.outOfSpec, 0),
    highRiskMinutes: e.evidence.enterprise.reduce((a, d) => a + d.highRiskMinutes, 0),
    highRiskDays: e.evidence.enterprise.filter((d) => d.highRiskMinutes > 0).length,
    series,
  };
}

const iso = (ts: number | null) => (ts === null ? null : new Date(ts).toISOString());

/** The JSON of `linewatch assess --json`: per enterprise, riskiest first, the assessment, its class state and every day of evidence. */
export function assessJson(file: string, result: OfflineResult, rejectedRows: number, rejected: Record<string, number>) {
  return {
    file,
    enterprises: [...result.enterprises]
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
      .map((e) => ({
        id: e.id,
        name: e.name,
        score: e.score,
        level: e.level,
        registeredClass: e.registeredClass,
        riskClass: e.riskClass,
        classState: e.classState,
        readings: e.readings,
        from: iso(e.from),
        to: iso(e.to),
        diagnoses: e.diagnoses,
        evidenceSummary: summariseEvidence(e),
        evidence: e.evidence,
      })),
    refused: { readings: result.refused, reasons: result.refusedReasons },
    skipped: result.skipped,
    rejectedRows,
    rejected,
  };
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);

/** The text of `linewatch assess`, for a person. */
export function formatAssessText(file: string, result: OfflineResult, rejectedRows: number, rejected: Record<string, number>): string {
  const out: string[] = [`Risk assessment of ${file}, in sample time`, ''];
  const ranked = [...result.enterprises].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  for (const e of ranked) {
    const cls = e.classState;
    const pending = cls?.pending ? `, ${cls.pending} pending since ${iso(cls.pendingSince)}` : '';
    out.push(`${e.id} (${e.name}): score ${fmt(e.score)}, ${e.level}; registered ${e.registeredClass}, risk model suggests ${e.riskClass}${cls ? ` (smoothed ${fmt(cls.smoothed)}${pending})` : ''}`);
    if (e.readings === 0) {
      out.push('  no readings', '');
      continue;
    }
    out.push(`  readings ${e.readings} from ${iso(e.from)} to ${iso(e.to)}`);
    for (const d of e.diagnoses.slice(0, 5)) out.push(`  ${d.line} ${d.characteristic}: ${d.diagnosis}, score ${fmt(d.score)}, share ${fmt(100 * d.share, 0)}%: ${d.summary}`);
    if (e.diagnoses.length > 5) out.push(`  (${e.diagnoses.length - 5} more series, all lower)`);
    const s = summariseEvidence(e);
    out.push(`  evidence: ${s.days} day(s) ${s.fromDay} to ${s.toDay}; ${s.outOfSpec} of ${s.readings} readings out of spec; ${fmt(s.highRiskMinutes, 0)} min at high risk on ${s.highRiskDays} day(s)`, '');
  }
  if (result.refused > 0) out.push(`refused ${result.refused} readings of series the configuration does not define: ${result.refusedReasons.join('; ')}`);
  if (result.skipped > 0) out.push(`skipped ${result.skipped} readings not newer than their series' previous one`);
  if (rejectedRows > 0) out.push(`rejected ${rejectedRows} rows: ${Object.entries(rejected).map(([r, n]) => `${n} ${r}`).join(', ')}`);
  return `${out.join('\n')}\n`;
}
