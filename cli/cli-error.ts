/**
 * An error the command line reports as one line on stderr, with an exit code,
 * never as a stack trace. `code` is stable so scripts can match on it.
 */
import { LinewatchError } from '../domain/errors/linewatch-error.js';
export class CliError extends LinewatchError<CliErrorCode> {
  constructor(
    code: CliErrorCode,
    message: string,
    readonly exitCode = 2,
  ) {
    super(code, message);
    this.name = 'CliError';
  }
}

/** What each means is in domain/errors/catalogue.ts. */
export type CliErrorCode = 'LW_USAGE' | 'LW_INPUT' | 'LW_CONFIG' | 'LW_RUNTIME';
