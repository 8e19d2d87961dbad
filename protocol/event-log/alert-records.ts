/**
 * Alert episode events in the event log: one record per lifecycle event
 * (`raised`, `updated`, `escalated`, `acknowledged`, `resolved`), written by
 * the analytics journal (analytics/alerts/alert-journal.ts) and read back by
 * recovery, the stand-alone dashboard and the monthly report.
 *
 * The record's `data.alert` is the whole episode after the event, in the
 * schema of the bus's alert events (alert-event.ts), so a stored state and a
 * published one are checked alike. The envelope repeats what a reader can
 * filter on without opening `data`: the episode id, enterprise, line,
 * characteristic (left out for an enterprise-wide episode), rule, severity,
 * and who acted on an acknowledgement or resolution.
 */
import type Type from 'typebox';
import { ENTERPRISE_SCOPE, type Alert, type AlertEvent, type AlertEventKind } from '../../monitor/alert.js';
import type { CharacteristicName } from '../../domain/characteristics.js';
import type { JsonValue, StoredEvent } from '../../domain/event-log-record.js';
import { AlertSchema } from '../alert-event.js';
import type { Decoded } from '../json-decoder.js';
import { recordCheck, refused } from './record-check.js';

/** The kinds of the alert lifecycle, as stored. */
export const ALERT_RECORD_KINDS: readonly AlertEventKind[] = Object.freeze(['raised', 'updated', 'escalated', 'acknowledged', 'resolved']);

export function isAlertRecordKind(kind: string): kind is AlertEventKind {
  return (ALERT_RECORD_KINDS as readonly string[]).includes(kind);
}

const checkAlert = recordCheck(AlertSchema, 'data.alert');

/** The one way an alert event is written to the log. */
export function encodeAlertRecord(e: AlertEvent): StoredEvent {
  const a = e.alert;
  // An enterprise-level alert (risk level) has no line or characteristic of its own; its state is in `data`.
  const enterpriseWide = a.line === ENTERPRISE_SCOPE.line && a.characteristic === ENTERPRISE_SCOPE.characteristic;
  const actor = e.kind === 'acknowledged' ? a.acknowledged : e.kind === 'resolved' ? a.resolved : null;
  return {
    id: a.id,
    at: e.at,
    kind: e.kind,
    enterprise: a.enterprise,
    ...(enterpriseWide ? {} : { line: a.line, characteristic: a.characteristic as CharacteristicName }),
    rule: a.rule,
    severity: a.severity,
    ...(actor ? { by: actor.by, comment: actor.comment } : {}),
    data: { alert: alertJson(a) },
  };
}

/** An alert event from its stored record, or the reason (with the path) it is not one. Never throws. */
export function decodeAlertRecord(record: StoredEvent): Decoded<AlertEvent> {
  if (!isAlertRecordKind(record.kind)) return refused('kind', `expected one of ${ALERT_RECORD_KINDS.join(', ')}, got ${JSON.stringify(record.kind)}`);
  if (record.bodyProblem !== undefined) return refused('body', record.bodyProblem);
  const checked = checkAlert(record.data?.alert);
  if (!checked.ok) return checked;
  const alert: Alert = checked.value;
  if (alert.id !== record.id) return refused('data.alert.id', `${JSON.stringify(alert.id)} is not the record's id ${JSON.stringify(record.id)}`);
  if (alert.enterprise !== record.enterprise) return refused('data.alert.enterprise', `${JSON.stringify(alert.enterprise)} is not the record's enterprise ${JSON.stringify(record.enterprise)}`);
  return { ok: true, value: { kind: record.kind, at: record.at, alert } };
}

/** An episode as JSON, field by field: exactly what the schema reads back, nothing borrowed by reference. */
function alertJson(a: Alert): { readonly [key: string]: JsonValue } {
  const action = (x: Alert['acknowledged']): JsonValue => (x ? { by: x.by, at: x.at, comment: x.comment, cause: x.cause, action: x.action } : null);
  return {
    id: a.id,
    enterprise: a.enterprise,
    line: a.line,
    characteristic: a.characteristic,
    rule: a.rule,
    rules: a.rules.map((r) => ({ rule: r.rule, count: r.count, firstSampleTs: r.firstSampleTs, lastSampleTs: r.lastSampleTs })),
    severity: a.severity,
    status: a.status,
    firstSampleTs: a.firstSampleTs,
    lastSampleTs: a.lastSampleTs,
    count: a.count,
    firstValue: a.firstValue,
    lastValue: a.lastValue,
    raisedAt: a.raisedAt,
    resolvedSampleTs: a.resolvedSampleTs,
    shiftSigma: a.shiftSigma,
    outOfSpec: a.outOfSpec ? { ...a.outOfSpec } : null,
    limitsVersion: a.limitsVersion,
    acknowledged: action(a.acknowledged),
    resolved: action(a.resolved),
  };
}

/** The schema's type and the episode's must stay one: this fails to compile when they part. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaIsAlert: Same<Type.Static<typeof AlertSchema>, Alert> = true;
void schemaIsAlert;
