/**
 * Writes what a fleet generates as measurement CSV (docs/spc-conventions.md,
 * "Input"): `ts,enterprise,line,characteristic,value`, ts in ISO 8601 UTC
 * with milliseconds only when they are not zero. The file is streamed in
 * chunks with back-pressure, so an hour of a whole county fits in a few
 * megabytes of memory whatever its size on disk.
 *
 * Values as a gauge would send them: numbers rounded to `decimals` places,
 * `NaN` for a NaN, an empty field for a missing value (null).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { CSV_COLUMNS } from '../domain/measurement-csv.js';
import type { Fleet } from './fleet.js';

export const CSV_HEADER = CSV_COLUMNS.join(',');

export interface CsvWriteOptions {
  /** Simulated time to cover: readings at t < durationMs (ms since the start). */
  readonly durationMs: number;
  /** Only these series (indices into fleet.series); default all. */
  readonly series?: readonly number[];
  /** Decimal places of the values; default 6 (a micrometre in mm, far below any gauge's resolution). */
  readonly decimals?: number;
  /**
   * Simulated time per tick (ms); default 100. Rows are in time order across
   * series to within one step, and exactly in order within a series.
   */
  readonly stepMs?: number;
}

export interface CsvWriteResult {
  readonly rows: number;
}

const CHUNK_CHARS = 1 << 16;

/** Runs the fleet from its current time for durationMs and writes every (selected) reading to `out`, header first. */
export async function writeFleetCsv(fleet: Fleet, out: Writable, options: CsvWriteOptions): Promise<CsvWriteResult> {
  const { durationMs } = options;
  const stepMs = options.stepMs ?? 100;
  const decimals = options.decimals ?? 6;
  if (!(durationMs >= 0 && Number.isFinite(durationMs))) throw new RangeError(`durationMs must be a finite number >= 0, got ${durationMs}`);
  if (!(stepMs > 0)) throw new RangeError(`stepMs must be positive, got ${stepMs}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 15) throw new RangeError(`decimals must be a whole number from 0 to 15, got ${decimals}`);

  // Each series' `,enterprise,line,characteristic,` once, not once a row.
  const middle = fleet.series.map((s) => `,${s.enterprise},${s.line},${s.characteristic},`);
  const wanted = new Uint8Array(fleet.series.length);
  for (const i of options.series ?? fleet.series.map((s) => s.index)) wanted[i] = 1;
  const format = new TimestampFormatter();
  const scale = 10 ** decimals;

  let failure: Error | null = null;
  const onError = (err: Error) => (failure ??= err);
  out.on('error', onError);
  try {
    let chunk = `${CSV_HEADER}\n`;
    let rows = 0;
    const emit = (series: number, ts: number, value: number | null) => {
      if (wanted[series] === 0) return;
      chunk += `${format.iso(ts)}${middle[series]}${formatValue(value, scale)}\n`;
      rows++;
    };
    const from = fleet.now === -Infinity ? 0 : fleet.now + 1;
    const end = from + durationMs - 1; // the last ms covered
    for (let t = from + stepMs - 1; ; t += stepMs) {
      fleet.tick(Math.min(t, end), emit);
      if (chunk.length >= CHUNK_CHARS || t >= end) {
        if (failure) throw failure;
        if (!out.write(chunk)) await once(out, 'drain');
        chunk = '';
      }
      if (t >= end) break;
    }
    if (failure) throw failure;
    return { rows };
  } finally {
    out.off('error', onError);
  }
}

/** Opens a file for writing; resolves once it is open, so a bad path is reported before any work. */
export async function openCsvFile(path: string): Promise<WriteStream> {
  const stream = createWriteStream(path);
  await once(stream, 'open');
  return stream;
}

/** A value as a CSV field: rounded by `scale` (10^decimals), 'NaN', or empty for null. */
export function formatValue(value: number | null, scale: number): string {
  if (value === null) return '';
  if (!Number.isFinite(value)) return String(value); // NaN, Infinity
  return String(Math.round(value * scale) / scale);
}

/**
 * ISO 8601 UTC timestamps, the date-time part computed once per second:
 * at 126,000 rows a second, a Date per row would be most of the work.
 */
export class TimestampFormatter {
  private second = NaN;
  private prefix = '';

  iso(ms: number): string {
    const second = Math.floor(ms / 1000);
    if (second !== this.second) {
      this.second = second;
      this.prefix = new Date(second * 1000).toISOString().slice(0, -5); // without ".000Z"
    }
    const milli = ms - second * 1000;
    if (milli === 0) return `${this.prefix}Z`;
    return `${this.prefix}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
  }
}
