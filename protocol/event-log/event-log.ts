/**
 * The stored event log as a format: every kind a writer puts in it, one
 * decoder that dispatches on the kind. Add a kind here, with its schema,
 * encoder and decoder in a file of its own, before anything writes it.
 */
import type { AlertEvent } from '../../monitor/alert.js';
import type { StoredEvent } from '../../domain/event-log-record.js';
import type { FindingEvent } from '../../core/findings/finding.js';
import { FINDING_EVENT_KIND, PRODUCT_EVENT_KIND, REEL_ENDED_KIND, REEL_RECORD_KIND, REEL_STARTED_KIND, RISK_EVENT_KIND } from '../event-kinds.js';
import type { ReelMark } from '../../trace/reels/reel-mark.js';
import type { ReelRecord } from '../../trace/reels/reel-record.js';
import { decodeReelMark, decodeReelRecord } from './reel-records.js';
import type { Decoded } from '../json-decoder.js';
import { ALERT_RECORD_KINDS, decodeAlertRecord, isAlertRecordKind } from './alert-records.js';
import { decodeFindingRecord } from './finding-records.js';
import { decodeProductRecord, type ProductChange } from './product-records.js';
import { decodeRiskRecord, type RiskAssessmentRecord } from './risk-records.js';
import { refused } from './record-check.js';

/** A decoded record, with the record it came from. */
export type EventLogEntry =
  | { readonly type: 'alert'; readonly record: StoredEvent; readonly event: AlertEvent }
  | { readonly type: 'risk'; readonly record: StoredEvent; readonly assessment: RiskAssessmentRecord }
  | { readonly type: 'finding'; readonly record: StoredEvent; readonly event: FindingEvent }
  | { readonly type: 'product'; readonly record: StoredEvent; readonly change: ProductChange }
  | { readonly type: 'reel-mark'; readonly record: StoredEvent; readonly mark: ReelMark }
  | { readonly type: 'reel'; readonly record: StoredEvent; readonly reel: ReelRecord };

/** Every kind the log holds. */
export const EVENT_LOG_KINDS: readonly string[] = Object.freeze([...ALERT_RECORD_KINDS, RISK_EVENT_KIND, FINDING_EVENT_KIND, PRODUCT_EVENT_KIND, REEL_STARTED_KIND, REEL_ENDED_KIND, REEL_RECORD_KIND]);

/** A stored record decoded by its kind, or the reason (with the path) it cannot be. Never throws. */
export function decodeEventLogRecord(record: StoredEvent): Decoded<EventLogEntry> {
  if (isAlertRecordKind(record.kind)) {
    const decoded = decodeAlertRecord(record);
    return decoded.ok ? { ok: true, value: { type: 'alert', record, event: decoded.value } } : decoded;
  }
  if (record.kind === RISK_EVENT_KIND) {
    const decoded = decodeRiskRecord(record);
    return decoded.ok ? { ok: true, value: { type: 'risk', record, assessment: decoded.value } } : decoded;
  }
  if (record.kind === FINDING_EVENT_KIND) {
    const decoded = decodeFindingRecord(record);
    return decoded.ok ? { ok: true, value: { type: 'finding', record, event: decoded.value } } : decoded;
  }
  if (record.kind === PRODUCT_EVENT_KIND) {
    const decoded = decodeProductRecord(record);
    return decoded.ok ? { ok: true, value: { type: 'product', record, change: decoded.value } } : decoded;
  }
  if (record.kind === REEL_STARTED_KIND || record.kind === REEL_ENDED_KIND) {
    const decoded = decodeReelMark(record);
    return decoded.ok ? { ok: true, value: { type: 'reel-mark', record, mark: decoded.value } } : decoded;
  }
  if (record.kind === REEL_RECORD_KIND) {
    const decoded = decodeReelRecord(record);
    return decoded.ok ? { ok: true, value: { type: 'reel', record, reel: decoded.value } } : decoded;
  }
  return refused('kind', `unknown event kind ${JSON.stringify(record.kind)} (the log holds ${EVENT_LOG_KINDS.join(', ')})`);
}
