import type { StoredEvent } from '../../store/port.js';
import type { ClassState } from '../../risk/supervision.js';
import type { EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';
import { encodeRiskRecord, type StoredClassState } from '../../protocol/event-log/risk-records.js';

/** An assessment is stored at least this often per enterprise, and whenever its level or suggested class changes. ms */
const STORE_EVERY_MS = 5 * 60_000;

/**
 * Decides which assessments go to the store: enough for the history a
 * monthly report needs and for the suggested class to survive a restart,
 * without an event per enterprise per second.
 */
export class RiskStoragePolicy {
  private readonly last = new Map<string, { at: number; level: string; suggested: string }>();

  select(summaries: readonly EnterpriseRiskSummary[], classOf: (id: string) => ClassState | null): StoredEvent[] {
    const out: StoredEvent[] = [];
    for (const s of summaries) {
      const prev = this.last.get(s.id);
      if (prev && s.at - prev.at < STORE_EVERY_MS && prev.level === s.level && prev.suggested === s.suggestedClass) continue;
      this.last.set(s.id, { at: s.at, level: s.level, suggested: s.suggestedClass });
      out.push(encodeRiskRecord(s, classOf(s.id)));
    }
    return out;
  }
}

/**
 * The class state to resume from a stored one, or null to start the class
 * afresh from the register: a state stored before the class ran in sample
 * time (no pendingForMs) has a wall-clock `at`.
 */
export function resumableClassState(c: StoredClassState | null): ClassState | null {
  if (c === null || c.pendingForMs === undefined) return null;
  return { smoothed: c.smoothed, suggested: c.suggested, pending: c.pending ?? null, pendingSince: c.pendingSince ?? null, pendingForMs: c.pendingForMs, at: c.at };
}
