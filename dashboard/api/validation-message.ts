/**
 * Turns a schema validation failure into one sentence that names the field
 * and says what was expected. Fastify calls this (its `schemaErrorFormatter`
 * option) with ajv's errors; only the first is reported, as ajv stops at the
 * first one anyway (allErrors is off, which also bounds the work an
 * adversarial request can cause).
 */
import type { FastifySchemaValidationError } from 'fastify';
import { HttpApiError } from './errors.js';
import { PATTERN_TEXT } from './schemas.js';

/** The request parts fastify validates (its SchemaErrorDataVar, not exported from the package root). */
type SchemaErrorDataVar = 'body' | 'headers' | 'params' | 'querystring';

const WHERE: Readonly<Record<SchemaErrorDataVar, string>> = Object.freeze({
  body: 'body field',
  querystring: 'query parameter',
  params: 'path parameter',
  headers: 'header',
});

export function validationError(errors: readonly FastifySchemaValidationError[], dataVar: SchemaErrorDataVar): HttpApiError {
  const first = errors[0];
  if (!first) return new HttpApiError('LW_HTTP_BAD_REQUEST', `the request ${dataVar} is invalid`);
  const { path, problem } = describe(first);
  if (path === '') {
    const what = dataVar === 'body' ? 'the request body' : `the ${WHERE[dataVar]}s`;
    return new HttpApiError('LW_HTTP_BAD_REQUEST', `${what} ${problem}`, { field: dataVar });
  }
  return new HttpApiError('LW_HTTP_BAD_REQUEST', `${WHERE[dataVar]} '${path}' ${problem}`, { field: path });
}

function describe(e: FastifySchemaValidationError): { path: string; problem: string } {
  const at = pointerToPath(e.instancePath);
  const p = e.params;
  switch (e.keyword) {
    case 'required':
      return { path: join(at, String(p.missingProperty)), problem: 'is required' };
    case 'additionalProperties':
      // A misspelt filter must not silently widen a query, so unknown fields are refused.
      return { path: join(at, String(p.additionalProperty)), problem: 'is not accepted here' };
    case 'enum':
      return { path: at, problem: `must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'pattern': {
      const text = PATTERN_TEXT[String(p.pattern)];
      return { path: at, problem: text ? `must be ${text}` : `must match the pattern ${String(p.pattern)}` };
    }
    case 'minLength':
      return { path: at, problem: Number(p.limit) === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters long` };
    case 'maxLength':
      return { path: at, problem: `must be at most ${String(p.limit)} characters long` };
    case 'type':
      return { path: at, problem: `must be ${article(String(p.type))}` };
    case 'minItems':
      return { path: at, problem: Number(p.limit) === 1 ? 'must not be empty' : `must have at least ${String(p.limit)} items` };
    case 'maxItems':
      return { path: at, problem: `must have at most ${String(p.limit)} items` };
    case 'minimum':
    case 'maximum':
      return { path: at, problem: `must be ${p.comparison === '>=' ? 'at least' : 'at most'} ${String(p.limit)}` };
    default:
      return { path: at, problem: e.message ?? 'is invalid' };
  }
}

/** JSON Pointer (RFC 6901) to a dotted path: `/lines/0/id` -> `lines.0.id`. */
function pointerToPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}

function join(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function article(type: string): string {
  if (type === 'integer') return 'a whole number';
  if (type === 'object') return 'a JSON object';
  if (type === 'array') return 'an array';
  return `a ${type}`;
}
