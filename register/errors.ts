/**
 * Every way the register can fail, with a stable code and the retry decision,
 * so the API answers with a code and one line, never a stack trace.
 * README.md documents each code.
 */
export const REGISTER_ERRORS = Object.freeze({
  LW_REGISTER_CONFIG: { retryable: false, summary: 'The register configuration is invalid.' },
  LW_REGISTER_INVALID: { retryable: false, summary: 'An argument or an imported row cannot be stored (the message names the field, and the row for an import).' },
  LW_REGISTER_NOT_FOUND: { retryable: false, summary: 'No record, proposal or draw with that id (for that enterprise).' },
  LW_REGISTER_CONFLICT: {
    retryable: false,
    summary: 'Someone changed it first (version mismatch), the id exists already, or the proposal or draw is no longer in a state that allows the change. Read again, then retry.',
  },
  LW_REGISTER_LOCKED: { retryable: false, summary: 'The embedded database file is open in another process or handle.' },
  LW_REGISTER_UNAVAILABLE: { retryable: true, summary: 'The database server could not be reached or dropped the connection; the transaction was not committed.' },
  LW_REGISTER_AUTH: { retryable: false, summary: 'The database server refused the credentials or the database does not exist.' },
  LW_REGISTER_SCHEMA: { retryable: false, summary: 'The database holds a newer register schema than this version of linewatch knows.' },
  LW_REGISTER_FAILED: { retryable: true, summary: 'The database failed to run a statement; the transaction was rolled back.' },
  LW_REGISTER_CLOSED: { retryable: false, summary: 'The register was closed.' },
} as const);

export type RegisterErrorCode = keyof typeof REGISTER_ERRORS;

export class RegisterError extends Error {
  readonly retryable: boolean;
  /** For an import: the index (0-based) of the row that was refused. */
  readonly row: number | undefined;

  constructor(
    readonly code: RegisterErrorCode,
    message: string,
    options?: { cause?: unknown; row?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegisterError';
    this.retryable = REGISTER_ERRORS[code].retryable;
    this.row = options?.row;
  }
}

export function isRegisterError(error: unknown, code?: RegisterErrorCode): error is RegisterError {
  return error instanceof RegisterError && (code === undefined || error.code === code);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
