import { describe, expect, it } from 'vitest';
import { emptyValues, fieldErrors, fieldLabel, formFields, recordFields, valuesOf, cellText } from '../../../web/model/record-form.js';
import { KIND_FIELDS } from '../../../supervision/record-fields.js';
import { validateRecordOfKind } from '../../../supervision/record-validation.js';
import { RECORD_KINDS } from '../../../supervision/records.js';

describe('the record form', () => {
  it("has every field of the kind's table, then the two flags, and never id or enterprise", () => {
    for (const kind of RECORD_KINDS) {
      const names = formFields(kind).map((f) => f.name);
      expect(names).toEqual([...KIND_FIELDS[kind].map((f) => f.name), 'internal', 'published']);
      expect(names).not.toContain('id');
      expect(names).not.toContain('enterprise');
    }
  });

  it('shapes typed text into the JSON the validation accepts', () => {
    const values = {
      ...emptyValues('spot-check'),
      date: ' 2026-11-20 ',
      level: 'provincial',
      product: 'BV 1.5',
      result: 'fail',
      failedItems: 'Conductor resistance\n\n  Insulation thickness \n',
      published: true,
    };
    const fields = recordFields('spot-check', values);
    expect(fields).toEqual({
      date: '2026-11-20',
      level: 'provincial',
      product: 'BV 1.5',
      result: 'fail',
      failedItems: ['Conductor resistance', 'Insulation thickness'],
      internal: false,
      published: true,
    });
    const checked = validateRecordOfKind('spot-check', { ...fields, id: 'x', enterprise: 'e1' });
    expect(checked.ok).toBe(true);
  });

  it('sends empty nullable fields as null, leaves empty required ones out and numbers that do not parse as typed', () => {
    expect(recordFields('tax', { ...emptyValues('tax'), year: '2025', amountCny: '', band: 'at-least-1m' })).toEqual({
      year: 2025,
      amountCny: null,
      band: 'at-least-1m',
      internal: false,
      published: false,
    });
    expect(recordFields('tax', { ...emptyValues('tax'), year: '', amountCny: '1,200', band: '' })).toEqual({ amountCny: '1,200', band: null, internal: false, published: false });
    // The validation then names each problem.
    const checked = validateRecordOfKind('tax', { ...recordFields('tax', { ...emptyValues('tax'), year: '', amountCny: '1,200' }), id: 'x', enterprise: 'e1' });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems).toEqual(['tax.year: required', "tax.amountCny: expected a number >= 0, got '1,200'"]);
  });

  it('round-trips a stored record through its form unchanged', () => {
    const record = {
      kind: 'inspection',
      id: 'i1',
      enterprise: 'e1',
      internal: true,
      published: false,
      date: '2026-05-02',
      inspectors: ['li', 'wang'],
      findings: 'ok',
      followUp: '',
      result: 'satisfactory',
      drawId: null,
    } as const;
    const back = recordFields('inspection', valuesOf(record));
    expect({ ...back, kind: 'inspection', id: 'i1', enterprise: 'e1' }).toEqual(record);
  });

  it("splits the API's message into one error per field, the rest as general", () => {
    const message =
      "spotCheck.date: expected a date YYYY-MM-DD that exists, got '2026-02-30'; spotCheck.product: expected non-empty text, got ''; spotCheck.failedItems: expected a list of non-empty texts without ';', got [\"a;b\"]; enterprise: no enterprise 'x' in the configuration";
    const errors = fieldErrors('spot-check', message);
    expect([...errors.byField]).toEqual([
      ['date', "expected a date YYYY-MM-DD that exists, got '2026-02-30'"],
      ['product', "expected non-empty text, got ''"],
      ['failedItems', 'expected a list of non-empty texts without \';\', got ["a;b"]'],
    ]);
    expect(errors.general).toEqual(["enterprise: no enterprise 'x' in the configuration"]);
  });

  it('keeps a message about another kind or no field whole', () => {
    expect(fieldErrors('tax', 'record 7 was changed by someone else (version 3, you read 2)')).toEqual({
      byField: new Map(),
      general: ['record 7 was changed by someone else (version 3, you read 2)'],
    });
    expect(fieldErrors('tax', 'penalty.reason: required').byField.size).toBe(0);
  });

  it('labels fields in words and shows values in cells', () => {
    expect(fieldLabel('certificateNumber')).toBe('Certificate number');
    expect(fieldLabel('date')).toBe('Date');
    expect(fieldLabel('amountCny')).toBe('Amount (CNY)');
    const list = formFields('spot-check').find((f) => f.name === 'failedItems')!;
    expect(cellText(list, [])).toBe('—');
    expect(cellText(list, ['a', 'b'])).toBe('a; b');
    expect(cellText(formFields('tax').find((f) => f.name === 'amountCny')!, 1250000)).toBe('1,250,000');
    expect(cellText(formFields('tax').find((f) => f.name === 'internal')!, true)).toBe('yes');
  });
});
