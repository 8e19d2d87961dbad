import type { Alert, AlertSeverity } from '../../monitor/alert.js';
import { formatDuration } from '../../domain/duration.js';
import type { EnterpriseRiskDetail } from '../enterprise-risk/risk-views.js';
import type { FindingKind } from './finding.js';

/** A condition that holds now; the tracker opens a finding once it has held long enough. */
export interface FindingCandidate {
  readonly kind: FindingKind;
  readonly line: string | null;
  readonly characteristic: string | null;
  readonly gateway: string | null;
  readonly severity: AlertSeverity;
  readonly summary: string;
  readonly evidence: Record<string, number | string | null>;
}

/** A gateway and the lines it reports (null: every line of its enterprise). */
export interface GatewayLines {
  readonly id: string;
  readonly lines: readonly string[] | null;
}

const round = (x: number | null, digits = 3): number | null => (x === null || !Number.isFinite(x) ? null : Number(x.toPrecision(digits)));

/**
 * The conditions a regulator should hear about, read off one enterprise's
 * risk assessment and its open episodes. Pure: no clock but `now`.
 *
 * - drift: a series the risk model calls drifting (a certain, large trend heading for a limit);
 * - off-centre: a series held steadily too close to a limit (Cpk below the capable index while its spread is fine);
 * - out-of-spec: an episode whose product has been out of spec longer than a glitch (severity critical);
 * - silent-gateway: every series of a line a gateway reports has been silent past the silence limit.
 */
export function findingCandidates(detail: EnterpriseRiskDetail, openEpisodes: readonly Alert[], gateways: readonly GatewayLines[], silenceMs: number, now: number): FindingCandidate[] {
  const out: FindingCandidate[] = [];
  for (const s of detail.series) {
    const where = `${s.line} ${s.characteristic.replace(/_/g, ' ')}`;
    if (s.diagnosis === 'drifting') {
      const hours = s.window.hoursToLimit;
      out.push({
        kind: 'drift',
        line: s.line,
        characteristic: s.characteristic,
        gateway: null,
        severity: hours !== null && hours <= 1 ? 'high' : 'medium',
        summary: `${where}: ${s.summary}`,
        evidence: { hoursToLimit: round(hours), slopePerHour: round(s.window.slopePerHour), level: round(s.window.mean), cpk: round(s.window.cpk), score: round(s.score) },
      });
    } else if (s.diagnosis === 'off-centre') {
      const cpkLow = s.window.cpkLow;
      out.push({
        kind: 'off-centre',
        line: s.line,
        characteristic: s.characteristic,
        gateway: null,
        severity: cpkLow !== null && cpkLow < 1 ? 'high' : 'medium',
        summary: `${where}: ${s.summary}`,
        evidence: { cpk: round(s.window.cpk), cpkLow: round(cpkLow), ppm: round(s.window.ppm), score: round(s.score) },
      });
    }
  }
  for (const a of openEpisodes) {
    if (a.outOfSpec === null || a.severity !== 'critical') continue;
    const o = a.outOfSpec;
    out.push({
      kind: 'out-of-spec',
      line: a.line,
      characteristic: a.characteristic,
      gateway: null,
      severity: 'critical',
      summary: `${a.line} ${a.characteristic.replace(/_/g, ' ')}: product out of spec, ${o.readings} readings over ${formatDuration(o.totalMs)} (longest stretch ${formatDuration(o.longestMs)})${metresText(o)}`,
      evidence: {
        readings: o.readings,
        below: o.below,
        above: o.above,
        stretches: o.stretches,
        longestMs: o.longestMs,
        totalMs: o.totalMs,
        ...(o.metres !== undefined ? { metres: Math.round(o.metres), firstPositionM: Math.round(o.firstPositionM ?? 0), lastPositionM: Math.round(o.lastPositionM ?? 0) } : {}),
        episode: a.id,
      },
    });
  }
  // A line is silent when every series on it has been; a gateway is silent when every line it reports is.
  const silentFor = new Map<string, number>();
  for (const s of detail.series) {
    const quiet = s.lastArrival === null ? null : now - s.lastArrival;
    const current = silentFor.get(s.line);
    if (quiet === null) continue;
    silentFor.set(s.line, current === undefined ? quiet : Math.min(current, quiet));
  }
  for (const g of gateways) {
    const lines = g.lines ?? [...silentFor.keys()];
    const quiet = lines.map((l) => silentFor.get(l)).filter((q): q is number => q !== undefined);
    if (quiet.length === 0 || quiet.length < lines.length) continue;
    const shortest = Math.min(...quiet);
    if (shortest <= silenceMs) continue;
    out.push({
      kind: 'silent-gateway',
      line: g.lines?.length === 1 ? g.lines[0] : null,
      characteristic: null,
      gateway: g.id,
      severity: 'medium',
      summary: `gateway ${g.id} has sent nothing for ${formatDuration(shortest)} (${lines.join(', ')})`,
      evidence: { silentForMs: shortest, lines: lines.join(', ') },
    });
  }
  return out;
}

/** ", 412 m of product between 1,020 m and 1,432 m" where the line reads its length; else nothing. */
function metresText(o: { readonly metres?: number; readonly firstPositionM?: number; readonly lastPositionM?: number }): string {
  if (o.metres === undefined) return '';
  const m = (x: number) => `${Math.round(x).toLocaleString('en-US')} m`;
  return `, ${m(o.metres)} of product between ${m(o.firstPositionM ?? 0)} and ${m(o.lastPositionM ?? 0)}`;
}
