/**
 * Why a configuration file cannot be used. `problems` lists every problem
 * found, each with its JSON path; the message names the file and lists them
 * all, one per line, so one run shows everything to fix.
 */
import { catalogueSection } from '../domain/errors/catalogue.js';
import { LinewatchError } from '../domain/errors/linewatch-error.js';

export const CONFIG_ERROR_CODES = catalogueSection(['LW_CONFIG_UNREADABLE', 'LW_CONFIG_SYNTAX', 'LW_CONFIG_INVALID'], ({ meaning }) => meaning);

export type ConfigErrorCode = keyof typeof CONFIG_ERROR_CODES;

export interface ConfigProblem {
  /** JSON path such as `gateways[2].enterprise`; empty for the file as a whole. */
  readonly path: string;
  readonly message: string;
}

export class ConfigError extends LinewatchError<ConfigErrorCode> {
  constructor(
    code: ConfigErrorCode,
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(code, formatMessage(file, problems));
    this.name = 'ConfigError';
  }
}

function formatMessage(file: string, problems: readonly ConfigProblem[]): string {
  const lines = problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message));
  if (lines.length === 1) return `${file}: ${lines[0]}`;
  return `${file}: ${lines.length} problems:\n${lines.map((l) => `  ${l}`).join('\n')}`;
}
