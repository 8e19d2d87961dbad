import Type from 'typebox';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { describeValue, pointerToPath, problemText, schemaProblems } from '../../../protocol/schema-problems.js';

function problems(schema: Type.TSchema, value: unknown): string[] {
  const v = Compile(schema);
  return schemaProblems(schema, value, v.Errors(value)).map(problemText);
}

describe('schemaProblems', () => {
  it('names paths with dots and indexes', () => {
    expect(pointerToPath('/gateways/2/enterprise')).toBe('gateways[2].enterprise');
    expect(pointerToPath('/products/BV 1.5/usl')).toBe('products["BV 1.5"].usl');
    expect(pointerToPath('/a~1b/c~0d')).toBe('["a/b"]["c~d"]');
    expect(pointerToPath('')).toBe('');
  });

  it('reports unknown properties once each, by name', () => {
    const s = Type.Object({ port: Type.Integer() }, { additionalProperties: false });
    expect(problems(s, { port: 1, prot: 2 })).toEqual(['prot: unknown property']);
  });

  it('reports each missing property at its own path', () => {
    const s = Type.Object({ a: Type.Object({ b: Type.String(), c: Type.String() }) });
    expect(problems(s, { a: {} })).toEqual(['a.b: is required', 'a.c: is required']);
  });

  it('reduces a discriminated union to the branch the value meant', () => {
    const s = Type.Object({
      store: Type.Union([
        Type.Object({ kind: Type.Literal('embedded'), dataDir: Type.String() }, { additionalProperties: false }),
        Type.Object({ kind: Type.Literal('influxdb'), url: Type.String() }, { additionalProperties: false }),
      ]),
    });
    expect(problems(s, { store: { kind: 'influxdb' } })).toEqual(['store.url: is required']);
    expect(problems(s, { store: { kind: 'embedded', dataDir: 5 } })).toEqual(['store.dataDir: expected a string, got 5']);
    expect(problems(s, { store: { kind: 'sqlite' } })).toEqual(['store.kind: expected one of "embedded", "influxdb", got "sqlite"']);
  });

  it('lists literal choices and alternative types', () => {
    expect(problems(Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('C')]), 'D')).toEqual(['expected one of "A", "B", "C", got "D"']);
    expect(problems(Type.Union([Type.Number(), Type.Null()]), 'x')).toEqual(['expected a number or null, got "x"']);
  });

  it('uses a schema errorMessage when given', () => {
    const s = Type.Object({ id: Type.String({ pattern: '^[a-z]+$', errorMessage: 'a lower-case id' }) });
    expect(problems(s, { id: 'A' })).toEqual(['id: expected a lower-case id, got "A"']);
  });

  it('describes values briefly', () => {
    expect(describeValue('x'.repeat(100))).toMatch(/^"x{40}"\.\.\. \(100 characters\)$/);
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue({})).toBe('an object');
  });
});
