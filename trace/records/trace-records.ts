/**
 * What an enterprise records about its reels beyond the measurements, and
 * what the bureau records about a recall: material receipts, which lots a
 * reel consumed, finished-product tests, shipments, recall cases and the
 * enterprise's own quality routine (daily log, weekly check, monthly review).
 *
 * They are kept in the supervision register as documents by `kind` (the
 * register is generic: register/README.md), so they are versioned, audited
 * and imported all or nothing like the bureau's records. Every kind is
 * prefixed `trace.`; supervision/ never reads these kinds.
 *
 * Dates are calendar days 'YYYY-MM-DD'; instants are ISO 8601 UTC strings.
 */

export const TRACE_RECORD_KINDS = ['trace.material-lot', 'trace.reel-lots', 'trace.reel-test', 'trace.shipment', 'trace.recall', 'trace.routine'] as const;
export type TraceRecordKind = (typeof TRACE_RECORD_KINDS)[number];

/** Kinds the enterprise itself records (its users write their own; regulators write any). */
export const ENTERPRISE_TRACE_KINDS: readonly TraceRecordKind[] = ['trace.material-lot', 'trace.reel-lots', 'trace.reel-test', 'trace.shipment', 'trace.routine'];

interface TraceRecordBase {
  readonly id: string;
  readonly enterprise: string;
}

/** A receipt of raw material: copper rod, insulation or sheath compound, ... */
export interface MaterialLotRecord extends TraceRecordBase {
  readonly kind: 'trace.material-lot';
  /** What it is: 'copper-rod', 'pvc-insulation', 'xlpe', ... (free text, lower case). */
  readonly material: string;
  readonly supplier: string;
  /** The supplier's lot number: unique per enterprise and material. */
  readonly lot: string;
  /** The supplier's certificate (of conformity or analysis) number; '' when none came with it. */
  readonly certificate: string;
  readonly receivedOn: string;
  /** Quantity with its unit, as received ('12.5 t'); '' when not given. */
  readonly quantity: string;
}

/** The material lots one reel consumed. */
export interface ReelLotsRecord extends TraceRecordBase {
  readonly kind: 'trace.reel-lots';
  readonly reel: string;
  /** Ids of `trace.material-lot` records of the same enterprise. */
  readonly lots: readonly string[];
}

/** A finished-product test of one reel. */
export interface ReelTestRecord extends TraceRecordBase {
  readonly kind: 'trace.reel-test';
  readonly reel: string;
  /** What was tested: 'conductor-resistance-20c', 'voltage-test', 'insulation-resistance', ... */
  readonly test: string;
  /** The measured result, or null for a pass/fail test with no figure. */
  readonly value: number | null;
  /** Unit of `value` ('ohm/km', 'kV'); '' when none. */
  readonly unit: string;
  readonly result: 'pass' | 'fail';
  /** The instrument (id or serial) used. */
  readonly instrument: string;
  readonly testedAt: string;
  readonly by: string;
}

/** Reels shipped to one customer. */
export interface ShipmentRecord extends TraceRecordBase {
  readonly kind: 'trace.shipment';
  readonly reels: readonly string[];
  readonly customer: string;
  readonly shippedOn: string;
  readonly destination: string;
  /** Delivery note or waybill number; '' when none. */
  readonly document: string;
}

export const RECALL_STATUSES = ['open', 'notified', 'recovering', 'closed'] as const;
export type RecallStatus = (typeof RECALL_STATUSES)[number];

/** One step of a recall case: who did what, when. */
export interface RecallAction {
  readonly at: string;
  readonly by: string;
  readonly action: string;
  readonly note: string;
}

/** A recall case the bureau opened: the affected reels and customers, as traced when it was opened. */
export interface RecallRecord extends TraceRecordBase {
  readonly kind: 'trace.recall';
  readonly title: string;
  /** What the affected reels were traced from: a line and range, an alert episode or a material lot. */
  readonly basis: { readonly by: 'line' | 'episode' | 'lot'; readonly line?: string; readonly from?: string; readonly to?: string; readonly episode?: string; readonly lot?: string };
  readonly reels: readonly string[];
  readonly customers: readonly string[];
  readonly status: RecallStatus;
  readonly openedAt: string;
  readonly openedBy: string;
  readonly actions: readonly RecallAction[];
}

export const ROUTINE_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type RoutinePeriod = (typeof ROUTINE_PERIODS)[number];

/**
 * One of the enterprise's routine reports: the daily control log, the weekly
 * check report or the monthly review, drafted by linewatch from the data and
 * completed and signed by the enterprise's responsible person.
 */
export interface RoutineRecord extends TraceRecordBase {
  readonly kind: 'trace.routine';
  readonly period: RoutinePeriod;
  /** The day ('2026-03-04'), the ISO week's Monday ('2026-03-02') or the month's first day ('2026-03-01'). */
  readonly periodStart: string;
  /** The draft as linewatch made it (trace/routine/), kept as signed. */
  readonly draft: { readonly [key: string]: unknown };
  /** What the responsible person wrote: causes, measures taken, remarks. */
  readonly remarks: string;
  /** null until signed; a signed report cannot change. */
  readonly signedBy: string | null;
  /** 'quality-safety-officer' or 'quality-safety-director'. */
  readonly signedAs: string | null;
  readonly signedAt: string | null;
}

export type TraceRecord = MaterialLotRecord | ReelLotsRecord | ReelTestRecord | ShipmentRecord | RecallRecord | RoutineRecord;
