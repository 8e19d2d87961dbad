/**
 * A decoder for a small JSON message with a typebox schema: size limit,
 * JSON parse, schema check, and a reason with paths when anything is wrong.
 * Never throws.
 */
import type Type from 'typebox';
import { Compile } from 'typebox/compile';
import { parseJsonPayload } from './json-payload.js';
import { problemText, schemaProblems } from './schema-problems.js';

export type Decoded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Control messages (ack, status, dead letter) are small; this bounds what a decoder will parse. */
export const CONTROL_MESSAGE_MAX_BYTES = 4 * 1_048_576; // bytes; a dead letter of a full batch stays under it

export function createJsonDecoder<S extends Type.TSchema>(schema: S, maxBytes = CONTROL_MESSAGE_MAX_BYTES): (payload: Uint8Array | string) => Decoded<Type.Static<S>> {
  const validator = Compile(schema);
  return (payload) => {
    const parsed = parseJsonPayload(payload, maxBytes);
    if (!parsed.ok) return parsed;
    const value = parsed.value;
    if (validator.Check(value)) return { ok: true, value: value as Type.Static<S> };
    return { ok: false, reason: schemaProblems(schema, value, validator.Errors(value)).map(problemText).join('; ') };
  };
}
