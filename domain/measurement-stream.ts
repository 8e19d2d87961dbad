import { open } from 'node:fs/promises';
import { CsvFormatError, EMPTY_FILE, headerPositions, splitCsv } from './measurement-csv.js';
import { parseTimestamp, parseTimestampBytes, type TimestampReason } from './iso-timestamp.js';
import { classifyRawValue } from './sample-value.js';

/**
 * Measurement CSV (`ts,enterprise,line,characteristic,value`) read as a
 * stream of bytes, for files too large to hold as text: a day at 10 Hz is
 * 864,000 rows a series, and a replay may hold many series.
 *
 * It reads exactly what parseMeasurementCsv reads (RFC 4180 quoting, CRLF
 * or LF, a byte-order mark, blank lines skipped and not numbered, the five
 * columns in any order), numbers data rows the same way, rejects a row with
 * the wrong number of fields as `malformed row (...)` and a value for the
 * reasons of classifyRawValue; test/unit/domain/measurement-stream.test.ts
 * holds it to that. It also reads the timestamp (domain/iso-timestamp.ts).
 *
 * Memory is bounded: one buffer of `chunkBytes + maxRowBytes`, the series
 * seen, nothing per row. Speed: a row without quotes is split, its series
 * recognised and its timestamp and value read from the bytes themselves,
 * without a string, a regular expression or Date.parse; any other row takes
 * the general path, whose answers are the same.
 */
export interface MeasurementSeries {
  readonly enterprise: string;
  readonly line: string;
  readonly characteristic: string;
}

export interface MeasurementRowSink {
  /**
   * A series met for the first time (its index is the number met before).
   * Return false to skip its rows: they are counted, not read further.
   */
  series(ref: MeasurementSeries, index: number): boolean;
  /** A valid reading of series `series` at data row `row` (0-based, header not counted). */
  reading(row: number, series: number, ts: number, value: number): void;
  /** A row that is no reading, and why; `series` is -1 for a malformed row (its fields cannot be trusted). */
  rejected(row: number, series: number, reason: string): void;
}

export interface MeasurementStreamOptions {
  /** Bytes read at a time. */
  readonly chunkBytes?: number;
  /** A row longer than this (an unterminated quote swallowing the file) is an error rather than unbounded memory. */
  readonly maxRowBytes?: number;
}

export const DEFAULT_STREAM_OPTIONS = Object.freeze({ chunkBytes: 2 * 1024 * 1024, maxRowBytes: 1024 * 1024 });

const COMMA = 44;
const LF = 10;
const CR = 13;
const QUOTE = 34;
/** Powers of ten that are exact doubles: a decimal of at most 15 digits divided by one is correctly rounded, as Number() is. */
const POW10 = Array.from({ length: 16 }, (_, i) => 10 ** i);

interface SeriesBytes {
  readonly index: number;
  /** The enterprise, line and characteristic fields as raw bytes, back to back, and where each ends. */
  readonly bytes: Buffer;
  readonly endE: number;
  readonly endL: number;
}

export class MeasurementCsvStream {
  /** Data rows read (every row after the header, blank lines not counted). */
  dataRows = 0;
  /** Rows of series the sink skipped. */
  skippedRows = 0;
  /** Every series met, in order of first appearance. */
  readonly series: MeasurementSeries[] = [];

  private readonly sink: MeasurementRowSink;
  private readonly maxRowBytes: number;
  private readonly chunkBytes: number;
  private readonly buf: Buffer;
  private len = 0;
  private started = false;
  private headerFields = 0;
  private col = { ts: -1, enterprise: -1, line: -1, characteristic: -1, value: -1 };
  private starts = new Int32Array(0);
  private ends = new Int32Array(0);
  private readonly wanted: boolean[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly byCheapKey = new Map<number, SeriesBytes[]>();
  private last: SeriesBytes | null = null;

  constructor(sink: MeasurementRowSink, options: MeasurementStreamOptions = {}) {
    this.sink = sink;
    this.chunkBytes = options.chunkBytes ?? DEFAULT_STREAM_OPTIONS.chunkBytes;
    this.maxRowBytes = options.maxRowBytes ?? DEFAULT_STREAM_OPTIONS.maxRowBytes;
    this.buf = Buffer.allocUnsafe(this.chunkBytes + this.maxRowBytes);
  }

  /** Reads a whole file through the sink. File errors are thrown as they are (the caller words them). */
  async readFile(path: string): Promise<void> {
    const handle = await open(path, 'r');
    try {
      for (;;) {
        const { bytesRead } = await handle.read(this.buf, this.len, this.buf.length - this.len, null);
        if (bytesRead === 0) break;
        this.len += bytesRead;
        this.consume(false);
      }
    } finally {
      await handle.close();
    }
    this.consume(true);
  }

  /** Feeds the next bytes (any split: a row may straddle two pushes). */
  push(chunk: Uint8Array): void {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(chunk.length - at, this.buf.length - this.len);
      this.buf.set(chunk.subarray(at, at + n), this.len);
      this.len += n;
      at += n;
      this.consume(false);
    }
  }

