import { describe, expect, it } from 'vitest';
import { validateRecord, validateRecordOfKind } from '../../../supervision/record-validation.js';

const spotCheck = { kind: 'spot-check', id: 'sc-1', enterprise: 'e1', date: '2026-01-05', level: 'provincial', product: 'BV 1.5', result: 'fail', failedItems: ['conductor resistance'] };

describe('validateRecord', () => {
  it('accepts a valid record and fills the defaults', () => {
    const r = validateRecord(spotCheck);
    expect(r).toEqual({ ok: true, record: { ...spotCheck, internal: false, published: false } });
  });
  it('names the field, what was expected and what came', () => {
    const r = validateRecord({ ...spotCheck, level: 'province' });
    expect(r).toEqual({ ok: false, problems: ["spotCheck.level: expected county, city, provincial or national, got 'province'"] });
  });
  it('lists every problem at once', () => {
    const r = validateRecord({ ...spotCheck, date: '2026-02-30', result: 'ok', id: '', colour: 'red' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      "spotCheck.id: expected non-empty text, got ''",
      "spotCheck.date: expected a date YYYY-MM-DD that exists, got '2026-02-30'",
      "spotCheck.result: expected pass or fail, got 'ok'",
      'spotCheck.colour: unknown field',
    ]);
  });
  it('refuses an unknown kind and a non-object', () => {
    expect(validateRecord({ kind: 'medal' })).toMatchObject({ ok: false, problems: [expect.stringMatching(/^record\.kind: expected tax, certificate, .* or typical-case, got 'medal'$/)] });
    expect(validateRecord('x')).toEqual({ ok: false, problems: ["record: expected an object, got 'x'"] });
  });
  it('checks fields against each other', () => {
    const cert = { kind: 'certificate', id: 'c', enterprise: 'e1', type: 'qms', number: 'Q', validFrom: '2026-01-01', validUntil: '2025-01-01' };
    expect(validateRecord(cert)).toEqual({ ok: false, problems: ['certificate.validUntil: 2025-01-01 is before validFrom 2026-01-01'] });
    const tax = { kind: 'tax', id: 't', enterprise: 'e1', year: 2025, amountCny: 50_000, band: 'at-least-1m' };
    expect(validateRecord(tax)).toMatchObject({ ok: false, problems: [expect.stringMatching(/band: 'at-least-1m' disagrees with amountCny 50000/)] });
    expect(validateRecord({ ...tax, amountCny: null, band: null })).toMatchObject({ ok: false, problems: ['tax.amountCny: give the amount or the band'] });
    const status = { kind: 'status', id: 's', enterprise: 'e1', date: '2026-01-01', inspector: 'w', aspect: 'safety', value: 'complete' };
    expect(validateRecord(status)).toEqual({ ok: false, problems: ["status.value: expected sound, poor or unknown for safety, got 'complete'"] });
    expect(validateRecord({ ...spotCheck, result: 'pass' })).toMatchObject({ ok: false, problems: ['spotCheck.failedItems: a passed spot check lists no failed items'] });
  });
  it('refuses list items holding the CSV list separator', () => {
    expect(validateRecord({ ...spotCheck, failedItems: ['a;b'] }).ok).toBe(false);
  });
});

describe('validateRecordOfKind', () => {
  it('refuses a kind field that disagrees', () => {
    expect(validateRecordOfKind('refusal', { ...spotCheck })).toMatchObject({ ok: false, problems: expect.arrayContaining(["refusal.kind: expected 'refusal', got 'spot-check'"]) });
  });
});
