import { ConfigError } from '../config/config-error.js';
import { loadConfig } from '../config/load.js';
import type { LinewatchConfig } from '../config/resolve.js';
import { CliError } from './cli-error.js';

/** The configuration a command was given, or a CliError naming the file and every problem in it. */
export async function loadCommandConfig(command: string, file: string | undefined): Promise<LinewatchConfig> {
  if (file === undefined) throw new CliError('LW_USAGE', `${command}: --config FILE is required (a demo configuration ships as config/demo.json)`);
  try {
    return await loadConfig(file);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError('LW_CONFIG', `${command}: ${err.message}`);
    throw err;
  }
}

/**
 * The password a service or gateway uses on the broker: from `--password-file`
 * or from an environment variable, never from the command line (where it would
 * show in `ps` and shell history).
 */
export async function readSecret(command: string, file: string | undefined, envName: string): Promise<string> {
  if (file !== undefined) {
    const { readFile } = await import('node:fs/promises');
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch (err) {
      throw new CliError('LW_USAGE', `${command}: cannot read the password file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  throw new CliError('LW_USAGE', `${command}: no password: set ${envName} or pass --password-file FILE`);
}

/**
 * Runs a long-lived service until SIGINT or SIGTERM, then stops it
 * gracefully (in-flight work finished and acknowledged) and resolves to the
 * exit code. A second signal exits at once.
 */
export async function runUntilSignal(stop: () => Promise<void>): Promise<number> {
  await new Promise<void>((resolve) => {
    const onSignal = () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  await stop();
  return 0;
}
