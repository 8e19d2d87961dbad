import { describe, expect, it } from 'vitest';
import type { CharacteristicName } from '../../../domain/characteristics.js';
import type { Measurement } from '../../../store/port.js';
import { MAX_TAG_LENGTH, MAX_TIMESTAMP_MS, partitionBatch, tagProblem, timestampProblem } from '../../../store/validate.js';

const ok: Measurement = { enterprise: 'E1', line: 'L1', characteristic: 'conductor_diameter', ts: 1_700_000_000_000, value: 1.38 };

describe('tagProblem', () => {
  it.each(['Acme, Inc.', 'a b', 'k=v', '"quoted"', "O'Brien", '电缆厂', 'x'.repeat(MAX_TAG_LENGTH)])('accepts %j (the encoder escapes what needs it)', (value) => {
    expect(tagProblem('enterprise', value)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['a\nb', /newline/],
    ['a\rb', /U\+000D/],
    ['a\tb', /U\+0009/],
    ['a\u0000b', /U\+0000/],
    ['a\u007fb', /U\+007F/],
    ['a\\b', /backslash/],
    ['x'.repeat(MAX_TAG_LENGTH + 1), /longer than/],
  ])('rejects %j', (value, reason) => {
    expect(tagProblem('line', value)).toMatch(reason);
  });

  it('rejects what is not a string', () => {
    expect(tagProblem('line', 7)).toMatch(/must be a string, got number/);
    expect(tagProblem('line', undefined)).toMatch(/got undefined/);
  });
});

describe('timestampProblem', () => {
  it('accepts integer ms from the epoch to 2262-04-11', () => {
    expect(timestampProblem('ts', 0)).toBeUndefined();
    expect(timestampProblem('ts', MAX_TIMESTAMP_MS)).toBeUndefined();
  });
  it.each([[-1], [MAX_TIMESTAMP_MS + 1], [1.5], [Number.NaN], ['1700000000000']])('rejects %j', (value) => {
    expect(timestampProblem('ts', value)).toBeDefined();
  });
});

describe('partitionBatch', () => {
  it('keeps valid points in order and reports every invalid one by index', () => {
    const batch = [
      ok,
      { ...ok, value: Number.NaN },
      { ...ok, characteristic: 'colour' as CharacteristicName },
      { ...ok, ts: ok.ts + 100 },
      { ...ok, enterprise: 'E\n1' },
      { ...ok, line: 'L\\1' },
      { ...ok, ts: -5 },
      undefined as unknown as Measurement,
    ];
    const { valid, rejected } = partitionBatch(batch);
    expect(valid).toEqual([batch[0], batch[3]]);
    expect(rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'LW_POINT_VALUE'],
      [2, 'LW_POINT_CHARACTERISTIC'],
      [4, 'LW_POINT_TAG'],
      [5, 'LW_POINT_TAG'],
      [6, 'LW_POINT_TIMESTAMP'],
      [7, 'LW_POINT_SHAPE'],
    ]);
    expect(rejected[0].reason).toBe('value must be a finite number, got NaN');
    expect(rejected[2].reason).toBe('enterprise contains a newline, which cannot be stored safely');
  });

  it('checks an id again after a rejected point with a different id', () => {
    const { rejected } = partitionBatch([ok, { ...ok, enterprise: '' }, ok, { ...ok, enterprise: '' }]);
    expect(rejected.map((r) => r.index)).toEqual([1, 3]);
  });
});
