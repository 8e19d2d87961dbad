import type { AlertEvent as StoredEvent, JsonValue } from '../../store/port.js';
import type { ClassState } from '../../risk/supervision.js';
import type { EnterpriseRiskSummary } from '../../core/enterprise-risk/risk-views.js';
import { RISK_EVENT_KIND, riskEventId } from '../../protocol/event-kinds.js';

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
      const cls = classOf(s.id);
      out.push({
        id: riskEventId(s.id),
        at: s.at,
        kind: RISK_EVENT_KIND,
        enterprise: s.id,
        data: {
          summary: JSON.parse(JSON.stringify(s)) as { [key: string]: JsonValue },
          classState: cls ? { smoothed: cls.smoothed, suggested: cls.suggested, pending: cls.pending, pendingSince: cls.pendingSince, pendingForMs: cls.pendingForMs, at: cls.at } : null,
        },
      });
    }
    return out;
  }
}

/** The last stored class state of each enterprise, from the event log (oldest first). */
export function classStatesFromEvents(events: readonly StoredEvent[]): Map<string, ClassState> {
  const states = new Map<string, ClassState>();
  for (const e of events) {
    if (e.kind !== RISK_EVENT_KIND) continue;
    const c = e.data?.classState as unknown as ClassState | null | undefined;
    // A state stored before the class ran in sample time (no pendingForMs) has a wall-clock `at`: the class starts afresh from the register.
    if (c && typeof c.smoothed === 'number' && typeof c.pendingForMs === 'number' && typeof c.at === 'number' && isClass(c.suggested) && (c.pending === null || isClass(c.pending))) {
      states.set(e.enterprise, { smoothed: c.smoothed, suggested: c.suggested, pending: c.pending, pendingSince: c.pendingSince ?? null, pendingForMs: c.pendingForMs, at: c.at });
    }
  }
  return states;
}

const isClass = (c: unknown): c is ClassState['suggested'] => c === 'A' || c === 'B' || c === 'C';
