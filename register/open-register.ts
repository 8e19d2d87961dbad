/**
 * Opens the register a configuration names. Adapters are imported on demand
 * so a PostgreSQL deployment never loads DuckDB's native module.
 */
import { postgresTarget, REGISTER_PASSWORD_ENV, validateRegisterConfig, type RegisterConfig } from './config.js';
import type { Register } from './port.js';

export interface OpenRegisterOptions {
  /** The wall clock, ms since 1970 UTC; tests inject one. */
  readonly now?: () => number;
  /** Where LINEWATCH_REGISTER_PASSWORD is read; default process.env. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export async function openRegister(config: RegisterConfig, options: OpenRegisterOptions = {}): Promise<Register> {
  const checked = validateRegisterConfig(config);
  if (checked.kind === 'embedded') {
    const { openDuckDbRegister } = await import('./duckdb/duckdb-register.js');
    return openDuckDbRegister(checked.file, { now: options.now });
  }
  const { openPostgresRegister } = await import('./postgres/postgres-register.js');
  const password = (options.env ?? process.env)[REGISTER_PASSWORD_ENV];
  return openPostgresRegister({ ...postgresTarget(checked), ...(password !== undefined && password !== '' ? { password } : {}) }, { now: options.now });
}
