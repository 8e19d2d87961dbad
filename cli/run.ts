import { CliError } from './cli-error.js';
import { COMMANDS } from './commands/index.js';
import { isLinewatchError } from '../domain/errors/linewatch-error.js';

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`);
  return `usage: linewatch <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'linewatch <command> --help' for a command's options.`;
}

/** Runs one command line; resolves to the process exit code. Never throws. */
export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? process.stderr : process.stdout).write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    process.stderr.write(`linewatch: unknown command '${name}' (try 'linewatch --help')\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    const failure = describeFailure(name, err);
    process.stderr.write(`${failure.line}\n`);
    // LINEWATCH_DEBUG=1 shows the stack of anything but a usage or input error.
    if (!(err instanceof CliError) && process.env.LINEWATCH_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return failure.exitCode;
  }
}

/**
 * The one line a failed command prints, and its exit code. A CliError says
 * it all itself; another catalogued error (domain/errors/catalogue.ts) gets
 * its code and, when the catalogue calls it retryable, that running the
 * command again may succeed; anything else is an internal error.
 */
export function describeFailure(command: string, err: unknown): { line: string; exitCode: number } {
  if (err instanceof CliError) return { line: `linewatch ${err.message}`, exitCode: err.exitCode };
  if (isLinewatchError(err)) {
    const retry = err.retryable ? ' (temporary: running the command again may succeed)' : '';
    return { line: `linewatch ${command}: ${err.code}: ${err.message}${retry}`, exitCode: 1 };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { line: `linewatch ${command}: internal error: ${message}`, exitCode: 1 };
}
