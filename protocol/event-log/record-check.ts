/**
 * Checks one part of a stored record against its schema, with the record's
 * own path in the reason (`data.alert.severity: expected one of ...`).
 * Never throws.
 */
import type Type from 'typebox';
import { Compile } from 'typebox/compile';
import type { Decoded } from '../json-decoder.js';
import { schemaProblems, type SchemaProblem } from '../schema-problems.js';

export type RecordCheck<S extends Type.TSchema> = (value: unknown) => Decoded<Type.Static<S>>;

export function recordCheck<S extends Type.TSchema>(schema: S, at: string): RecordCheck<S> {
  const validator = Compile(schema);
  return (value) => {
    if (validator.Check(value)) return { ok: true, value: value as Type.Static<S> };
    return {
      ok: false,
      reason: schemaProblems(schema, value, validator.Errors(value))
        .map((p) => problemAt(at, p))
        .join('; '),
    };
  };
}

function problemAt(at: string, problem: SchemaProblem): string {
  const path = problem.path === '' ? at : problem.path.startsWith('[') ? `${at}${problem.path}` : `${at}.${problem.path}`;
  return `${path}: ${problem.message}`;
}

/** A failed decode naming the path. */
export function refused(path: string, message: string): { readonly ok: false; readonly reason: string } {
  return { ok: false, reason: `${path}: ${message}` };
}
