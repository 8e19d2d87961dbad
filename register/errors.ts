/**
 * Every way the register can fail, with a stable code and the retry decision,
 * so the API answers with a code and one line, never a stack trace.
 * The same shape as store/errors.ts: one LinewatchError subclass whose
 * meanings and retry decisions live in domain/errors/catalogue.ts.
 * README.md documents each code.
 */
import { catalogueSection } from '../domain/errors/catalogue.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';

export const REGISTER_ERRORS = catalogueSection(
  [
    'LW_REGISTER_CONFIG',
    'LW_REGISTER_INVALID',
    'LW_REGISTER_NOT_FOUND',
    'LW_REGISTER_CONFLICT',
    'LW_REGISTER_LOCKED',
    'LW_REGISTER_UNAVAILABLE',
    'LW_REGISTER_AUTH',
    'LW_REGISTER_SCHEMA',
    'LW_REGISTER_FAILED',
    'LW_REGISTER_CLOSED',
  ],
  ({ retryable, meaning }) => ({ retryable, summary: meaning }),
);

export type RegisterErrorCode = keyof typeof REGISTER_ERRORS;

export class RegisterError extends LinewatchError<RegisterErrorCode> {
  /** For an import: the index (0-based) of the row that was refused. */
  readonly row: number | undefined;

  constructor(code: RegisterErrorCode, message: string, options?: { cause?: unknown; row?: number }) {
    super(code, message, options);
    this.name = 'RegisterError';
    this.row = options?.row;
  }
}

export function isRegisterError(error: unknown, code?: RegisterErrorCode): error is RegisterError {
  return error instanceof RegisterError && (code === undefined || error.code === code);
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
