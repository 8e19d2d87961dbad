/**
 * Why a report could not be made, with a stable code: the command line turns
 * these into one-line errors (exit 2), the HTTP API into 400 or 404. Never
 * thrown for a month without data: that is a report saying so.
 */
export const REPORT_ERRORS = Object.freeze({
  LW_REPORT_MONTH: 'The month is not a calendar month YYYY-MM the store can hold, or it has not begun yet.',
  LW_REPORT_ENTERPRISE: 'The enterprise asked for is not in the configuration.',
  LW_REPORT_EVENTS: 'More stored events share one instant than one read returns, so the month cannot be read completely.',
} as const);

export type ReportErrorCode = keyof typeof REPORT_ERRORS;

export class ReportError extends Error {
  constructor(
    readonly code: ReportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReportError';
  }
}
