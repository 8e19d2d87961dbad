import type { AlertSeverity } from '../../monitor/alert.js';

/**
 * A finding is what the regulator's live feed carries: an enterprise-level
 * statement with its evidence, opened when the condition has held long
 * enough to act on and closed when it no longer holds. Enterprise staff
 * work their series' alert episodes; a regulator reads findings and drills
 * down to the series from there.
 */
export type FindingKind =
  /** The enterprise's risk level changed (from the risk model's score). */
  | 'risk-level'
  /** A series drifts toward a spec limit, and will reach it (the risk model's "drifting"). */
  | 'drift'
  /** A series runs steadily too close to a limit: the material-saving pattern ("off-centre"). */
  | 'off-centre'
  /** Product out of spec for longer than a glitch (a critical episode). */
  | 'out-of-spec'
  /** A gateway has sent nothing for longer than the silence limit. */
  | 'silent-gateway';

export const FINDING_KINDS: readonly FindingKind[] = Object.freeze(['out-of-spec', 'drift', 'off-centre', 'risk-level', 'silent-gateway'] as FindingKind[]);

export interface Finding {
  /** Stable: enterprise, kind, where, and when it opened. */
  id: string;
  enterprise: string;
  kind: FindingKind;
  severity: AlertSeverity;
  status: 'open' | 'closed';
  /** Server time it opened, last changed, closed (null while open). ms */
  openedAt: number;
  updatedAt: number;
  closedAt: number | null;
  /** Where, when it is about one series (or one gateway). */
  line: string | null;
  characteristic: string | null;
  gateway: string | null;
  /** One sentence a regulator can read. */
  summary: string;
  /** The figures behind it (score and levels, hours to the limit, Cpk and its lower bound, readings and time out of spec, silence). */
  evidence: Record<string, number | string | null>;
}

export type FindingEventKind = 'opened' | 'updated' | 'closed';

export interface FindingEvent {
  kind: FindingEventKind;
  at: number;
  finding: Finding;
}

/** What the HTTP API and the live channel need of findings. */
export interface FindingDirectory {
  /** Findings, newest first: open ones, and closed ones since `since` (ms). */
  list(filter?: { enterprise?: string; status?: Finding['status']; since?: number }): Finding[];
  subscribe(listener: (event: FindingEvent) => void): () => void;
}