  /** The end of the input: reads the last row. Throws CsvFormatError for a file without a header. */
  end(): void {
    this.consume(true);
  }

  /** Reads every complete row in the buffer, then moves the incomplete rest to its start. */
  private consume(eof: boolean): void {
    const buf = this.buf;
    const len = this.len;
    let p = 0;
    if (!this.started) {
      if (len < 3 && !eof) return;
      this.started = true;
      if (len >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) p = 3; // byte-order mark
    }
    while (p < len) {
      const c = buf[p];
      if (c === LF || c === CR) {
        p += 1; // a line break, or a blank line: skipped and not numbered
        continue;
      }
      const end = this.headerFields === 0 ? this.header(p, len, eof) : this.row(p, len, eof);
      if (end < 0) break;
      p = end;
    }
    if (p < len) buf.copy(buf, 0, p, len);
    this.len = len - p;
    if (!eof && this.len >= this.maxRowBytes) {
      const what = this.headerFields === 0 ? 'the header' : `data row ${this.dataRows}`;
      throw new CsvFormatError(`${what} is longer than ${this.maxRowBytes} bytes (an unterminated quote?)`);
    }
    if (eof && this.headerFields === 0) throw new CsvFormatError(EMPTY_FILE);
  }

  private header(p: number, len: number, eof: boolean): number {
    const end = quotedRowEnd(this.buf, p, len, eof);
    if (end < 0) return -1;
    const fields = splitCsv(this.buf.toString('utf8', p, end))[0] ?? [''];
    const at = headerPositions(fields);
    this.col = { ts: at.ts, enterprise: at.enterprise, line: at.line, characteristic: at.characteristic, value: at.value };
    this.headerFields = fields.length;
    this.starts = new Int32Array(fields.length + 1);
    this.ends = new Int32Array(fields.length + 1);
    return end;
  }

  /** Reads the row starting at p; returns where it ends, or -1 when it is not complete yet. */
  private row(p: number, len: number, eof: boolean): number {
    const buf = this.buf;
    const starts = this.starts;
    const ends = this.ends;
    const max = this.headerFields;
    let f = 0;
    starts[0] = p;
    let i = p;
    for (; i < len; i++) {
      const c = buf[i];
      if (c > COMMA) continue; // digits, letters, '-', '.', ':': one comparison for most bytes
      if (c === COMMA) {
        if (f < max) ends[f] = i;
        f += 1;
        if (f < max) starts[f] = i + 1;
      } else if (c === LF || c === CR) {
        break;
      } else if (c === QUOTE) {
        return this.quotedRow(p, len, eof);
      }
    }
    if (i === len && !eof) return -1;
    if (f < max) ends[f] = i;
    const row = this.dataRows++;
    const fields = f + 1;
    if (fields !== max) {
      this.sink.rejected(row, -1, `malformed row (expected ${max} fields, got ${fields})`);
      return i;
    }
    const col = this.col;
    const series = this.seriesOfBytes(starts[col.enterprise], ends[col.enterprise], starts[col.line], ends[col.line], starts[col.characteristic], ends[col.characteristic]);
    if (!this.wanted[series]) {
      this.skippedRows += 1;
      return i;
    }
    let value = decimalBytes(buf, starts[col.value], ends[col.value]);
    if (Number.isNaN(value)) {
      const verdict = classifyRawValue(buf.toString('utf8', starts[col.value], ends[col.value]));
      if (!verdict.ok) {
        this.sink.rejected(row, series, verdict.reason);
        return i;
      }
      value = verdict.value;
    } else if (value < 0) {
      this.sink.rejected(row, series, 'negative');
      return i;
    }
    const ts = parseTimestampBytes(buf, starts[col.ts], ends[col.ts]);
    if (typeof ts !== 'number') this.sink.rejected(row, series, ts);
    else this.sink.reading(row, series, ts, value);
    return i;
  }

  /** A row holding a quote: split as parseMeasurementCsv splits it, from its text. */
  private quotedRow(p: number, len: number, eof: boolean): number {
    const end = quotedRowEnd(this.buf, p, len, eof);
    if (end < 0) return -1;
    const row = this.dataRows++;
    const f = splitCsv(this.buf.toString('utf8', p, end))[0] ?? [''];
    if (f.length !== this.headerFields) {
      this.sink.rejected(row, -1, `malformed row (expected ${this.headerFields} fields, got ${f.length})`);
      return end;
    }
    const col = this.col;
    const series = this.seriesOf(f[col.enterprise], f[col.line], f[col.characteristic]);
    if (!this.wanted[series]) {
      this.skippedRows += 1;
      return end;
    }
    const verdict = classifyRawValue(f[col.value]);
    if (!verdict.ok) {
      this.sink.rejected(row, series, verdict.reason);
      return end;
    }
    const ts: number | TimestampReason = parseTimestamp(f[col.ts]);
    if (typeof ts !== 'number') this.sink.rejected(row, series, ts);
    else this.sink.reading(row, series, ts, verdict.value);
    return end;
  }

