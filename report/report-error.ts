/**
 * Why a report could not be made, with a stable code: the command line turns
 * these into one-line errors (exit 2), the HTTP API into 400 or 404. Never
 * thrown for a month without data: that is a report saying so.
 */
import { catalogueSection } from '../domain/errors/catalogue.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';

export const REPORT_ERRORS = catalogueSection(['LW_REPORT_MONTH', 'LW_REPORT_ENTERPRISE'], ({ meaning }) => meaning);

export type ReportErrorCode = keyof typeof REPORT_ERRORS;

export class ReportError extends LinewatchError<ReportErrorCode> {
  constructor(code: ReportErrorCode, message: string) {
    super(code, message);
    this.name = 'ReportError';
  }
}
