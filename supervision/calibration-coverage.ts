/**
 * Which days a series' gauge was calibrated, from the register's calibration
 * certificates. A series (line x characteristic) that has registered gauges
 * is covered on a day when one of its certificates is valid that day; a day
 * it is not covered is measured outside calibration: flagged, and not
 * evidence for A. A series with no registered gauge has no coverage to lapse
 * (a.calibration then says the gauge is unregistered).
 */
import type { CalendarDay } from './calendar-day.js';
import type { CalibrationRecord } from './records.js';

export function seriesKey(line: string, characteristic: string): string {
  return `${line}\u0000${characteristic}`;
}

export class CalibrationCoverage {
  private readonly bySeries = new Map<string, CalibrationRecord[]>();

  constructor(records: readonly CalibrationRecord[]) {
    for (const r of records) {
      const key = seriesKey(r.line, r.characteristic);
      const list = this.bySeries.get(key) ?? [];
      list.push(r);
      this.bySeries.set(key, list);
    }
  }

  /** True when the series has at least one registered gauge. */
  registered(line: string, characteristic: string): boolean {
    return this.bySeries.has(seriesKey(line, characteristic));
  }

  /** The certificate valid on `day`, if any. */
  validOn(line: string, characteristic: string, day: CalendarDay): CalibrationRecord | null {
    for (const r of this.bySeries.get(seriesKey(line, characteristic)) ?? []) if (r.validFrom <= day && day <= r.validUntil) return r;
    return null;
  }

  /** True when the day's readings may count as evidence: no registered gauge, or one valid that day. */
  counts(line: string, characteristic: string, day: CalendarDay): boolean {
    return !this.registered(line, characteristic) || this.validOn(line, characteristic, day) !== null;
  }

  /** Each registered series with its certificates (latest validUntil last). */
  series(): { line: string; characteristic: string; records: CalibrationRecord[] }[] {
    return [...this.bySeries.values()].map((records) => {
      const sorted = [...records].sort((a, b) => (a.validUntil < b.validUntil ? -1 : a.validUntil > b.validUntil ? 1 : 0));
      return { line: sorted[0].line, characteristic: sorted[0].characteristic, records: sorted };
    });
  }
}
