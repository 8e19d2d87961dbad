/**
 * The reverse trace: one reel and everything known about it. Its quality
 * record as stored, the material lots it consumed, its tests and shipments
 * from the register, the alert episodes on its line while it was wound, and
 * the gauge calibration of each characteristic over the days it was wound
 * (a reel measured on a day no certificate covered is flagged, as the
 * supervision rules flag such readings: supervision/calibration-coverage.ts).
 */
import { addDays } from '../supervision/calendar-day.js';
import { episodeSpan, ownRecords, reelLength, reelOverlaps } from './forward-trace.js';
import type { ReelRecord } from './reels/reel-record.js';
import type { CalibrationCover, TraceRecordSet } from './trace-inputs.js';
import type { AlertEpisodeSummary, ReelCalibration, ReelTrace, SkippedTraceRecord } from './trace-view.js';

export interface ReelTraceInput {
  readonly record: ReelRecord;
  readonly records: TraceRecordSet;
  readonly calibrations: readonly CalibrationCover[];
  /** Episodes of the reel's enterprise; those on other lines or outside its span are left out here. */
  readonly episodes: readonly AlertEpisodeSummary[];
  /** Where an open reel's span ends for calibration, ms (the service's clock). */
  readonly now: number;
  readonly skipped?: readonly SkippedTraceRecord[];
}

export function reelTrace(input: ReelTraceInput): ReelTrace {
  const { record } = input;
  const records = ownRecords(input.records, record.enterprise);
  const lotIds = [...new Set(records.reelLots.filter((rl) => rl.reel === record.reel).flatMap((rl) => rl.lots))];
  const lots = lotIds.flatMap((id) => records.lots.filter((l) => l.id === id));
  const unknownLots = lotIds.filter((id) => !records.lots.some((l) => l.id === id));
  const episodes = input.episodes
    .filter((e) => e.enterprise === record.enterprise && e.line === record.line)
    .filter((e) => {
      const { from, to } = episodeSpan(e);
      return reelOverlaps(record, from, to);
    })
    .sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
  const days = reelDays(record, input.now);
  const calibration = record.characteristics.map((c) => calibrationStatus(record.line, c.characteristic, days, input.calibrations));
  return {
    enterprise: record.enterprise,
    record,
    lengthM: reelLength(record),
    lots,
    unknownLots,
    calibration,
    episodes,
    tests: records.tests.filter((t) => t.reel === record.reel).sort((a, b) => (a.testedAt < b.testedAt ? -1 : a.testedAt > b.testedAt ? 1 : 0)),
    shipments: records.shipments.filter((s) => s.reels.includes(record.reel)).sort((a, b) => (a.shippedOn < b.shippedOn ? -1 : a.shippedOn > b.shippedOn ? 1 : 0)),
    skipped: input.skipped ?? [],
  };
}

/** The UTC days the reel was wound on: from its start to the last instant before its end (or `now` while open). */
export function reelDays(record: Pick<ReelRecord, 'startedAt' | 'endedAt'>, now: number): string[] {
  const end = record.endedAt ?? Math.max(now, record.startedAt);
  const last = new Date(Math.max(record.startedAt, end - 1)).toISOString().slice(0, 10);
  const days: string[] = [];
  for (let day = new Date(record.startedAt).toISOString().slice(0, 10); day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

/** valid when a certificate of the series covered every day; lapsed when the series has a gauge but some day none; else not-registered. */
export function calibrationStatus(line: string, characteristic: string, days: readonly string[], calibrations: readonly CalibrationCover[]): ReelCalibration {
  const certificates = calibrations.filter((c) => c.line === line && c.characteristic === characteristic);
  if (certificates.length === 0) return { characteristic, status: 'not-registered', instruments: [], uncoveredDays: [] };
  const instruments = new Set<string>();
  const uncoveredDays: string[] = [];
  for (const day of days) {
    const covering = certificates.filter((c) => c.validFrom <= day && day <= c.validUntil);
    if (covering.length === 0) uncoveredDays.push(day);
    for (const c of covering) instruments.add(c.instrument);
  }
  return { characteristic, status: uncoveredDays.length === 0 ? 'valid' : 'lapsed', instruments: [...instruments].sort(), uncoveredDays };
}
