import { readFileSync, writeFileSync } from 'node:fs';
import { parseMeasurementCsv, type CsvRow } from '../../domain/measurement-csv.js';
import { classifyRawValue } from '../../domain/sample-value.js';
import { CHARACTERISTICS, isCharacteristicName } from '../../domain/characteristics.js';
import { SeededRandom } from '../../simulators/random.js';

export interface CsvSeries {
  file: string;
  rows: CsvRow[];
  /** The valid samples in file order with their timestamps (ms): sample index i is valid[i]. */
  valid: Array<{ row: number; ts: number; value: number }>;
  /** Rows the analytics service must reject: not a valid sample (docs/spc-conventions.md), or outside the characteristic's plausible range. */
  bad: CsvRow[];
}

export function readCsvSeries(file: string): CsvSeries {
  const rows = parseMeasurementCsv(readFileSync(file, 'utf8'));
  const valid: CsvSeries['valid'] = [];
  const bad: CsvRow[] = [];
  for (const r of rows) {
    const v = classifyRawValue(r.value);
    const range = isCharacteristicName(r.characteristic) ? CHARACTERISTICS[r.characteristic].plausible : null;
    const plausible = v.ok && range !== null && v.value >= range.min && v.value <= range.max;
    if (v.ok && plausible && !r.malformed) valid.push({ row: r.row, ts: Date.parse(r.ts), value: v.value });
    else bad.push(r);
  }
  return { file, rows, valid, bad };
}

/**
 * A generated series in the CSV format: `n` readings at `periodMs`, with a
 * drift after `driftFrom`, and the given raw texts at chosen rows (bad
 * values for the dead-letter path).
 */
export function writeSeriesCsv(
  file: string,
  o: {
    enterprise: string;
    line: string;
    characteristic: string;
    n: number;
    start: number;
    periodMs: number;
    mean: number;
    sd: number;
    driftFrom?: number;
    driftPerSample?: number;
    seed: number;
    raw?: Record<number, string>;
  },
): CsvSeries {
  const rng = new SeededRandom(o.seed);
  const lines = ['ts,enterprise,line,characteristic,value'];
  for (let i = 0; i < o.n; i++) {
    const drift = o.driftFrom !== undefined && i >= o.driftFrom ? (i - o.driftFrom) * (o.driftPerSample ?? 0) : 0;
    const value = o.raw?.[i] ?? Math.max(0, o.mean + drift + o.sd * rng.normal()).toFixed(5);
    lines.push(`${new Date(o.start + i * o.periodMs).toISOString()},${o.enterprise},${o.line},${o.characteristic},${value}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  return readCsvSeries(file);
}
