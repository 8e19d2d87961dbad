import { describe, expect, it } from 'vitest';
import { CsvFormatError, parseMeasurementCsv } from '../../../domain/measurement-csv.js';
import { MeasurementCsvStream, type MeasurementSeries } from '../../../domain/measurement-stream.js';
import { parseTimestamp } from '../../../domain/iso-timestamp.js';
import { classifyRawValue } from '../../../domain/sample-value.js';
import { SeededRandom } from '../../../simulators/random.js';

type Event = [kind: 'reading', row: number, series: string, ts: number, value: number] | [kind: 'rejected', row: number, series: string | null, reason: string];

/** What the stream reports, in order, fed in pieces of `piece` bytes. */
function streamed(text: string | Buffer, piece: number, skip: (key: string) => boolean = () => false): { events: Event[]; rows: number; skipped: number } {
  const names: string[] = [];
  const events: Event[] = [];
  const stream = new MeasurementCsvStream(
    {
      series(ref: MeasurementSeries) {
        const key = `${ref.enterprise}/${ref.line}/${ref.characteristic}`;
        names.push(key);
        return !skip(key);
      },
      reading: (row, series, ts, value) => void events.push(['reading', row, names[series], ts, value]),
      rejected: (row, series, reason) => void events.push(['rejected', row, series < 0 ? null : names[series], reason]),
    },
    { chunkBytes: 64, maxRowBytes: 256 },
  );
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  for (let at = 0; at < bytes.length; at += piece) stream.push(bytes.subarray(at, at + piece));
  stream.end();
  return { events, rows: stream.dataRows, skipped: stream.skippedRows };
}

/** The same from parseMeasurementCsv, classifyRawValue and parseTimestamp: the rules analyze follows. */
function expected(text: string): Event[] {
  return parseMeasurementCsv(text).map((r): Event => {
    const key = `${r.enterprise}/${r.line}/${r.characteristic}`;
    if (r.malformed) return ['rejected', r.row, null, `malformed row (${r.malformed})`];
    const v = classifyRawValue(r.value);
    if (!v.ok) return ['rejected', r.row, key, v.reason];
    const ts = parseTimestamp(r.ts);
    return typeof ts === 'number' ? ['reading', r.row, key, ts, v.value] : ['rejected', r.row, key, ts];
  });
}

const PIECES = [1, 2, 3, 7, 64, 1000];

