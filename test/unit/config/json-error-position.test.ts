import { describe, expect, it } from 'vitest';
import { jsonErrorPosition } from '../../../config/json-error-position.js';

describe('jsonErrorPosition', () => {
  it.each([
    ['{"a": 1,}', 1, 9],
    ['{\n  "a": [1, 2,, 3]\n}', 2, 14],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3],
    ['{"a": tru}', 1, 10],
    ['{"a": "x\ny"}', 1, 9],
    ['{"a": 01}', 1, 8],
    ['{"a": 1} x', 1, 10],
    ['{"a": "\\q"}', 1, 9],
    ['', 1, 1],
    ['{', 1, 2],
  ])('%j fails at line %i, column %i', (text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(jsonErrorPosition(text)).toEqual({ line, column });
  });

  it('finds nothing wrong with valid JSON', () => {
    for (const text of ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', ' 3 ']) expect(jsonErrorPosition(text)).toBeNull();
  });
});
