/**
 * A FindingDirectory the tests fill by hand (the analytics side that
 * produces findings lands separately): findings kept in memory, listed as
 * the interface says (open ones and those closed since `since`, newest
 * first), and every change published to the subscribers as a FindingEvent.
 */
import type { Finding, FindingDirectory, FindingEvent, FindingEventKind } from '../../core/findings/finding.js';

export interface TestFindings extends FindingDirectory {
  /** Opens (or replaces) a finding and publishes it; the fields not given get plain defaults. */
  open(finding: Partial<Finding> & Pick<Finding, 'enterprise' | 'kind'>, at?: number): Finding;
  /** Closes a finding and publishes it. */
  close(id: string, at: number): Finding;
}

export function testFindings(): TestFindings {
  const byId = new Map<string, Finding>();
  const listeners = new Set<(event: FindingEvent) => void>();
  const publish = (kind: FindingEventKind, at: number, finding: Finding) => {
    for (const l of listeners) l({ kind, at, finding: structuredClone(finding) });
  };
  let serial = 0;
  return {
    list(filter = {}) {
      return [...byId.values()]
        .filter((f) => filter.enterprise === undefined || f.enterprise === filter.enterprise)
        .filter((f) => filter.status === undefined || f.status === filter.status)
        .filter((f) => f.status === 'open' || filter.since === undefined || (f.closedAt ?? 0) >= filter.since)
        .sort((a, b) => b.openedAt - a.openedAt)
        .map((f) => structuredClone(f));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    open(partial, at = partial.openedAt ?? Date.now()) {
      const where = partial.line ? `${partial.line}.${partial.characteristic ?? ''}` : (partial.gateway ?? 'all');
      const finding: Finding = {
        id: partial.id ?? `${partial.enterprise}.${partial.kind}.${where}.${at}.${++serial}`,
        severity: 'high',
        status: 'open',
        openedAt: at,
        updatedAt: at,
        closedAt: null,
        line: null,
        characteristic: null,
        gateway: null,
        summary: `${partial.kind} at ${partial.enterprise}`,
        evidence: {},
        ...partial,
      };
      const kind: FindingEventKind = byId.has(finding.id) ? 'updated' : 'opened';
      byId.set(finding.id, finding);
      publish(kind, at, finding);
      return structuredClone(finding);
    },
    close(id, at) {
      const finding = byId.get(id);
      if (!finding) throw new Error(`no finding ${id}`);
      finding.status = 'closed';
      finding.closedAt = at;
      finding.updatedAt = at;
      publish('closed', at, finding);
      return structuredClone(finding);
    },
  };
}
