import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseMeasurementCsv, splitCsv } from '../../../domain/measurement-csv.js';
import { classifyNumber, classifyRawValue } from '../../../domain/sample-value.js';

describe('splitCsv', () => {
  it('handles quotes, doubled quotes, CRLF, a BOM and blank lines', () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n\r\n1,2\n';
    expect(splitCsv(text)).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['1', '2'],
    ]);
  });
  it('keeps empty fields', () => {
    expect(splitCsv('a,,c\n,,\n')).toEqual([
      ['a', '', 'c'],
      ['', '', ''],
    ]);
  });
});

describe('parseMeasurementCsv', () => {
  it('numbers data rows from 0 and maps columns by header name', () => {
    const rows = parseMeasurementCsv('value,ts,enterprise,line,characteristic\n0.8,2026-01-01T00:00:00Z,e,l,insulation_thickness\n');
    expect(rows).toEqual([{ row: 0, ts: '2026-01-01T00:00:00Z', enterprise: 'e', line: 'l', characteristic: 'insulation_thickness', value: '0.8' }]);
  });
  it('marks a row with the wrong number of fields instead of failing the file', () => {
    const rows = parseMeasurementCsv('ts,enterprise,line,characteristic,value\nt,e,l\nt,e,l,c,1\n');
    expect(rows[0].malformed).toMatch(/expected 5 fields, got 3/);
    expect(rows[1].malformed).toBeUndefined();
  });
  it('refuses a wrong header, saying which columns are missing', () => {
    expect(() => parseMeasurementCsv('time,value\n1,2\n')).toThrow(CsvFormatError);
    expect(() => parseMeasurementCsv('time,value\n1,2\n')).toThrow(/missing columns ts, enterprise, line, characteristic/);
    expect(() => parseMeasurementCsv('')).toThrow(/empty/);
  });
});

describe('sample values', () => {
  it('accepts finite non-negative decimals, -0 as 0', () => {
    expect(classifyRawValue(' 0.80 ')).toEqual({ ok: true, value: 0.8 });
    expect(classifyRawValue('1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(classifyRawValue('0')).toEqual({ ok: true, value: 0 });
    expect(classifyRawValue('-0.0')).toEqual({ ok: true, value: 0 });
  });
  it('rejects with a stable reason', () => {
    expect(classifyRawValue('')).toEqual({ ok: false, reason: 'empty' });
    expect(classifyRawValue('  ')).toEqual({ ok: false, reason: 'empty' });
    expect(classifyRawValue('NaN')).toEqual({ ok: false, reason: 'NaN' });
    expect(classifyRawValue('nan')).toEqual({ ok: false, reason: 'NaN' });
    expect(classifyRawValue('Inf')).toEqual({ ok: false, reason: 'infinite' });
    expect(classifyRawValue('-Infinity')).toEqual({ ok: false, reason: 'infinite' });
    expect(classifyRawValue('abc')).toEqual({ ok: false, reason: 'not a number' });
    expect(classifyRawValue('0x10')).toEqual({ ok: false, reason: 'not a number' });
    expect(classifyRawValue('1,5')).toEqual({ ok: false, reason: 'not a number' });
    expect(classifyRawValue('-0.1')).toEqual({ ok: false, reason: 'negative' });
    expect(classifyNumber(Number.POSITIVE_INFINITY)).toEqual({ ok: false, reason: 'infinite' });
  });
});
