/**
 * The supervision register's records: what the county's classification
 * standard names, one kind per record. The register (register/) stores each
 * as a JSON document under its `kind`; forms, the API and the CSV import
 * build them through record-validation.ts, never by hand.
 *
 * Every record belongs to one enterprise and carries two flags the public page
 * obeys (public-disclosure.ts): `internal` (never published, whatever else is
 * set) and `published` (the bureau chose to publish it).
 */
import type { CharacteristicName } from '../domain/characteristics.js';
import type { CalendarDay } from './calendar-day.js';

export type SupervisionClass = 'A' | 'B' | 'C';
export const SUPERVISION_CLASSES: readonly SupervisionClass[] = ['A', 'B', 'C'];

interface RecordBase {
  readonly id: string;
  readonly enterprise: string;
  /** Never shown on the public page, even when `published`. */
  readonly internal: boolean;
  /** The bureau chose to publish it (only some kinds can be: public-disclosure.ts). */
  readonly published: boolean;
}

/** Tax bands at the standard's two thresholds (100k and 1M CNY a year). */
export const TAX_BANDS = ['below-100k', '100k-to-1m', 'at-least-1m'] as const;
export type TaxBand = (typeof TAX_BANDS)[number];

/** Tax paid in a calendar year: the amount, or only its band when the amount is confidential. */
export interface TaxRecord extends RecordBase {
  readonly kind: 'tax';
  readonly year: number;
  /** CNY; null when only the band is known. */
  readonly amountCny: number | null;
  /** null when the amount is given (the band then follows from it). */
  readonly band: TaxBand | null;
}

export const CERTIFICATE_TYPES = ['qms', 'production-licence', 'ccc', 'environmental', 'safety'] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

export interface CertificateRecord extends RecordBase {
  readonly kind: 'certificate';
  readonly type: CertificateType;
  readonly number: string;
  readonly validFrom: CalendarDay;
  /** Inclusive: the certificate is valid on this day. */
  readonly validUntil: CalendarDay;
}

/** One calibration certificate of one gauge (instrument) on a line. */
export interface CalibrationRecord extends RecordBase {
  readonly kind: 'calibration';
  readonly instrument: string;
  readonly line: string;
  /** The characteristic the gauge measures: the series whose readings it produces. */
  readonly characteristic: CharacteristicName;
  readonly validFrom: CalendarDay;
  /** Inclusive. */
  readonly validUntil: CalendarDay;
  readonly certificateNumber: string;
}

export const CHECK_LEVELS = ['county', 'city', 'provincial', 'national'] as const;
export type CheckLevel = (typeof CHECK_LEVELS)[number];

export interface SpotCheckRecord extends RecordBase {
  readonly kind: 'spot-check';
  readonly date: CalendarDay;
  readonly level: CheckLevel;
  readonly product: string;
  readonly result: 'pass' | 'fail';
  /** The test items that failed; empty on a pass. */
  readonly failedItems: readonly string[];
}

/** The enterprise refused a spot check. */
export interface RefusalRecord extends RecordBase {
  readonly kind: 'refusal';
  readonly date: CalendarDay;
  readonly level: CheckLevel;
  readonly note: string;
}

export interface PenaltyRecord extends RecordBase {
  readonly kind: 'penalty';
  readonly date: CalendarDay;
  readonly decisionNumber: string;
  readonly reason: string;
  /** An administrative penalty for product quality (only these are a C condition). */
  readonly qualityRelated: boolean;
}

export interface ExposureRecord extends RecordBase {
  readonly kind: 'exposure';
  readonly date: CalendarDay;
  /** Media exposure or consumer complaint. */
  readonly source: 'media' | 'complaint';
  /** Verified by the bureau (only verified ones are a C condition). */
  readonly verified: boolean;
  readonly summary: string;
}

/**
 * The aspects of an enterprise an inspector assesses, each with its two
 * words: the good one first. 'unknown' is allowed for all.
 */
export const STATUS_ASPECTS = {
  safety: ['sound', 'poor'],
  environmental: ['complete', 'incomplete'],
  'quality-responsibility': ['strong', 'weak'],
  qms: ['running', 'not-running'],
} as const;
export type StatusAspect = keyof typeof STATUS_ASPECTS;
export type StatusValue = (typeof STATUS_ASPECTS)[StatusAspect][number] | 'unknown';

/** An inspector's dated assessment of one aspect; the latest one on or before a day is the status that day. */
export interface StatusRecord extends RecordBase {
  readonly kind: 'status';
  readonly date: CalendarDay;
  readonly inspector: string;
  readonly aspect: StatusAspect;
  readonly value: StatusValue;
  readonly note: string;
}

export const INSPECTION_RESULTS = ['satisfactory', 'rectification-required', 'unsatisfactory'] as const;
export type InspectionResult = (typeof INSPECTION_RESULTS)[number];

export interface InspectionRecord extends RecordBase {
  readonly kind: 'inspection';
  readonly date: CalendarDay;
  readonly inspectors: readonly string[];
  readonly findings: string;
  readonly followUp: string;
  readonly result: InspectionResult;
  /** The double-random draw it was carried out for, when it was one. */
  readonly drawId: string | null;
}

/** An entry on the serious-violation (credit) list. */
export interface CreditRecord extends RecordBase {
  readonly kind: 'credit';
  readonly listedOn: CalendarDay;
  /** Last day listed, inclusive; null while open-ended. */
  readonly until: CalendarDay | null;
  readonly reason: string;
  /** Credit repair: off the list from this day on. */
  readonly repairedOn: CalendarDay | null;
}

/** A typical case the bureau publishes as a warning to the industry. */
export interface TypicalCaseRecord extends RecordBase {
  readonly kind: 'typical-case';
  readonly date: CalendarDay;
  readonly title: string;
  readonly summary: string;
}

export type SupervisionRecord =
  | TaxRecord
  | CertificateRecord
  | CalibrationRecord
  | SpotCheckRecord
  | RefusalRecord
  | PenaltyRecord
  | ExposureRecord
  | StatusRecord
  | InspectionRecord
  | CreditRecord
  | TypicalCaseRecord;

export type RecordKind = SupervisionRecord['kind'];

export const RECORD_KINDS: readonly RecordKind[] = ['tax', 'certificate', 'calibration', 'spot-check', 'refusal', 'penalty', 'exposure', 'status', 'inspection', 'credit', 'typical-case'];

/** The record of one kind. */
export type RecordOfKind<K extends RecordKind> = Extract<SupervisionRecord, { kind: K }>;

export function isRecordKind(text: string): text is RecordKind {
  return (RECORD_KINDS as readonly string[]).includes(text);
}

/** Records of one kind, narrowed. */
export function recordsOfKind<K extends RecordKind>(records: readonly SupervisionRecord[], kind: K): RecordOfKind<K>[] {
  return records.filter((r): r is RecordOfKind<K> => r.kind === kind);
}
