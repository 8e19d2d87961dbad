import { describe, expect, it } from 'vitest';
import { CSV_TRACE_KINDS, csvColumns, exportTraceCsv, importTraceCsv } from '../../../../trace/records/trace-csv.js';
import type { TraceRecord } from '../../../../trace/records/trace-records.js';

const LOTS_CSV = [
  'id,enterprise,material,supplier,lot,certificate,receivedOn,quantity',
  'ml-1,e1,copper-rod,Jiangxi Copper,CU-17,QC-881,2026-03-02,12.5 t',
  'ml-2,e1,pvc-insulation,Zhongtai,PVC-9,,2026-03-03,',
].join('\n');

describe('importTraceCsv', () => {
  it('reads every row of a good file, with its row number', () => {
    const result = importTraceCsv('trace.material-lot', LOTS_CSV);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows.map((r) => r.row)).toEqual([2, 3]);
    expect(result.rows[1].record).toEqual({
      kind: 'trace.material-lot',
      id: 'ml-2',
      enterprise: 'e1',
      material: 'pvc-insulation',
      supplier: 'Zhongtai',
      lot: 'PVC-9',
      certificate: '',
      receivedOn: '2026-03-03',
      quantity: '',
    });
  });

  it('refuses the whole file for one bad row, naming the row and the field', () => {
    const csv = `${LOTS_CSV}\nml-3,e1,xlpe,Wanma,X-1,,2026-02-30,`;
    expect(importTraceCsv('trace.material-lot', csv)).toEqual({ ok: false, problems: [{ row: 4, reason: "materialLot.receivedOn: expected a date YYYY-MM-DD that exists, got '2026-02-30'" }] });
  });

  it('refuses an id used twice and the same lot of one material and supplier received twice', () => {
    const csv = `${LOTS_CSV}\nml-1,e1,xlpe,Wanma,X-1,,2026-03-04,\nml-4,e1,Copper-Rod,jiangxi copper,cu-17,QC-9,2026-03-05,1 t`;
    expect(importTraceCsv('trace.material-lot', csv)).toEqual({
      ok: false,
      problems: [
        { row: 4, reason: "id 'ml-1' is already used on row 2" },
        { row: 5, reason: "lot 'cu-17' of Copper-Rod from jiangxi copper is already received on row 2" },
      ],
    });
  });

  it('refuses a header with a missing, unknown or repeated column', () => {
    const result = importTraceCsv('trace.shipment', 'id,enterprise,reels,customer,shippedOn,destination,document,document,colour\n');
    expect(result).toEqual({
      ok: false,
      problems: [
        { row: 1, reason: "header: column 'document' appears twice" },
        { row: 1, reason: "header: unknown column 'colour'" },
      ],
    });
    expect(importTraceCsv('trace.shipment', 'id,enterprise\n')).toMatchObject({ ok: false, problems: [{ row: 1, reason: "header: missing column 'reels'" }, {}, {}, {}, {}] });
    expect(importTraceCsv('trace.shipment', '')).toEqual({ ok: false, problems: [{ row: 1, reason: 'the file is empty: expected a header row' }] });
  });

  it("reads ';'-separated lists and a test without a figure", () => {
    const lots = importTraceCsv('trace.reel-lots', 'id,enterprise,reel,lots\nrl-1,e1,R-42,ml-1; ml-2\n');
    expect(lots).toMatchObject({ ok: true, rows: [{ record: { reel: 'R-42', lots: ['ml-1', 'ml-2'] } }] });
    const tests = importTraceCsv(
      'trace.reel-test',
      'id,enterprise,reel,test,value,unit,result,instrument,testedAt,by\nrt-1,e1,R-42,voltage-test,,,pass,HV-3,2026-03-04T08:15:00Z,li.na\nrt-2,e1,R-42,resistance,12.07,ohm/km,pass,QJ-57,2026-03-04T08:20:00Z,li.na\n',
    );
    expect(tests).toMatchObject({ ok: true, rows: [{ record: { value: null, unit: '' } }, { record: { value: 12.07, unit: 'ohm/km' } }] });
    const badValue = importTraceCsv(
      'trace.reel-test',
      'id,enterprise,reel,test,value,unit,result,instrument,testedAt,by\nrt-1,e1,R-42,resistance,12;07,ohm/km,pass,QJ-57,2026-03-04T08:20:00Z,li.na\n',
    );
    expect(badValue).toEqual({ ok: false, problems: [{ row: 2, reason: "reelTest.value: expected a number or nothing, got '12;07'" }] });
  });
});

describe('exportTraceCsv', () => {
  const records: Record<(typeof CSV_TRACE_KINDS)[number], TraceRecord[]> = {
    'trace.material-lot': [
      { kind: 'trace.material-lot', id: 'ml-1', enterprise: 'e1', material: 'copper-rod', supplier: '=HYPERLINK("x")', lot: 'CU, 17', certificate: '', receivedOn: '2026-03-02', quantity: '12.5 t' },
    ],
    'trace.reel-lots': [{ kind: 'trace.reel-lots', id: 'rl-1', enterprise: 'e1', reel: 'R-42', lots: ['ml-1', 'ml-2'] }],
    'trace.reel-test': [
      {
        kind: 'trace.reel-test',
        id: 'rt-1',
        enterprise: 'e1',
        reel: 'R-42',
        test: 'voltage-test',
        value: null,
        unit: '',
        result: 'fail',
        instrument: 'HV-3',
        testedAt: '2026-03-04T08:15:00Z',
        by: '-li',
      },
      {
        kind: 'trace.reel-test',
        id: 'rt-2',
        enterprise: 'e1',
        reel: 'R-42',
        test: 'resistance',
        value: -0.5,
        unit: 'ohm/km',
        result: 'pass',
        instrument: 'QJ-57',
        testedAt: '2026-03-04T08:20:00.123Z',
        by: 'li',
      },
    ],
    'trace.shipment': [{ kind: 'trace.shipment', id: 'sh-1', enterprise: 'e1', reels: ['R-42', 'R-43'], customer: 'Grid "East"', shippedOn: '2026-03-06', destination: '+Changsha', document: '' }],
  };

  it.each(CSV_TRACE_KINDS)('round-trips %s through import, formula guard and quoting included', (kind) => {
    const csv = exportTraceCsv(kind, records[kind]);
    expect(csv.split('\r\n')[0]).toBe(csvColumns(kind).join(','));
    const back = importTraceCsv(kind, csv);
    expect(back).toEqual({ ok: true, rows: records[kind].map((record, i) => ({ row: i + 2, record })) });
  });

  it('guards cells a spreadsheet would run as formulas', () => {
    const csv = exportTraceCsv('trace.material-lot', records['trace.material-lot']);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(() => exportTraceCsv('trace.shipment', records['trace.reel-lots'])).toThrow(/rl-1 is a trace.reel-lots/);
  });
});
