/**
 * Reads and checks a configuration file. Every problem is reported at once,
 * each with its JSON path, under the file's name; nothing is thrown but a
 * ConfigError, so a command can print it as it is, without a stack trace.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Compile } from 'typebox/compile';
import { Settings } from 'typebox/system';
import { schemaProblems } from '../protocol/schema-problems.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { crossCheck } from './cross-check.js';
import { jsonErrorPosition } from './json-error-position.js';
import { resolveConfig, type LinewatchConfig } from './resolve.js';
import { ConfigFileSchema, type ConfigFile } from './schema.js';
import { fileErrorReason } from '../ops/file-error.js';

// Compiled on first use: loading the module stays cheap for commands that never read a configuration.
let compiled: ReturnType<typeof compileSchema> | undefined;
const compileSchema = () => Compile(ConfigFileSchema);

/** Fields whose values are credentials: a message about them never repeats the value (it goes to logs and terminals). */
const SECRET_FIELD = /(^|\.)(tokenSecret|token|password|passwordHash)$/;

function withoutSecrets(problem: ConfigProblem): ConfigProblem {
  if (!SECRET_FIELD.test(problem.path)) return problem;
  const cut = problem.message.indexOf(', got ');
  return { ...problem, message: `${cut < 0 ? problem.message : problem.message.slice(0, cut)} (the value is a secret and is not shown)` };
}

export async function loadConfig(file: string): Promise<LinewatchConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const why = fileErrorReason(err);
    throw new ConfigError('LW_CONFIG_UNREADABLE', file, [{ path: '', message: `cannot read the configuration: ${why}` }]);
  }
  return parseConfig(text, file, path.dirname(path.resolve(file)));
}

/**
 * Checks configuration text. `file` names it in messages; `baseDir` is where
 * relative paths in it start (the file's folder when loaded from disk).
 */
export function parseConfig(text: string, file: string, baseDir: string): LinewatchConfig {
  let json: unknown;
  try {
    // A byte-order mark is legal at the start of a UTF-8 file but not in JSON.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError('LW_CONFIG_SYNTAX', file, [{ path: '', message: syntaxMessage(text, (err as Error).message) }]);
  }
  const validator = (compiled ??= compileSchema());
  if (!validator.Check(json)) {
    const problems: ConfigProblem[] = schemaProblems(
      ConfigFileSchema,
      json,
      allErrors(() => validator.Errors(json)),
    ).map(withoutSecrets);
    throw new ConfigError('LW_CONFIG_INVALID', file, problems);
  }
  const configFile = json as ConfigFile;
  const problems = crossCheck(configFile);
  if (problems.length > 0) throw new ConfigError('LW_CONFIG_INVALID', file, problems);
  try {
    return resolveConfig(configFile, file, baseDir);
  } catch (err) {
    // The SPC and risk options have checks of their own (limits in order, whole buckets, ...).
    const code = (err as { code?: string }).code;
    const section = code === 'LW_SPC_OPTIONS' ? 'spc' : code === 'LW_RISK_OPTIONS' ? 'risk' : code === 'LW_LIVE_OPTIONS' ? 'live' : null;
    if (section !== null) throw new ConfigError('LW_CONFIG_INVALID', file, [{ path: section, message: (err as Error).message }]);
    throw err;
  }
}

/** Most problems listed for one file; past that, fixing the first ones is the next step anyway. */
const MAX_PROBLEMS = 200;

/**
 * typebox stops after 8 errors by default, a guard for untrusted input that
 * the network decoders keep. A configuration is a local file whose author
 * wants every problem in one run, so the limit is raised for this one call
 * (synchronous, so nothing else runs meanwhile) and then put back.
 */
function allErrors<T>(collect: () => T): T {
  const before = Settings.Get().maxErrors;
  Settings.Set({ maxErrors: MAX_PROBLEMS });
  try {
    return collect();
  } finally {
    Settings.Set({ maxErrors: before });
  }
}

/** JSON.parse's message with a line and column, which an editor can jump to. */
function syntaxMessage(text: string, message: string): string {
  // Drop V8's quoted excerpt and position: the line and column say it better.
  const reason = message.replace(/, "[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/s, '');
  const at = jsonErrorPosition(text);
  return at ? `invalid JSON at line ${at.line}, column ${at.column}: ${reason}` : `invalid JSON: ${reason}`;
}
