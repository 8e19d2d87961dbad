import { hashPassword, DEFAULT_PASSWORD_OPTIONS, SCRYPT_LIMITS } from '../../security/password.js';
import { CliError } from '../cli-error.js';
import { integerOption, parseCommandLine } from '../options.js';
import { readPasswordFromStdin } from '../password-input.js';
import type { Command } from './command.js';
import { withDefaults } from '../../domain/with-defaults.js';

const USAGE = `usage: linewatch hash-password [--cost N] < password-file

Prints the scrypt hash of a password for the configuration file
(gateways[].passwordHash, services[].passwordHash, users[].passwordHash).
The password is read from standard input, never from the command line, so it
stays out of shell history and 'ps': at a terminal it is asked for twice
without echo; from a pipe or file, the input less one trailing newline is the
password.

  --cost N   scrypt cost N, a power of two (default ${DEFAULT_PASSWORD_OPTIONS.N}); higher is slower to check and to crack

Exit codes: 0 hash printed, 2 bad usage or no password.`;

const OPTIONS = { cost: { type: 'string' } } as const;

export const hashPasswordCommand: Command = {
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandLine('hash-password', argv, OPTIONS, false);
    const { N } = withDefaults(DEFAULT_PASSWORD_OPTIONS, { N: integerOption('hash-password', 'cost', values.cost, 2, SCRYPT_LIMITS.maxN) });
    if ((N & (N - 1)) !== 0) throw new CliError('LW_USAGE', `hash-password: --cost must be a power of two, got ${N}`);
    const password = await readPasswordFromStdin('hash-password');
    process.stdout.write(`${await hashPassword(password, { N })}\n`);
    return 0;
  },
};
