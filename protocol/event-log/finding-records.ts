/**
 * Stored finding events (kind `finding.changed`, event-kinds.ts): every
 * event of the regulator's feed, written by the analytics risk loop
 * (analytics/risk/risk-loop.ts) after publishing it, and read back by the
 * stand-alone dashboard (dashboard/remote-findings-directory.ts).
 *
 * `id` is the finding's id, `enterprise` its enterprise, `at` the event's
 * time; `data` is the finding event as the bus carries it, checked by the
 * same schema (finding-event.ts).
 */
import type { FindingEvent } from '../../core/findings/finding.js';
import type { JsonValue, StoredEvent } from '../../domain/event-log-record.js';
import { FINDING_EVENT_KIND } from '../event-kinds.js';
import { checkFindingEvent } from '../finding-event.js';
import type { Decoded } from '../json-decoder.js';
import { refused } from './record-check.js';

/** The one way a finding event is written to the log. */
export function encodeFindingRecord(event: FindingEvent): StoredEvent {
  const f = event.finding;
  return {
    id: f.id,
    at: event.at,
    kind: FINDING_EVENT_KIND,
    enterprise: f.enterprise,
    data: { kind: event.kind, at: event.at, finding: { ...f, evidence: { ...f.evidence } } } as { readonly [key: string]: JsonValue },
  };
}

/** A stored finding event, or the reason (with the path) it is not one. Never throws. */
export function decodeFindingRecord(record: StoredEvent): Decoded<FindingEvent> {
  if (record.kind !== FINDING_EVENT_KIND) return refused('kind', `expected ${JSON.stringify(FINDING_EVENT_KIND)}, got ${JSON.stringify(record.kind)}`);
  if (record.bodyProblem !== undefined) return refused('body', record.bodyProblem);
  const checked = checkFindingEvent(record.data);
  if (!checked.ok) return { ok: false, reason: `data.${checked.reason}` };
  const f = checked.value.finding;
  if (f.id !== record.id) return refused('data.finding.id', `${JSON.stringify(f.id)} is not the record's id ${JSON.stringify(record.id)}`);
  if (f.enterprise !== record.enterprise) return refused('data.finding.enterprise', `${JSON.stringify(f.enterprise)} is not the record's enterprise ${JSON.stringify(record.enterprise)}`);
  return checked;
}
