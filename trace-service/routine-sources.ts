/**
 * The inputs of one enterprise's routine draft (trace/routine/routine-inputs.ts)
 * as the stack holds them: alert episodes, reel records and silent-gateway
 * findings in the store's event log, calibrations in the register.
 *
 * Episodes, reels and outages are read from LOOKBACK_MS before the period,
 * so one that began earlier and went on into it is seen; episodes and
 * findings are read up to now, so a cause given after the period is in the
 * draft. Records that do not decode are left out and counted in `skipped`.
 */
import type { EventPageReader } from '../domain/event-log-record.js';
import type { Alert } from '../monitor/alert.js';
import { FINDING_EVENT_KIND, REEL_RECORD_KIND } from '../protocol/event-kinds.js';
import { ALERT_RECORD_KINDS } from '../protocol/event-log/alert-records.js';
import type { EventLogEntry } from '../protocol/event-log/event-log.js';
import { readEventLog } from '../protocol/event-log/read-event-log.js';
import type { Register } from '../register/port.js';
import { validateRecordOfKind } from '../supervision/record-validation.js';
import type { CalibrationRecord } from '../supervision/records.js';
import type { ReelRecord } from '../trace/reels/reel-record.js';
import type { GatewayDownSpan, RoutineInputs } from '../trace/routine/routine-inputs.js';
import type { PeriodBounds } from '../trace/routine/routine-period.js';

/** How far before a period an episode, reel or outage that reaches into it may have begun. ms (31 days) */
export const LOOKBACK_MS = 31 * 86_400_000;

type FindingEvent = Extract<EventLogEntry, { type: 'finding' }>['event'];

export async function routineInputs(store: EventPageReader, register: Register, enterprise: string, b: PeriodBounds, nowMs: number): Promise<RoutineInputs & { skipped: number }> {
  let skipped = 0;
  const alerts = new Map<string, Alert>();
  const reels = new Map<string, ReelRecord>();
  const findings: FindingEvent[] = [];
  const kinds = [...ALERT_RECORD_KINDS, REEL_RECORD_KIND, FINDING_EVENT_KIND];
  for await (const page of readEventLog(store, { enterprises: [enterprise], kinds, from: b.fromMs - LOOKBACK_MS }, () => skipped++)) {
    for (const entry of page) {
      if (entry.type === 'alert') alerts.set(entry.event.alert.id, entry.event.alert);
      else if (entry.type === 'reel' && entry.reel.startedAt < b.untilMs) reels.set(entry.reel.reel, entry.reel);
      else if (entry.type === 'finding' && entry.event.finding.kind === 'silent-gateway') findings.push(entry.event);
    }
  }
  const calibrations: CalibrationRecord[] = [];
  for (const stored of await register.listRecords({ enterprise, kind: 'calibration' })) {
    const checked = validateRecordOfKind('calibration', { ...stored.body, id: stored.id, enterprise: stored.enterprise });
    if (checked.ok && checked.record.kind === 'calibration') calibrations.push(checked.record);
    else skipped++;
  }
  return { alerts: [...alerts.values()], reels: [...reels.values()], gatewayDowns: gatewayDownSpans(findings), calibrations, nowMs, skipped };
}

/**
 * A silent-gateway finding opens once the gateway has been silent past the
 * limit: it went down `silentForMs` (its evidence when opened) before that,
 * and was heard again when the finding closed.
 */
export function gatewayDownSpans(events: readonly FindingEvent[]): GatewayDownSpan[] {
  const spans = new Map<string, { gateway: string; fromMs: number; toMs: number | null }>();
  for (const e of [...events].sort((x, y) => x.at - y.at)) {
    const f = e.finding;
    if (f.kind !== 'silent-gateway') continue;
    const silent = typeof f.evidence.silentForMs === 'number' ? f.evidence.silentForMs : 0;
    const seen = spans.get(f.id);
    const fromMs = seen?.fromMs ?? f.openedAt - silent;
    spans.set(f.id, { gateway: f.gateway ?? '(unknown gateway)', fromMs, toMs: f.status === 'closed' ? (f.closedAt ?? e.at) : null });
  }
  return [...spans.values()];
}
