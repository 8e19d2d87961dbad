/**
 * Reads and checks a configuration file. Every problem is reported at once,
 * each with its JSON path, under the file's name; nothing is thrown but a
 * ConfigError, so a command can print it as it is, without a stack trace.
 */
import path from 'node:path';
import { Compile } from 'typebox/compile';
import { ConfigError } from './config-error.js';
import { crossCheck } from './cross-check.js';
import { documentProblems, parseJsonText, readDocumentText } from './json-document.js';
import { resolveConfig, type LinewatchConfig } from './resolve.js';
import { ConfigFileSchema, type ConfigFile } from './schema.js';

// Compiled on first use: loading the module stays cheap for commands that never read a configuration.
let compiled: ReturnType<typeof compileSchema> | undefined;
const compileSchema = () => Compile(ConfigFileSchema);

export async function loadConfig(file: string): Promise<LinewatchConfig> {
  const text = await readDocumentText(file, 'the configuration');
  return parseConfig(text, file, path.dirname(path.resolve(file)));
}

/**
 * Checks configuration text. `file` names it in messages; `baseDir` is where
 * relative paths in it start (the file's folder when loaded from disk).
 */
export function parseConfig(text: string, file: string, baseDir: string): LinewatchConfig {
  const json = parseJsonText(text, file);
  const invalid = documentProblems(ConfigFileSchema, (compiled ??= compileSchema()), json);
  if (invalid.length > 0) throw new ConfigError('LW_CONFIG_INVALID', file, invalid);
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
