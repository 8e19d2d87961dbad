import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs with strict checking, whose mistakes become one-line usage
 * errors. `--k -1` is taken as `--k=-1`: parseArgs refuses a value that
 * starts with a dash as ambiguous, but no option name starts with a digit, so
 * a dash and a digit after an option that takes a value is a negative number.
 */
export function parseCommandLine<T extends OptionSpec>(command: string, argv: string[], options: T, allowPositionals = true) {
  try {
    return parseArgs({ args: joinNegativeNumbers(argv, options), options, strict: true, allowPositionals });
  } catch (err) {
    // Node's messages can run over two lines ("Did you forget ..."): keep errors to one.
    const message = (err as Error).message.replace(/\s+To specify.*$/s, '').replace(/\s*\n\s*/g, ' ');
    throw new CliError('LW_USAGE', `${command}: ${message}`);
  }
}

/** A finite number from an option value, or a usage error naming the option. */
export function numberOption(command: string, name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new CliError('LW_USAGE', `${command}: --${name} must be a number, got '${raw}'`);
  }
  return value;
}

/** A whole number within [min, max], or a usage error naming the option. */
export function integerOption(command: string, name: string, raw: string | undefined, min: number, max: number): number | undefined {
  const value = numberOption(command, name, raw);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliError('LW_USAGE', `${command}: --${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

function joinNegativeNumbers(argv: readonly string[], options: OptionSpec): string[] {
  const valued = new Set(
    Object.entries(options)
      .filter(([, spec]) => spec.type === 'string')
      .map(([name]) => `--${name}`),
  );
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (valued.has(argv[i]) && next !== undefined && /^-\.?\d/.test(next)) {
      joined.push(`${argv[i]}=${next}`);
      i++;
    } else {
      joined.push(argv[i]);
    }
  }
  return joined;
}
