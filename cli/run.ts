import { CliError } from './cli-error.js';
import { COMMANDS } from './commands/index.js';

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
    if (err instanceof CliError) {
      process.stderr.write(`linewatch ${err.message}\n`);
      return err.exitCode;
    }
    // An unexpected failure is still one line; LINEWATCH_DEBUG=1 shows the stack.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`linewatch ${name}: internal error: ${message}\n`);
    if (process.env.LINEWATCH_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    return 1;
  }
}
