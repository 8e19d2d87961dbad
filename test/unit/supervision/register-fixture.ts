/**
 * A register and a quarter of evidence for one enterprise that meets every
 * A condition on 2026-03-31; tests change one thing and see the class move.
 */
import type { EnterpriseDay, SeriesDay } from '../../../domain/daily-evidence.js';
import type { CharacteristicName } from '../../../domain/characteristics.js';
import { addDays } from '../../../supervision/calendar-day.js';
import type { SeriesSpec } from '../../../supervision/quality-evidence.js';
import type { SupervisionRecord } from '../../../supervision/records.js';

export const ENTERPRISE = 'e1';
export const AS_OF = '2026-03-31';
const base = { enterprise: ENTERPRISE, internal: false, published: false };

export function goodRecords(): SupervisionRecord[] {
  return [
    { ...base, kind: 'tax', id: 'tax-2025', year: 2025, amountCny: 2_000_000, band: null },
    { ...base, kind: 'certificate', id: 'qms-1', type: 'qms', number: 'QMS-01', validFrom: '2024-01-01', validUntil: '2027-12-31' },
    { ...base, kind: 'certificate', id: 'lic-1', type: 'production-licence', number: 'XK06-001', validFrom: '2024-01-01', validUntil: '2027-12-31' },
    { ...base, kind: 'calibration', id: 'cal-r', instrument: 'g-r', line: 'L1', characteristic: 'conductor_resistance', validFrom: '2025-06-01', validUntil: '2026-12-31', certificateNumber: 'C-R-1' },
    { ...base, kind: 'calibration', id: 'cal-i', instrument: 'g-i', line: 'L1', characteristic: 'insulation_thickness', validFrom: '2025-06-01', validUntil: '2026-12-31', certificateNumber: 'C-I-1' },
    { ...base, kind: 'status', id: 'st-s', date: '2026-01-10', inspector: 'wang', aspect: 'safety', value: 'sound', note: '' },
    { ...base, kind: 'status', id: 'st-e', date: '2026-01-10', inspector: 'wang', aspect: 'environmental', value: 'complete', note: '' },
    { ...base, kind: 'status', id: 'st-q', date: '2026-01-10', inspector: 'wang', aspect: 'quality-responsibility', value: 'strong', note: '' },
    { ...base, kind: 'status', id: 'st-m', date: '2026-01-10', inspector: 'wang', aspect: 'qms', value: 'running', note: '' },
  ];
}

export const SPECS: SeriesSpec[] = [
  { line: 'L1', characteristic: 'conductor_resistance', lsl: null, usl: 12.1 },
  { line: 'L1', characteristic: 'insulation_thickness', lsl: 0.53, usl: null },
];

/** One day of a series with n readings of the given mean and sd. */
export function seriesDay(day: string, characteristic: CharacteristicName, mean: number, sd: number, extra: Partial<SeriesDay> = {}): SeriesDay {
  const n = 1000;
  return { enterprise: ENTERPRISE, line: 'L1', characteristic, day, n, mean, m2: sd * sd * (n - 1), min: mean - 3 * sd, max: mean + 3 * sd, outOfSpec: 0, ...extra };
}

/** `days` days ending on AS_OF: resistance Ppk 2.4, insulation Ppk 5.7. */
export function goodDays(days = 90): { seriesDays: SeriesDay[]; enterpriseDays: EnterpriseDay[] } {
  const seriesDays: SeriesDay[] = [];
  const enterpriseDays: EnterpriseDay[] = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = addDays(AS_OF, -i);
    seriesDays.push(seriesDay(day, 'conductor_resistance', 11.0, 0.15), seriesDay(day, 'insulation_thickness', 0.7, 0.01));
    enterpriseDays.push({ enterprise: ENTERPRISE, day, highRiskMinutes: 0, maxScore: 10 });
  }
  return { seriesDays, enterpriseDays };
}
