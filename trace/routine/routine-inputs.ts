/**
 * What a routine draft is made from, as plain values the caller gathers for
 * one enterprise (trace-service/ reads them from the store and the register):
 * its alert episodes, its reels' quality records, the spans its gateways
 * were down, and its gauges' calibration certificates.
 */
import type { Alert } from '../../monitor/alert.js';
import type { CalibrationRecord } from '../../supervision/records.js';
import type { ReelRecord } from '../reels/reel-record.js';

/**
 * A stretch a gateway sent nothing: from the last it was heard to when it was
 * heard again (null while still silent). Made from the silent-gateway
 * findings (core/findings/finding-candidates.ts): `from` is the finding's
 * opening less the silence it had then, `to` its closing.
 */
export interface GatewayDownSpan {
  readonly gateway: string;
  readonly fromMs: number;
  readonly toMs: number | null;
}

export interface RoutineInputs {
  /** The latest state of each alert episode (one per id). */
  readonly alerts: readonly Alert[];
  readonly reels: readonly ReelRecord[];
  readonly gatewayDowns: readonly GatewayDownSpan[];
  readonly calibrations: readonly CalibrationRecord[];
  /** What is known up to (ms UTC): a gateway still down counts as down until then, not to the period's end. */
  readonly nowMs?: number;
}

export interface RoutineDraftOptions {
  /** A gauge whose certificate runs out within this many days after the period's last day is "due". */
  readonly calibrationDueDays: number;
}

export const DEFAULT_ROUTINE_DRAFT_OPTIONS: RoutineDraftOptions = Object.freeze({ calibrationDueDays: 30 });
