/**
 * An error the command line reports as one line on stderr, with an exit code,
 * never as a stack trace. `code` is stable so scripts can match on it.
 */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export type CliErrorCode =
  | 'LW_USAGE' // unknown command, bad or missing option
  | 'LW_INPUT' // an input file that cannot be read or has the wrong shape
  | 'LW_CONFIG' // a configuration file that is invalid
  | 'LW_RUNTIME'; // a service that failed to start or stopped on an error
