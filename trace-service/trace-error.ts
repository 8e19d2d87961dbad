/**
 * What the trace service refuses, with a stable code the HTTP API maps to
 * its status (400 input, 403 forbidden, 404 not found, 409 signed), the
 * field when one was wrong, and for a CSV every bad row. Nothing is stored
 * when one is thrown.
 */
import { LinewatchError } from '../domain/errors/linewatch-error.js';

export type TraceErrorCode = 'LW_TRACE_INPUT' | 'LW_TRACE_FORBIDDEN' | 'LW_TRACE_NOT_FOUND' | 'LW_TRACE_SIGNED';

export interface RowProblem {
  /** As a spreadsheet numbers it: the header is row 1. */
  readonly row: number;
  readonly reason: string;
}

export class TraceError extends LinewatchError<TraceErrorCode> {
  constructor(
    code: TraceErrorCode,
    message: string,
    readonly field?: string,
    readonly rows: readonly RowProblem[] = [],
  ) {
    super(code, message);
    this.name = 'TraceError';
  }
}

export function isTraceError(error: unknown): error is TraceError {
  return error instanceof TraceError;
}

/** A refused CSV: every bad row in the message, and in `rows` for a client to show. */
export function refusedCsv(code: TraceErrorCode, what: string, rows: readonly RowProblem[]): TraceError {
  return new TraceError(code, `${what} has ${rows.length} bad row(s), nothing was imported: ${rows.map((p) => `row ${p.row}: ${p.reason}`).join(' | ')}`, 'body', rows);
}
