import type { AlertSeverity } from '../../monitor/alert.js';
import type { RiskLevel } from '../../risk/options.js';
import type { FindingCandidate } from './finding-candidates.js';
import type { Finding, FindingEvent } from './finding.js';
import { withDefaults } from '../../domain/with-defaults.js';

export interface FindingTrackerOptions {
  /** A condition must hold this long before its finding opens, and be gone this long before it closes. ms */
  readonly sustainMs: number;
  /** A new risk level must hold this long before it is reported (the score settles while a series gathers evidence). ms */
  readonly levelSustainMs: number;
  /** Closed findings kept for the feed. */
  readonly closedKept: number;
}

export const DEFAULT_FINDING_OPTIONS: FindingTrackerOptions = Object.freeze({
  sustainMs: 60_000, // ms
  levelSustainMs: 120_000, // ms
  closedKept: 5_000,
});

const LEVEL_SEVERITY: Readonly<Record<RiskLevel, AlertSeverity>> = Object.freeze({ low: 'low', medium: 'medium', high: 'high', critical: 'critical' });

/**
 * Turns the conditions that hold at each assessment into findings with a
 * lifecycle: opened once a condition has held for `sustainMs` (an
 * out-of-spec one at once: its episode already waited out a glitch),
 * updated when its severity or figures change, closed once it has been gone
 * for `sustainMs`. The risk level is a finding too: a new level that holds
 * for `levelSustainMs` closes the previous level's finding and opens its
 * own. Pure: the caller passes the time and publishes the events.
 */
export class FindingTracker {
  private readonly open = new Map<string, Finding>();
  /** Candidates seen but not open yet: key -> first seen. */
  private readonly pending = new Map<string, number>();
  /** Open findings whose condition is gone: key -> first missed. */
  private readonly missing = new Map<string, number>();
  private readonly closed: Finding[] = [];
  private readonly levels = new Map<string, { reported: RiskLevel; candidate: RiskLevel; since: number }>();
  readonly options: FindingTrackerOptions;

  constructor(options: Partial<FindingTrackerOptions> = {}) {
    this.options = withDefaults(DEFAULT_FINDING_OPTIONS, options);
  }

  /** The conditions of one enterprise now; appends the findings' events. */
  update(enterprise: string, candidates: readonly FindingCandidate[], now: number, events: FindingEvent[]): void {
    const { sustainMs } = this.options;
    const seen = new Set<string>();
    for (const c of candidates) {
      const key = findingKey(enterprise, c);
      seen.add(key);
      this.missing.delete(key);
      const current = this.open.get(key);
      if (current) {
        if (current.severity !== c.severity || current.summary !== c.summary) {
          Object.assign(current, { severity: c.severity, summary: c.summary, evidence: { ...c.evidence }, updatedAt: now });
          events.push({ kind: 'updated', at: now, finding: { ...current, evidence: { ...current.evidence } } });
        }
        continue;
      }
      const since = this.pending.get(key) ?? now;
      this.pending.set(key, since);
      if (c.kind !== 'out-of-spec' && now - since < sustainMs) continue;
      this.pending.delete(key);
      const finding: Finding = {
        id: `${enterprise}.${c.kind}.${c.line ?? '-'}.${c.characteristic ?? c.gateway ?? '-'}.${now}`,
        enterprise,
        kind: c.kind,
        severity: c.severity,
        status: 'open',
        openedAt: now,
        updatedAt: now,
        closedAt: null,
        line: c.line,
        characteristic: c.characteristic,
        gateway: c.gateway,
        summary: c.summary,
        evidence: { ...c.evidence },
      };
      this.open.set(key, finding);
      events.push({ kind: 'opened', at: now, finding: { ...finding, evidence: { ...finding.evidence } } });
    }
    const prefix = `${enterprise}/`;
    for (const key of [...this.pending.keys()]) if (key.startsWith(prefix) && !seen.has(key)) this.pending.delete(key);
    for (const [key, finding] of this.open) {
      if (!key.startsWith(prefix) || seen.has(key) || finding.kind === 'risk-level') continue;
      const gone = this.missing.get(key) ?? now;
      this.missing.set(key, gone);
      if (now - gone >= sustainMs) this.close(key, finding, now, events);
    }
  }

