import { describe, expect, it } from 'vitest';
import { validationError } from '../../../dashboard/api/validation-message.js';
import { ID_PATTERN_SOURCE } from '../../../protocol/ids.js';

const err = (keyword: string, instancePath: string, params: Record<string, unknown>, message?: string) => ({
  keyword,
  instancePath,
  schemaPath: `#/${keyword}`,
  params,
  ...(message ? { message } : {}),
});

describe('validationError', () => {
  it('names the missing or unknown field, also inside an object', () => {
    expect(validationError([err('required', '', { missingProperty: 'comment' })], 'body')).toMatchObject({
      code: 'LW_HTTP_BAD_REQUEST',
      statusCode: 400,
      field: 'comment',
      message: "body field 'comment' is required",
    });
    expect(validationError([err('additionalProperties', '/filter', { additionalProperty: 'statsu' })], 'body')).toMatchObject({
      field: 'filter.statsu',
      message: "body field 'filter.statsu' is not accepted here",
    });
  });

  it('says what was expected, in words', () => {
    const cases: Array<[ReturnType<typeof err>, string]> = [
      [err('enum', '/status', { allowedValues: ['active', 'resolved'] }), "query parameter 'status' must be one of: active, resolved"],
      [err('pattern', '/enterprise', { pattern: ID_PATTERN_SOURCE }), "query parameter 'enterprise' must be an id of 1 to 64 letters, digits, '_' or '-'"],
      [err('pattern', '/x', { pattern: '^a+$' }), "query parameter 'x' must match the pattern ^a+$"],
      [err('minLength', '/u', { limit: 1 }), "query parameter 'u' must not be empty"],
      [err('minLength', '/u', { limit: 3 }), "query parameter 'u' must be at least 3 characters long"],
      [err('maxLength', '/u', { limit: 9 }), "query parameter 'u' must be at most 9 characters long"],
      [err('type', '/limit', { type: 'integer' }), "query parameter 'limit' must be a whole number"],
      [err('minimum', '/limit', { comparison: '>=', limit: 1 }), "query parameter 'limit' must be at least 1"],
      [err('maximum', '/limit', { comparison: '<=', limit: 5 }), "query parameter 'limit' must be at most 5"],
      [err('format', '/x', {}, 'must match format "uuid"'), 'query parameter \'x\' must match format "uuid"'],
    ];
    for (const [e, message] of cases) expect(validationError([e], 'querystring').message).toBe(message);
  });

  it('speaks of the whole body or path when no field is at fault', () => {
    expect(validationError([err('type', '', { type: 'object' })], 'body')).toMatchObject({ field: 'body', message: 'the request body must be a JSON object' });
    expect(validationError([err('type', '/id', { type: 'string' })], 'params').message).toBe("path parameter 'id' must be a string");
  });

  it('unescapes JSON Pointer segments', () => {
    expect(validationError([err('type', '/a~1b/c~0d', { type: 'number' })], 'body').field).toBe('a/b.c~d');
  });

  it('reports the first problem only', () => {
    const e = validationError([err('required', '', { missingProperty: 'a' }), err('required', '', { missingProperty: 'b' })], 'body');
    expect(e.field).toBe('a');
  });
});