describe('MeasurementCsvStream reads what parseMeasurementCsv reads', () => {
  const texts: Record<string, string> = {
    plain: 'ts,enterprise,line,characteristic,value\n2026-01-01T00:00:00Z,acme,x1,insulation_thickness,0.8\n2026-01-01T00:00:00.100Z,acme,x1,insulation_thickness,0.81\n',
    'CRLF, a BOM, blank lines, no final newline': '\ufeffts,enterprise,line,characteristic,value\r\n\r\n2026-01-01T00:00:00Z,a,l,c,1\r\n\n\n2026-01-01T00:00:01Z,a,l,c,2',
    'columns in another order, extra columns': 'Value, TS ,note,characteristic,line,enterprise\n0.5,2026-01-01T00:00:00Z,hello,c,l,e\n0.6,2026-01-01T00:00:01Z,,c,l,e\n',
    'quoted fields, doubled quotes, a line break in quotes':
      'ts,enterprise,line,characteristic,value\n"2026-01-01T00:00:00Z","ac,me","x ""1""",c,"0.7"\n2026-01-01T00:00:01Z,"line\nbreak",x,c,0.9\n2026-01-01T00:00:02Z,"ac,me","x ""1""",c,0.71\n',
    'bad values':
      'ts,enterprise,line,characteristic,value\nt,a,l,c,\n2026-01-01T00:00:00Z,a,l,c,NaN\n2026-01-01T00:00:00Z,a,l,c,-inf\n2026-01-01T00:00:00Z,a,l,c,abc\n2026-01-01T00:00:00Z,a,l,c,-0.2\n2026-01-01T00:00:00Z,a,l,c,-0\n2026-01-01T00:00:00Z,a,l,c, 1.5 \n2026-01-01T00:00:00Z,a,l,c,1e-3\n2026-01-01T00:00:00Z,a,l,c,0x1F\n2026-01-01T00:00:00Z,a,l,c,.5\n2026-01-01T00:00:00Z,a,l,c,5.\n2026-01-01T00:00:00Z,a,l,c,.\n2026-01-01T00:00:00Z,a,l,c,+\n2026-01-01T00:00:00Z,a,l,c,1.2.3\n2026-01-01T00:00:00Z,a,l,c,0.1234567890123456789\n2026-01-01T00:00:00Z,a,l,c,123456789012345678\n',
    'bad timestamps': 'ts,enterprise,line,characteristic,value\n2026-01-01T00:00:00,a,l,c,1\n2026-02-30T00:00:00Z,a,l,c,1\nnow,a,l,c,1\n,a,l,c,1\n2026-01-01T09:00:00+09:00,a,l,c,1\n',
    'malformed rows': 'ts,enterprise,line,characteristic,value\n2026-01-01T00:00:00Z,a\n2026-01-01T00:00:00Z,a,l,c,1,extra\n   \n"2026-01-01T00:00:00Z",a,l\n2026-01-01T00:00:01Z,a,l,c,1\n',
    'several series interleaved':
      'ts,enterprise,line,characteristic,value\n2026-01-01T00:00:00Z,a,l,c,1\n2026-01-01T00:00:00Z,a,l,d,2\n2026-01-01T00:00:00Z,ä,l,c,3\n2026-01-01T00:00:01Z,a,l,c,4\n2026-01-01T00:00:01Z,al,,c,5\n2026-01-01T00:00:01Z,a,,lc,6\n2026-01-01T00:00:01Z,ä,l,c,7\n',
    'header only': 'ts,enterprise,line,characteristic,value\n',
  };
  for (const [name, text] of Object.entries(texts)) {
    it(name, () => {
      const want = expected(text);
      for (const piece of PIECES) {
        const got = streamed(text, piece);
        expect(got.events, `pieces of ${piece}`).toEqual(want);
        expect(got.rows).toBe(want.length);
      }
    });
  }

  it('on a long random file, fed in uneven pieces', () => {
    const rng = new SeededRandom(5);
    const lines = ['ts,enterprise,line,characteristic,value'];
    const odd = ['', 'NaN', '-1', 'x', '"0.5"', ' 2 ', '1e2'];
    for (let i = 0; i < 3000; i++) {
      const ts = new Date(Date.UTC(2026, 0, 1) + i * 100).toISOString();
      const value = rng.uniform() < 0.05 ? odd[rng.integer(0, odd.length - 1)] : (0.8 + 0.02 * rng.normal()).toFixed(rng.integer(0, 9));
      lines.push(`${rng.uniform() < 0.02 ? ts.slice(0, 19) : ts},e${rng.integer(1, 3)},l,c${rng.integer(1, 2)},${value}${rng.uniform() < 0.01 ? ',x' : ''}`);
    }
    const text = lines.join(rng.uniform() < 0.5 ? '\n' : '\r\n');
    const want = expected(text);
    expect(streamed(text, 997).events).toEqual(want);
    expect(streamed(text, 64).events).toEqual(want);
  });
});

describe('MeasurementCsvStream: series, limits and errors', () => {
  it('skips the rows of series the sink does not want, counting them', () => {
    const text = 'ts,enterprise,line,characteristic,value\n2026-01-01T00:00:00Z,a,l,c,1\n2026-01-01T00:00:00Z,b,l,c,x\n2026-01-01T00:00:01Z,a,l,c,2\nbad\n';
    const got = streamed(text, 5, (key) => key === 'b/l/c');
    expect(got.skipped).toBe(1);
    expect(got.rows).toBe(4);
    expect(got.events.map((e) => e[1])).toEqual([0, 2, 3]);
  });

  it('refuses a wrong header or an empty file as parseMeasurementCsv does', () => {
    for (const text of ['time;value\n1;2\n', '', '\n\r\n']) {
      let message = '';
      try {
        parseMeasurementCsv(text);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(() => streamed(text, 3)).toThrow(CsvFormatError);
      expect(() => streamed(text, 3)).toThrow(message);
    }
  });

  it('refuses a row longer than maxRowBytes (an unterminated quote) instead of holding the file', () => {
    const text = `ts,enterprise,line,characteristic,value\n2026-01-01T00:00:00Z,"a,l,c,1\n${'2026-01-01T00:00:00Z,a,l,c,1\n'.repeat(50)}`;
    expect(() => streamed(text, 10)).toThrow(/data row 0 is longer than 256 bytes \(an unterminated quote\?\)/);
  });
});
