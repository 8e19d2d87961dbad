/**
 * Constructed days for the routine drafts: the ISO week Monday 2026-03-30 to
 * Sunday 2026-04-05, which crosses from March into April, with an episode,
 * a reel and a gateway outage that span midnight 31 March / 1 April.
 */
import type { Alert, AlertActionRecord, AlertSeverity } from '../../../monitor/alert.js';
import type { CalibrationRecord } from '../../../supervision/records.js';
import type { ReelRecord, ReelVerdict } from '../../../trace/reels/reel-record.js';
import type { RoutineInputs } from '../../../trace/routine/routine-inputs.js';

export const at = (text: string) => Date.parse(text);

function action(by: string, atText: string, comment: string, cause: string | null): AlertActionRecord {
  return { by, at: at(atText), comment, cause, action: null };
}

function alert(id: string, from: string, to: string | null, severity: AlertSeverity, acknowledged: AlertActionRecord | null = null, resolved: AlertActionRecord | null = null): Alert {
  return {
    id,
    enterprise: 'hengyuan',
    line: 'line-1',
    characteristic: 'insulation_thickness',
    rule: 'outOfSpec',
    rules: [{ rule: 'outOfSpec', count: 1, firstSampleTs: at(from), lastSampleTs: at(to ?? from) }],
    severity,
    status: to === null ? (acknowledged ? 'acknowledged' : 'active') : 'resolved',
    firstSampleTs: at(from),
    lastSampleTs: at(to ?? from),
    count: 1,
    firstValue: 0,
    lastValue: 0,
    raisedAt: at(from),
    resolvedSampleTs: to === null ? null : at(to),
    shiftSigma: null,
    outOfSpec: null,
    limitsVersion: null,
    acknowledged,
    resolved,
  };
}

function reel(id: string, from: string, to: string | null, verdict: ReelVerdict, outOfSpec = 0, metres: number | null = null): ReelRecord {
  return {
    enterprise: 'hengyuan',
    line: 'line-1',
    reel: id,
    product: 'bv-2.5',
    startedAt: at(from),
    endedAt: to === null ? null : at(to),
    endedBy: to === null ? null : 'end',
    startM: null,
    endM: null,
    status: to === null ? 'open' : 'final',
    lateReadings: 0,
    characteristics: [
      { characteristic: 'insulation_thickness', n: 40, min: 0.6, max: 0.9, mean: 0.8, sd: 0.05, lsl: 0.7, usl: 1, ppk: 0.67, outOfSpec, metresOutOfSpec: metres, verdict },
      { characteristic: 'conductor_resistance', n: 40, min: 7, max: 7.2, mean: 7.1, sd: 0.04, lsl: null, usl: 7.41, ppk: 2.6, outOfSpec: 0, metresOutOfSpec: null, verdict: 'conforming' },
    ],
    verdict,
  };
}

function calibration(id: string, instrument: string, validUntil: string): CalibrationRecord {
  return {
    id,
    enterprise: 'hengyuan',
    kind: 'calibration',
    internal: false,
    published: false,
    instrument,
    line: 'line-1',
    characteristic: 'insulation_thickness',
    validFrom: '2025-01-01',
    validUntil,
    certificateNumber: `cert-${id}`,
  };
}

export const E1 = alert('e1', '2026-03-31T23:30:00Z', '2026-04-01T00:20:00Z', 'high', action('li.ming', '2026-03-31T23:40:00Z', 'die changed', 'die-wear'));
export const E2 = alert('e2', '2026-04-01T10:00:00Z', '2026-04-01T10:05:00Z', 'medium');
export const E3 = alert('e3', '2026-04-03T08:00:00Z', null, 'critical', action('li.ming', '2026-04-03T08:10:00Z', 'wet compound', 'compound-moisture'));
export const E4 = alert('e4', '2026-03-29T12:00:00Z', '2026-03-29T13:00:00Z', 'low');
/** Resolved at midnight exactly: on 2 April, not on 3 April. */
export const E5 = alert('e5', '2026-04-02T23:00:00Z', '2026-04-03T00:00:00Z', 'medium', null, action('auto', '2026-04-03T00:00:00Z', '', null));

export const R1 = reel('r1', '2026-03-31T22:00:00Z', '2026-04-01T02:00:00Z', 'nonconforming', 12, 40);
export const R2 = reel('r2', '2026-04-01T03:00:00Z', '2026-04-01T08:00:00Z', 'conforming');
export const R3 = reel('r3', '2026-04-02T10:00:00Z', '2026-04-02T14:00:00Z', 'insufficient-data');
export const R4 = reel('r4', '2026-04-06T01:00:00Z', null, 'nonconforming', 3, null);

export const CAL_G1_OLD = calibration('g1-2025', 'g1', '2025-04-20');
export const CAL_G1 = calibration('g1-2026', 'g1', '2026-04-20');
export const CAL_G2 = calibration('g2-2025', 'g2', '2026-03-31');
export const CAL_G3 = calibration('g3-2026', 'g3', '2026-06-01');

export const INPUTS: RoutineInputs = {
  alerts: [E3, E2, E1, E4, E5],
  reels: [R4, R3, R2, R1],
  gatewayDowns: [
    { gateway: 'gw-a', fromMs: at('2026-03-31T23:00:00Z'), toMs: at('2026-04-01T01:30:00Z') },
    { gateway: 'gw-b', fromMs: at('2026-04-05T23:50:00Z'), toMs: null },
  ],
  calibrations: [CAL_G1_OLD, CAL_G1, CAL_G2, CAL_G3],
  nowMs: at('2026-04-06T00:10:00Z'),
};
