import type { OfflineEnterpriseResult, OfflineResult } from '../core/enterprise-risk/offline-assessment.js';
import { mergeSeriesDays, type SeriesDay } from '../domain/daily-evidence.js';
import type { ClassSuggestion } from '../supervision/classification.js';

/** Everything `linewatch assess` reports. */
export interface AssessReport {
  readonly file: string;
  readonly result: OfflineResult;
  readonly rejectedRows: number;
  readonly rejected: Record<string, number>;
  /** Per enterprise id, its class by the county's standard. */
  readonly classes: ReadonlyMap<string, ClassSuggestion>;
  /** The --records file, or null when the classification ran without records. */
  readonly recordsFile: string | null;
}

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
export function assessJson({ file, result, rejectedRows, rejected, classes, recordsFile }: AssessReport) {
  return {
    file,
    records: recordsFile,
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
        classification: classificationJson(classes.get(e.id)),
        evidenceSummary: summariseEvidence(e),
        evidence: e.evidence,
      })),
    refused: { readings: result.refused, reasons: result.refusedReasons },
    skipped: result.skipped,
    rejectedRows,
    rejected,
  };
}

function classificationJson(c: ClassSuggestion | undefined) {
  if (!c) return null;
  return { suggested: c.suggested, conditions: c.conditions, summary: c.summary, asOf: c.asOf, capability: c.capability, excludedDays: c.excludedDays };
}

const STATUS_MARK = { met: 'met', failed: 'FAILED', unknown: 'unknown' } as const;

/** The suggestion and each condition, one line each, for a person. */
function classLines(c: ClassSuggestion): string[] {
  const out = [`  suggested class ${c.suggested} by the standard, as of ${c.asOf}: ${c.summary}`];
  for (const k of c.conditions) out.push(`    ${k.class} ${k.id}: ${STATUS_MARK[k.status]}: ${k.evidence}${k.records.length > 0 ? ` [${k.records.join(', ')}]` : ''}`);
  return out;
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);

/** The text of `linewatch assess`, for a person. */
export function formatAssessText({ file, result, rejectedRows, rejected, classes, recordsFile }: AssessReport): string {
  const out: string[] = [`Risk assessment of ${file}, in sample time`];
  out.push(
    recordsFile === null
      ? 'Classified without register records (no --records): no record gives C, and the A conditions that need records (tax, certificates, calibration, safety, ...) are unknown or not met, so no enterprise can be suggested A.'
      : `Classified with the register records of ${recordsFile}.`,
    '',
  );
  const ranked = [...result.enterprises].sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  for (const e of ranked) {
    const cls = e.classState;
    const pending = cls?.pending ? `, ${cls.pending} pending since ${iso(cls.pendingSince)}` : '';
    out.push(`${e.id} (${e.name}): score ${fmt(e.score)}, ${e.level}; registered ${e.registeredClass}, risk model suggests ${e.riskClass}${cls ? ` (smoothed ${fmt(cls.smoothed)}${pending})` : ''}`);
    const standard = classes.get(e.id);
    if (e.readings === 0) {
      out.push('  no readings', ...(standard ? classLines(standard) : []), '');
      continue;
    }
    out.push(`  readings ${e.readings} from ${iso(e.from)} to ${iso(e.to)}`);
    for (const d of e.diagnoses.slice(0, 5)) out.push(`  ${d.line} ${d.characteristic}: ${d.diagnosis}, score ${fmt(d.score)}, share ${fmt(100 * d.share, 0)}%: ${d.summary}`);
    if (e.diagnoses.length > 5) out.push(`  (${e.diagnoses.length - 5} more series, all lower)`);
    const s = summariseEvidence(e);
    out.push(
      `  evidence: ${s.days} day(s) ${s.fromDay} to ${s.toDay}; ${s.outOfSpec} of ${s.readings} readings out of spec; ${fmt(s.highRiskMinutes, 0)} min at high risk on ${s.highRiskDays} day(s)`,
    );
    out.push(...(standard ? classLines(standard) : []), '');
  }
  if (result.refused > 0) out.push(`refused ${result.refused} readings of series the configuration does not define: ${result.refusedReasons.join('; ')}`);
  if (result.skipped > 0) out.push(`skipped ${result.skipped} readings not newer than their series' previous one`);
  if (rejectedRows > 0)
    out.push(
      `rejected ${rejectedRows} rows: ${Object.entries(rejected)
        .map(([r, n]) => `${n} ${r}`)
        .join(', ')}`,
    );
  return `${out.join('\n')}\n`;
}
