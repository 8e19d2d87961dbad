/**
 * A JSON file checked against a schema, every problem reported at once with
 * its path under the file's name, nothing thrown but a ConfigError. The
 * configuration file and a gateway's source file (gateway/sources/) are
 * both read this way.
 */
import { readFile } from 'node:fs/promises';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { Settings } from 'typebox/system';
import { fileErrorReason } from '../ops/file-error.js';
import { schemaProblems } from '../protocol/schema-problems.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { jsonErrorPosition } from './json-error-position.js';

/** Most problems listed for one file; past that, fixing the first ones is the next step anyway. */
const MAX_PROBLEMS = 200;

/** Fields whose values are credentials: a message about them never repeats the value (it goes to logs and terminals). */
const SECRET_FIELD = /(^|\.)(tokenSecret|token|password|passwordHash)$/;

/** Reads `file`'s text, or throws LW_CONFIG_UNREADABLE naming it and why. `what` names the document ("the configuration"). */
export async function readDocumentText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError('LW_CONFIG_UNREADABLE', file, [{ path: '', message: `cannot read ${what}: ${fileErrorReason(err)}` }]);
  }
}

/** Parses JSON text (a byte-order mark allowed), or throws LW_CONFIG_SYNTAX with the line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    // A byte-order mark is legal at the start of a UTF-8 file but not in JSON.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new ConfigError('LW_CONFIG_SYNTAX', file, [{ path: '', message: syntaxMessage(text, (err as Error).message) }]);
  }
}

/** The problems of `json` against `schema` (all of them, up to 200), secrets never repeated. */
export function documentProblems(schema: TSchema, validator: { Check(v: unknown): boolean; Errors(v: unknown): unknown }, json: unknown): ConfigProblem[] {
  if (validator.Check(json)) return [];
  return schemaProblems(
    schema,
    json,
    allErrors(() => validator.Errors(json) as Parameters<typeof schemaProblems>[2]),
  ).map(withoutSecrets);
}

/** Reads a JSON document and checks it against `schema`, then `check` (cross-field rules); throws a ConfigError listing every problem. */
export async function loadJsonDocument<T>(file: string, what: string, schema: TSchema, check: (value: T) => ConfigProblem[] = () => []): Promise<T> {
  const json = parseJsonText(await readDocumentText(file, what), file);
  const problems = documentProblems(schema, Compile(schema), json);
  if (problems.length > 0) throw new ConfigError('LW_CONFIG_INVALID', file, problems);
  const more = check(json as T);
  if (more.length > 0) throw new ConfigError('LW_CONFIG_INVALID', file, more);
  return json as T;
}

function withoutSecrets(problem: ConfigProblem): ConfigProblem {
  if (!SECRET_FIELD.test(problem.path)) return problem;
  const cut = problem.message.indexOf(', got ');
  return { ...problem, message: `${cut < 0 ? problem.message : problem.message.slice(0, cut)} (the value is a secret and is not shown)` };
}

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
