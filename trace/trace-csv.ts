/**
 * The forward trace as CSV: one row per reel and shipment (a reel not
 * shipped has one row with the shipment cells empty), so the file is the
 * recall list a spreadsheet can filter. Cells are formula-guarded
 * (supervision/record-csv/csv-cell.ts): reel ids, customers and
 * destinations are the enterprise's free text.
 */
import { encodeRow } from '../supervision/record-csv/csv-cell.js';
import type { ForwardTrace, ReelShipment, ReelTestsSummary } from './trace-view.js';

export const TRACE_CSV_COLUMNS = [
  'reel',
  'line',
  'product',
  'started_at',
  'ended_at',
  'status',
  'verdict',
  'nonconforming',
  'length_m',
  'tests',
  'failed_tests',
  'customer',
  'destination',
  'shipped_on',
  'document',
] as const;

function iso(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}

function shipmentRows(head: readonly string[], tests: ReelTestsSummary, shipments: readonly ReelShipment[]): string[] {
  const testCells = [String(tests.count), tests.failed.join('; ')];
  if (shipments.length === 0) return [encodeRow([...head, ...testCells, '', '', '', ''])];
  return shipments.map((s) => encodeRow([...head, ...testCells, s.customer, s.destination, s.shippedOn, s.document]));
}

export function forwardTraceCsv(trace: ForwardTrace): string {
  const rows = [encodeRow(TRACE_CSV_COLUMNS)];
  for (const r of trace.reels) {
    const head = [r.reel, r.line, r.product ?? '', iso(r.startedAt), iso(r.endedAt), r.status, r.verdict, r.nonconforming.join('; '), r.lengthM === null ? '' : String(r.lengthM)];
    rows.push(...shipmentRows(head, r.tests, r.shipments));
  }
  // Reels reached through their lots with no quality record: line, span and verdict unknown.
  for (const r of trace.unrecorded) rows.push(...shipmentRows([r.reel, '', '', '', '', 'unrecorded', '', '', ''], r.tests, r.shipments));
  return rows.join('');
}
