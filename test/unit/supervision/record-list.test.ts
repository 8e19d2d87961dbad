import { describe, expect, it } from 'vitest';
import { validateRecordList } from '../../../supervision/record-list.js';
import { goodRecords } from './register-fixture.js';

describe('validateRecordList', () => {
  it('takes a list or { records: [...] } of valid records', () => {
    const records = goodRecords();
    expect(validateRecordList(records)).toEqual({ ok: true, records });
    expect(validateRecordList({ records })).toEqual({ ok: true, records });
  });
  it('names each bad record by its index, and refuses duplicate ids', () => {
    const records: unknown[] = goodRecords();
    records.push({ kind: 'refusal', id: 'r1', enterprise: 'e1', date: '2026-01-01', level: 'province' }, { ...goodRecords()[0] });
    expect(validateRecordList(records)).toEqual({
      ok: false,
      problems: ["records[9].refusal.level: expected county, city, provincial or national, got 'province'", "records[10].id: 'tax-2025' is already used by records[0]"],
    });
    expect(validateRecordList('x')).toEqual({ ok: false, problems: ['records: expected a list of records, or an object with a "records" list'] });
  });
});