  /** The enterprise's risk level now; a change that holds becomes a finding. */
  level(enterprise: string, level: RiskLevel, score: number, suggestedClass: string, now: number, events: FindingEvent[]): void {
    const state = this.levels.get(enterprise);
    if (!state) {
      // The first level is the starting point, not a change.
      this.levels.set(enterprise, { reported: level, candidate: level, since: now });
      return;
    }
    if (level !== state.candidate) {
      state.candidate = level;
      state.since = now;
    }
    if (state.candidate === state.reported || now - state.since < this.options.levelSustainMs) return;
    const previous = state.reported;
    state.reported = state.candidate;
    const key = `${enterprise}/risk-level/-/-/-`;
    const old = this.open.get(key);
    if (old) this.close(key, old, now, events);
    const rising = rank(level) > rank(previous);
    const finding: Finding = {
      id: `${enterprise}.risk-level.-.-.${now}`,
      enterprise,
      kind: 'risk-level',
      severity: LEVEL_SEVERITY[level],
      status: 'open',
      openedAt: now,
      updatedAt: now,
      closedAt: null,
      line: null,
      characteristic: null,
      gateway: null,
      summary: `risk level ${rising ? 'rose' : 'fell'} from ${previous} to ${level} (score ${Math.round(score)}, suggested class ${suggestedClass})`,
      evidence: { level, previousLevel: previous, score: Math.round(score * 10) / 10, suggestedClass },
    };
    this.open.set(key, finding);
    events.push({ kind: 'opened', at: now, finding: { ...finding, evidence: { ...finding.evidence } } });
  }

  /** Open findings, and closed ones since `since`, newest first. */
  list(filter: { enterprise?: string; status?: Finding['status']; since?: number } = {}): Finding[] {
    const all = [...this.open.values(), ...this.closed];
    return all
      .filter(
        (f) =>
          (filter.enterprise === undefined || f.enterprise === filter.enterprise) &&
          (filter.status === undefined || f.status === filter.status) &&
          (filter.since === undefined || f.updatedAt >= filter.since),
      )
      .sort((a, b) => b.updatedAt - a.updatedAt || b.openedAt - a.openedAt)
      .map((f) => ({ ...f, evidence: { ...f.evidence } }));
  }

  /**
   * Takes back the findings the event log kept (their newest states), so a
   * restarted service goes on with the findings it had open: it updates and
   * closes them rather than leaving them open for ever in every reader's copy.
   * A restored open finding of a condition that no longer holds closes after
   * `sustainMs`; a restored risk level closes at the next change of level.
   */
  restore(findings: readonly Finding[]): void {
    for (const f of findings) {
      const copy = { ...f, evidence: { ...f.evidence } };
      if (f.status === 'open') this.open.set(findingKey(f.enterprise, f), copy);
      else this.closed.push(copy);
    }
    this.closed.sort((a, b) => b.updatedAt - a.updatedAt);
    this.closed.splice(this.options.closedKept);
  }

  /** Forgets an enterprise (another analytics worker owns it now). */
  forgetEnterprise(enterprise: string): void {
    const prefix = `${enterprise}/`;
    for (const map of [this.open, this.pending, this.missing]) for (const key of [...map.keys()]) if (key.startsWith(prefix)) map.delete(key);
    this.levels.delete(enterprise);
  }

  private close(key: string, finding: Finding, now: number, events: FindingEvent[]): void {
    this.open.delete(key);
    this.missing.delete(key);
    finding.status = 'closed';
    finding.closedAt = now;
    finding.updatedAt = now;
    this.closed.unshift(finding);
    if (this.closed.length > this.options.closedKept) this.closed.pop();
    events.push({ kind: 'closed', at: now, finding: { ...finding, evidence: { ...finding.evidence } } });
  }
}

const rank = (l: RiskLevel): number => ['low', 'medium', 'high', 'critical'].indexOf(l);

/** Where a finding's condition is: one open finding per key. */
function findingKey(enterprise: string, c: Pick<Finding, 'kind' | 'line' | 'characteristic' | 'gateway'>): string {
  return `${enterprise}/${c.kind}/${c.line ?? '-'}/${c.characteristic ?? '-'}/${c.gateway ?? '-'}`;
}
