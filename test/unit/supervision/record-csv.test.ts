import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCell, encodeCell } from '../../../supervision/record-csv/csv-cell.js';
import { exportRecordsCsv } from '../../../supervision/record-csv/record-csv-export.js';
import { importRecordsCsv } from '../../../supervision/record-csv/record-csv-import.js';
import { fieldsOf } from '../../../supervision/record-fields.js';
import { RECORD_KINDS, type RecordOfKind } from '../../../supervision/records.js';

const checks: RecordOfKind<'spot-check'>[] = [
  {
    kind: 'spot-check',
    id: 'sc-1',
    enterprise: 'e1',
    internal: false,
    published: true,
    date: '2026-01-05',
    level: 'provincial',
    product: 'BV 1.5, "red"',
    result: 'fail',
    failedItems: ['conductor resistance', 'insulation'],
  },
  { kind: 'spot-check', id: 'sc-2', enterprise: 'e1', internal: true, published: false, date: '2026-02-05', level: 'county', product: '=HYPERLINK("x")', result: 'pass', failedItems: [] },
];

describe('csv cells', () => {
  it('quotes as RFC 4180 says', () => {
    expect(encodeCell('a,b')).toBe('"a,b"');
    expect(encodeCell('say "hi"')).toBe('"say ""hi"""');
    expect(encodeCell('two\nlines')).toBe('"two\nlines"');
    expect(encodeCell('plain')).toBe('plain');
  });
  it('guards cells a spreadsheet would run as a formula, and undoes the guard on import', () => {
    for (const t of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx']) {
      expect(encodeCell(t).replace(/^"|"$/g, '').startsWith("'")).toBe(true);
      expect(decodeCell(`'${t}`)).toBe(t);
    }
    expect(decodeCell("'quoted")).toBe("'quoted");
  });
});

describe('record CSV', () => {
  it('round-trips a kind through export and import', () => {
    const text = exportRecordsCsv('spot-check', checks);
    expect(text.split('\r\n')[0]).toBe('id,enterprise,internal,published,date,level,product,result,failedItems');
    expect(text).toContain(`'=HYPERLINK(""x"")`);
    expect(importRecordsCsv('spot-check', text)).toEqual({ ok: true, records: checks });
  });
  it('imports nothing when a row is bad, and names every bad row and why', () => {
    const text = [
      'id,enterprise,internal,published,date,level,product,result,failedItems',
      'sc-1,e1,false,true,2026-01-05,provincial,BV,fail,resistance',
      'sc-2,e1,false,true,2026-01-06,province,BV,fail,resistance',
      'sc-3,e1,false,true,2026-01-07,county,BV,pass,',
      'sc-4,e1,false,true,2026-01-08,county,BV',
      'sc-1,e1,false,true,2026-01-09,county,BV,pass,',
    ].join('\n');
    expect(importRecordsCsv('spot-check', text)).toEqual({
      ok: false,
      problems: [
        { row: 3, reason: "spotCheck.level: expected county, city, provincial or national, got 'province'" },
        { row: 5, reason: 'expected 9 fields, got 7' },
        { row: 6, reason: "id 'sc-1' is already used on row 2" },
      ],
    });
  });
  it('refuses a header with missing or unknown columns', () => {
    const r = importRecordsCsv('refusal', 'id,enterprise,internal,published,date,lvl,note\n');
    expect(r).toEqual({
      ok: false,
      problems: [
        { row: 1, reason: "header: unknown column 'lvl'" },
        { row: 1, reason: "header: missing column 'level'" },
      ],
    });
    expect(importRecordsCsv('refusal', '')).toMatchObject({ ok: false, problems: [{ row: 1 }] });
  });
  it('reads columns in any order, numbers and empty nullable cells', () => {
    const text = 'year,id,enterprise,internal,published,amountCny,band\n2025,t1,e1,false,false,,at-least-1m\n2024,t2,e1,false,false,80000,\n';
    expect(importRecordsCsv('tax', text)).toEqual({
      ok: true,
      records: [
        { kind: 'tax', id: 't1', enterprise: 'e1', internal: false, published: false, year: 2025, amountCny: null, band: 'at-least-1m' },
        { kind: 'tax', id: 't2', enterprise: 'e1', internal: false, published: false, year: 2024, amountCny: 80000, band: null },
      ],
    });
    expect(importRecordsCsv('tax', 'year,id,enterprise,internal,published,amountCny,band\n20x5,t1,e1,no,false,,\n')).toEqual({
      ok: false,
      problems: [{ row: 2, reason: "tax.internal: expected true or false, got 'no'; tax.year: expected a year 1900-2999, got '20x5'" }],
    });
  });
  it('documents every kind with its columns in record-csv/README.md', () => {
    const readme = readFileSync(new URL('../../../supervision/record-csv/README.md', import.meta.url), 'utf8');
    for (const kind of RECORD_KINDS) {
      const section = readme.split(/^## /m).find((s) => s.startsWith(`\`${kind}\``));
      expect(section, `section for ${kind}`).toBeDefined();
      const documented = [...section!.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map((m) => m[1]);
      expect(documented, kind).toEqual(fieldsOf(kind).map((f) => f.name));
    }
  });
});
