/** One `linewatch <name>` subcommand. */
export interface Command {
  /** The full usage text for `linewatch <name> --help`. */
  readonly usage: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}