  /**
   * The series of three raw fields: the last one met, else by a cheap key
   * (the fields' lengths and last bytes, where names like extruder-1 and
   * extruder-2 differ) and a full comparison, else by their text.
   */
  private seriesOfBytes(e0: number, e1: number, l0: number, l1: number, c0: number, c1: number): number {
    const buf = this.buf;
    const last = this.last;
    if (last !== null && sameBytes(buf, last, e0, e1, l0, l1, c0, c1)) return last.index;
    const key = cheapKey(buf, e0, e1, l0, l1, c0, c1);
    let bucket = this.byCheapKey.get(key);
    if (bucket !== undefined) {
      for (let k = 0; k < bucket.length; k++) {
        const s = bucket[k];
        if (sameBytes(buf, s, e0, e1, l0, l1, c0, c1)) {
          this.last = s;
          return s.index;
        }
      }
    } else {
      bucket = [];
      this.byCheapKey.set(key, bucket);
    }
    const index = this.seriesOf(buf.toString('utf8', e0, e1), buf.toString('utf8', l0, l1), buf.toString('utf8', c0, c1));
    const bytes = Buffer.concat([buf.subarray(e0, e1), buf.subarray(l0, l1), buf.subarray(c0, c1)]);
    const entry: SeriesBytes = { index, bytes, endE: e1 - e0, endL: e1 - e0 + (l1 - l0) };
    bucket.push(entry);
    this.last = entry;
    return index;
  }

  private seriesOf(enterprise: string, line: string, characteristic: string): number {
    const key = JSON.stringify([enterprise, line, characteristic]);
    let index = this.byKey.get(key);
    if (index === undefined) {
      index = this.series.length;
      const ref = Object.freeze({ enterprise, line, characteristic });
      this.series.push(ref);
      this.byKey.set(key, index);
      this.wanted.push(this.sink.series(ref, index));
    }
    return index;
  }
}

/** Where a row that may hold quotes ends (a line break outside quotes), or -1 when not within the buffer yet. */
function quotedRowEnd(buf: Buffer, p: number, len: number, eof: boolean): number {
  let quoted = false;
  for (let i = p; i < len; i++) {
    const c = buf[i];
    // A doubled quote inside quotes toggles twice: the parity is all that matters.
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) return i;
  }
  return eof ? len : -1;
}

/** Whether three fields hold a series' bytes; compared from the end, where names differ most. */
function sameBytes(buf: Buffer, s: SeriesBytes, e0: number, e1: number, l0: number, l1: number, c0: number, c1: number): boolean {
  const b = s.bytes;
  const endE = s.endE;
  const endL = s.endL;
  if (e1 - e0 !== endE || l1 - l0 !== endL - endE || c1 - c0 !== b.length - endL) return false;
  for (let i = c1 - 1, k = b.length - 1; i >= c0; i--, k--) if (buf[i] !== b[k]) return false;
  for (let i = l1 - 1, k = endL - 1; i >= l0; i--, k--) if (buf[i] !== b[k]) return false;
  for (let i = e1 - 1, k = endE - 1; i >= e0; i--, k--) if (buf[i] !== b[k]) return false;
  return true;
}

/** The fields' lengths and last two bytes, mixed into 32 bits (equal fields give equal keys; a collision only costs a comparison). */
function cheapKey(buf: Buffer, e0: number, e1: number, l0: number, l1: number, c0: number, c1: number): number {
  let h = Math.imul((e1 - e0) | ((l1 - l0) << 10) | ((c1 - c0) << 20), 0x9e3779b1);
  h = Math.imul(h ^ (e1 > e0 ? buf[e1 - 1] | (buf[Math.max(e0, e1 - 2)] << 8) : 0), 0x01000193);
  h = Math.imul(h ^ (l1 > l0 ? buf[l1 - 1] | (buf[Math.max(l0, l1 - 2)] << 8) : 0), 0x01000193);
  h = Math.imul(h ^ (c1 > c0 ? buf[c1 - 1] | (buf[Math.max(c0, c1 - 2)] << 8) : 0), 0x01000193);
  return h;
}

/**
 * A plain decimal (`[+-]digits[.digits]`, at most 15 digits) read from
 * bytes: the value, negative when it is (-0 is 0), or NaN for anything else
 * (an exponent, spaces, text, too many digits, nothing), which then goes to
 * classifyRawValue. The result is Number()'s: an integer of at most 15
 * digits and a power of ten up to 1e15 are exact, and one division rounds
 * correctly.
 */
function decimalBytes(buf: Buffer, from: number, to: number): number {
  let i = from;
  let negative = false;
  const first = buf[i];
  if (first === 45) {
    negative = true;
    i += 1;
  } else if (first === 43) {
    i += 1;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let dot = false;
  for (; i < to; i++) {
    const d = buf[i] - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits += 1;
      if (dot) fraction += 1;
    } else if (d === -2 && !dot) {
      dot = true;
    } else {
      return NaN;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const value = fraction === 0 ? mantissa : mantissa / POW10[fraction];
  return negative && value !== 0 ? -value : value;
}
